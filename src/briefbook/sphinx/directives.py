"""The directives of a generated source page: its paragraphs, notes, headnote and set-aside lines."""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
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
        container += [target, para]
        return [container]


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
