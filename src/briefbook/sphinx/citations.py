"""One citation style in the HTML and the PDF: the short label in parentheses, "(Tehran Times 2020, ¶4)".

A paragraph reference (``{para}``) is the label and ¶ number; the analyst puts it in parentheses
(or writes it in a sentence: "see Tehran Times 2020, ¶7"). A ``{cite:p}`` of the bibliography gives
"(UN SC/14277)", several keys "(Reuters, 27 Sep 2025; SunStar 2025)"; ``{cite:alp}`` gives the same
without the parentheses, to share them with paragraph references: "(UN SC/14277; Tehran Times 2020, ¶3)".
The bibliography lists each entry under the same label, without brackets (printing.py, briefbook.css).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinxcontrib.bibtex.plugin import register_plugin
from sphinxcontrib.bibtex.style.referencing import BracketStyle
from sphinxcontrib.bibtex.style.referencing.label import LabelReferenceStyle

from .. import bibstyle
from ..pagecache import code_digest
from .domain import get_domain

#: The one bracket convention: parentheses, several citations separated by semicolons.
PARENTHESES = BracketStyle(left="(", right=")", sep="; ")


def _parentheses() -> BracketStyle:
    return BracketStyle(left=PARENTHESES.left, right=PARENTHESES.right, sep=PARENTHESES.sep)


@dataclass
class ReferenceStyle(LabelReferenceStyle):
    """sphinxcontrib-bibtex's label style with parentheses for every citation role."""

    bracket_textual: BracketStyle = field(default_factory=_parentheses)
    bracket_parenthetical: BracketStyle = field(default_factory=_parentheses)
    bracket_author: BracketStyle = field(default_factory=_parentheses)
    bracket_label: BracketStyle = field(default_factory=_parentheses)
    bracket_year: BracketStyle = field(default_factory=_parentheses)


def register_reference_style() -> None:
    """Make the style known to sphinxcontrib-bibtex as 'briefbook' (config.REQUIRED selects it)."""
    register_plugin("sphinxcontrib.bibtex.style.referencing", "briefbook", ReferenceStyle, force=True)


def remember_entries(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Before sphinxcontrib-bibtex formats the bibliography (env-updated): entries formatted by an earlier build
    with the same code are used again (bibstyle.Style.format_entry); the environment keeps them."""
    kept = get_domain(env).data.setdefault("bibformat", {})
    if kept.get("code") != code_digest():
        kept.clear()
        kept.update(code=code_digest(), entries={})
    bibstyle.FORMATTED = kept["entries"]
    bibstyle.USED = set()
    return []


def forget_unused_entries(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """After formatting: only the entries this build used are kept."""
    if bibstyle.FORMATTED is not None:
        for digest in bibstyle.FORMATTED.keys() - bibstyle.USED:
            del bibstyle.FORMATTED[digest]
    bibstyle.FORMATTED = None
    return []


def setup_citations(app: Sphinx) -> None:
    """Register the reference style before sphinxcontrib-bibtex looks it up (at builder-inited); keep formatted
    entries between builds (sphinxcontrib-bibtex formats them at env-updated, priority 500)."""
    register_reference_style()
    app.connect("env-updated", remember_entries, priority=400)
    app.connect("env-updated", forget_unused_entries, priority=600)
