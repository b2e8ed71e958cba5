"""briefbook: captured sources -> validated records -> MyST pages, BibTeX, glossary -> Sphinx -> HTML and PDF.

The core (every module at this level) does not import Sphinx; the Sphinx side is the
subpackage :mod:`briefbook.sphinx`, which a book's conf.py loads as ``extensions = ["briefbook"]``.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.2.0"


def setup(app: Any) -> dict[str, Any]:
    """Sphinx entry point (``extensions = ["briefbook"]``); imports Sphinx only when Sphinx calls it."""
    from .sphinx import setup as setup_sphinx

    return setup_sphinx(app)
