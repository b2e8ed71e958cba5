"""The printed book: LaTeX settings from conf.py's briefbook_* values, and its chapter structure."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config

from ..printing import latex_elements
from ..reproducible import add_trailer_id
from .config import BriefbookConfig


def configure_print(app: Sphinx, config: Config) -> None:
    """Fill in the LaTeX look of the briefing; anything set in conf.py's latex_elements wins."""
    settings = BriefbookConfig.from_sphinx(config).print_settings(config)
    config.latex_elements = {**latex_elements(settings), **(config.latex_elements or {})}


def hoist_parts(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """In print, make the parts the overview's toctree includes chapters, not subsections of its last section.

    The LaTeX builder inlines each toctree entry where the toctree stands: at the end of the
    overview's last section. Moving the included files up to the top section puts them after
    the overview, at its level.
    """
    if app.builder.format != "latex" or docname != app.config.root_doc:
        return
    top = next(iter(doctree.findall(nodes.section)), None)
    if top is None:
        return
    for parent, wrapper in list(_root_toctrees(top)):
        if parent is not top:
            parent.remove(wrapper)
            top += wrapper
    _overview_as_one_chapter(top)


def _overview_as_one_chapter(top: nodes.section) -> None:
    """The overview's own text and sections become one chapter, "Overview", ahead of the parts.

    The LaTeX writer takes the root document's title for the cover and would make each of its
    sections a chapter of its own, leaving its opening lines alone on a page."""
    title = top.next_node(nodes.title)
    own = [child for child in top.children if child is not title
           and not (isinstance(child, nodes.compound) and "toctree-wrapper" in child["classes"])]
    if not own:
        return
    overview = nodes.section(ids=["bb-overview"], names=["bb-overview"])
    overview += nodes.title("", "Overview")
    for child in own:
        top.remove(child)
        overview += child
    top.insert(top.index(title) + 1 if title is not None else 0, overview)

def index_entries_beside_terms(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """In print, move a glossary term's index entry out of the term into its definition.

    Sphinx writes a term inside the argument of ``\\sphinxlineitem``, where TeX has already read the
    entry, so ``S\\sphinxhyphen{}400`` reaches the index as ``S\\sphinxhyphen {}400``: a second
    "S-400" beside the one of its mentions. Set in the definition's text, the entry is written as
    every other, and the index has each term once with all its pages."""
    if app.builder.format != "latex":
        return
    for term in list(doctree.findall(nodes.term)):
        entries = [child for child in term.children if isinstance(child, addnodes.index)]
        item = term.parent
        definition = next((c for c in item.children if isinstance(c, nodes.definition)), None) if item else None
        first = definition.next_node(nodes.paragraph) if definition is not None else None
        if not entries or first is None:
            continue
        for entry in reversed(entries):
            term.remove(entry)
            first.insert(0, entry)


def compact_glossary(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """In print, set the glossary at 10 pt (its class, bb-glossary, is a LaTeX environment of printing.py)."""
    if app.builder.format != "latex":
        return
    for glossary in list(doctree.findall(addnodes.glossary)):
        box = nodes.container(classes=["bb-glossary"])
        glossary.replace_self(box)
        box += glossary


def _root_toctrees(node: nodes.Element):
    """(parent, wrapper) for the root document's own toctrees, not those of the files it includes."""
    for child in node.children:
        if isinstance(child, addnodes.start_of_file):
            continue
        if isinstance(child, nodes.compound) and "toctree-wrapper" in child["classes"]:
            yield node, child
        elif isinstance(child, nodes.Element):
            yield from _root_toctrees(child)


def fixed_trailer_ids(app: Sphinx, exception: Exception | None) -> None:
    """Give every LaTeX document's PDF a /ID made from its text, not from where and when it was built (after
    tagged.py's metadata line, so the /ID covers it too)."""
    if exception is not None or app.builder.name != "latex":
        return
    for entry in app.config.latex_documents:
        tex = Path(app.outdir) / entry[1]
        if tex.exists():
            add_trailer_id(tex)


def setup_latex(app: Sphinx) -> None:
    """Connect the print settings (after config.enforce), the chapter hoisting and the fixed PDF /IDs."""
    app.connect("config-inited", configure_print, priority=110)
    app.connect("doctree-resolved", hoist_parts)
    app.connect("doctree-resolved", index_entries_beside_terms)
    app.connect("doctree-resolved", compact_glossary)
    app.connect("build-finished", fixed_trailer_ids, priority=900)
