"""briefbook's typed Sphinx warnings: every subtype is listed here, once.

A warning is logged as ``type="briefbook", subtype=<Subtype>``, so `-W` turns it into an error
and a book can silence one kind with ``suppress_warnings = ["briefbook.quote"]``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sphinx.util import logging

from ..errors import Problem
from ..escape import visible

logger = logging.getLogger("briefbook")


class Subtype(StrEnum):
    """The kinds of briefbook warning (README: "Warnings")."""

    SOURCE = "source"
    """A problem in the sources folder (a .txt, .yaml, glossary, timeline or references.bib): the build stops."""
    PARA = "para"
    """A ``{para}`` reference or ``{bb-source}`` link to a source or paragraph that does not exist."""
    QUOTE = "quote"
    """A quotation (``{quote}``, ``{bb-quote}``) that is not in the source it names."""
    MARKUP = "markup"
    """Analyst markup that would insert a file, raw HTML or LaTeX, or an image from outside docs/ (refused)."""
    CONFIG = "config"
    """A conf.py setting briefbook cannot honour (a paper size it does not know, a prerequisite changed)."""
    LIKELIHOOD = "likelihood"
    """A likelihood word outside the book's scale in analyst prose (a word of another scale, or a vague one)."""
    MIXED = "mixed"
    """A likelihood and a confidence level in the same sentence."""
    SOURCING = "sourcing"
    """A key judgment citing no source paragraph, or only sources graded below the threshold without saying so."""
    CONFIDENCE = "confidence"
    """A key judgment of high confidence whose every source is unconfirmed or graded low."""
    ASSUMPTION = "assumption"
    """An assumption written into a judgment's statement, or an assumption that reads as a judgment."""
    CHANGE = "change"
    """A key judgment whose likelihood or confidence changed since the previous edition without saying why."""


def warn(message: str, subtype: Subtype, location: Any = None) -> None:
    """Log a briefbook warning of the given subtype."""
    logger.warning(visible(message), type="briefbook", subtype=subtype.value, location=location)


def report(problem: Problem) -> None:
    """Log one problem of the input as an error at the file and line the analyst edits."""
    fix = f" Fix: {problem.fix}" if problem.fix else ""
    if problem.line:
        logger.error(problem.message + fix, type="briefbook", subtype=Subtype.SOURCE.value,
                     location=visible(f"{problem.path}:{problem.line}"))
    else:
        # A location without a line would be taken for a document name: put the file in the message.
        logger.error(f"{visible(str(problem.path))}: {problem.message}{fix}", type="briefbook", subtype=Subtype.SOURCE.value)
