"""The directives of a generated source page: its paragraphs, notes, headnote and set-aside lines."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

from .domain import book_of
from .nodes import bb_details, bb_related, bb_usedin
from .warnings import Subtype, warn


class SourceDirective(SphinxDirective):
    """Marks the page as the page of one source: ``{bb-source} KEY``."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        book = book_of(self.env)
        if book is not None and book.source(self.arguments[0]) is None:
            warn(f"{{bb-source}} names {self.arguments[0]!r}, which is not a source", Subtype.PARA, self.get_location())
        return []


class ParaDirective(SphinxDirective):
    """One numbered paragraph of a source's body: ``{bb-para} N``; its text is never smart-quoted."""

    required_arguments = 1
    has_content = True
    option_spec = {"line": directives.nonnegative_int}

    def run(self) -> list[nodes.Node]:
        number = int(self.arguments[0])
        ident = f"p-{number}"
        para = nodes.paragraph(classes=["bb-para"])
        para["support_smartquotes"] = False
        para["bb_number"] = number
        anchor = nodes.reference("", f"¶{number}", refid=ident, classes=["bb-paranum"])
        anchor["reftitle"] = f"Link to paragraph {number}"
        para += anchor
        para += nodes.Text(" ")
        for child in self.parse_content_to_nodes():
            para.extend(child.children if isinstance(child, nodes.paragraph) else [child])
        target = nodes.target("", "", ids=[ident])
        self.state.document.note_explicit_target(target)
        container = nodes.container(classes=["bb-para-block"])
        container["support_smartquotes"] = False
        lang = self._language()
        if lang:  # read aloud in its own language: <p lang="ru">, and a Div with /Lang in the tagged PDF
            para["classes"].append(f"language-{lang}")
            container["bb_lang"] = lang
        container += [target, para]
        return [container]


    def _language(self) -> str | None:
        """The source's language (its metadata's `language:`) where it is not the book's."""
        book = book_of(self.env)
        found = book.source_by_slug(self.env.docname.rpartition("/")[2]) if book else None
        lang = found[0].meta.language if found else None
        return lang if lang and lang.split("-")[0] != (self.config.language or "en").split("-")[0] else None


class GroupParagraphIndexEntries(SphinxTransform):
    """Takes the index entries written just before each paragraph (its names) into the paragraph's block.

    Left beside the paragraphs, a page of thousands of them gives its section tens of thousands of
    children, and Sphinx's and docutils' target transforms (which run next) look each target up among
    its siblings: quadratic. Inside the block, each has a handful of siblings. One pass per section."""

    default_priority = 210  # before Sphinx's ReorderConsecutiveTargetAndIndexNodes (220)

    def apply(self, **kwargs: Any) -> None:
        parents = {id(block.parent): block.parent for block in self.document.findall(nodes.container)
                   if "bb-para-block" in block["classes"] and block.parent is not None}
        for parent in parents.values():
            kept: list[nodes.Node] = []
            pending: list[nodes.Node] = []
            for child in parent.children:
                if _is_index_entry(child):
                    pending.append(child)
                    continue
                if isinstance(child, nodes.container) and "bb-para-block" in child["classes"]:
                    for node in pending:
                        node.parent = child
                    child.children[:0] = pending
                else:
                    kept += pending
                kept.append(child)
                pending = []
            parent.children = kept + pending


def _is_index_entry(node: nodes.Node) -> bool:
    """An index node, or the target an index directive puts after it."""
    if isinstance(node, addnodes.index):
        return True
    return (isinstance(node, nodes.target) and bool(node["ids"]) and not node.get("refid") and not node.get("refuri")
            and all(ident.startswith("index-") for ident in node["ids"]))


class NoteDirective(SphinxDirective):
    """An analyst note pinned to a paragraph: in the margin in HTML, a boxed note in print."""

    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        aside = nodes.sidebar(classes=["margin", "bb-note"])
        aside += nodes.title("", f"Analyst note on ¶{self.arguments[0]}")
        aside += self.parse_content_to_nodes()
        return [aside]


class HeadnoteDirective(SphinxDirective):
    """The source card at the top of a source page."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        box = nodes.container(classes=["bb-headnote"])
        box += self.parse_content_to_nodes()
        return [box]


class SetAsideDirective(SphinxDirective):
    """The lines cleaning set aside, collapsed."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        body = self.parse_content_to_nodes()
        count = sum(len(n.children) for n in body if isinstance(n, nodes.bullet_list))
        box = bb_details(summary=f"Lines set aside as page furniture ({count})", classes=["bb-setaside"])
        box["support_smartquotes"] = False
        box += body
        return [box]


class RelatedDirective(SphinxDirective):
    """Where the list of related sources goes."""

    def run(self) -> list[nodes.Node]:
        return [bb_related(docname=self.env.docname)]


class UsedInDirective(SphinxDirective):
    """Where a glossary entry's backlinks go: ``{bb-usedin} TERM``."""

    required_arguments = 1
    final_argument_whitespace = True

    def run(self) -> list[nodes.Node]:
        return [bb_usedin(term=self.arguments[0], docname=self.env.docname)]


def setup_source_pages(app: Sphinx) -> None:
    """Register the source-page directives."""
    for name, cls in [
        ("bb-source", SourceDirective),
        ("bb-para", ParaDirective),
        ("bb-note", NoteDirective),
        ("bb-headnote", HeadnoteDirective),
        ("bb-setaside", SetAsideDirective),
        ("bb-related", RelatedDirective),
        ("bb-usedin", UsedInDirective),
    ]:
        app.add_directive(name, cls)
    app.add_transform(GroupParagraphIndexEntries)
