"""The book's parts join the navigation by themselves.

When Sphinx reads the overview (the root document), a hidden toctree is appended with each
part that exists and is not listed there already: the sources, the timeline, the glossary,
and a hand-written references page. A book's overview needs no toctree of its own.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx

from ..generate import SOURCES_SUBDIR
from ..render import directive

#: The parts, in reading order (docnames; each joins when its file exists).
PARTS = (f"{SOURCES_SUBDIR}/index", "timeline", "glossary", "references")


def add_parts(app: Sphinx, docname: str, content: list[str]) -> None:
    """Append a hidden toctree of the parts the root document does not list yet."""
    if docname != app.config.root_doc or not content:
        return
    text = content[0]
    listed = set(re.findall(r"(?m)^\s*([\w./-]+?)(?:\.md)?\s*$", text))
    missing = [part for part in PARTS if part not in listed and Path(app.srcdir, f"{part}.md").exists()]
    if missing:
        content[0] = text.rstrip("\n") + "\n\n" + directive(
            "toctree", body="\n".join(missing), options={"hidden": "", "caption": "Contents", "maxdepth": "1"})


def setup_navigation(app: Sphinx) -> None:
    """Connect the part listing."""
    app.connect("source-read", add_parts)
