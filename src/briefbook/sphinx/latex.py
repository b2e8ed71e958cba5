"""The printed book: LaTeX settings from conf.py's briefbook_* values, and its chapter structure."""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config

from ..printing import latex_elements
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

def _root_toctrees(node: nodes.Element):
    """(parent, wrapper) for the root document's own toctrees, not those of the files it includes."""
    for child in node.children:
        if isinstance(child, addnodes.start_of_file):
            continue
        if isinstance(child, nodes.compound) and "toctree-wrapper" in child["classes"]:
            yield node, child
        elif isinstance(child, nodes.Element):
            yield from _root_toctrees(child)


def setup_latex(app: Sphinx) -> None:
    """Connect the print settings (after config.enforce) and the chapter hoisting."""
    app.connect("config-inited", configure_print, priority=110)
    app.connect("doctree-resolved", hoist_parts)
