"""The Sphinx extension: runs generation, and gives the generated pages their directives and roles.

This is the only module that imports Sphinx. Cross-document state (which source
page holds which paragraph, which term is used where, which quotes to check) is
kept in the `bb` domain, cleared per document and merged for parallel builds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from . import bibstyle
from .errors import BriefbookError
from .generate import Book, generate, load_book

logger = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"


#: The loaded book of each Sphinx project (by source folder), for roles and checks; forked readers inherit it.
BOOKS: dict[str, Book] = {}


def book_of(env) -> Book | None:
    """The book loaded for this build environment's project."""
    return BOOKS.get(str(env.srcdir))


def warn(message: str, subtype: str, location: Any) -> None:
    """Log a briefbook warning that `-W` turns into an error and users can silence by subtype."""
    logger.warning(message, type="briefbook", subtype=subtype, location=location)


# --- nodes -----------------------------------------------------------------


class bb_details(nodes.General, nodes.Element):
    """A collapsible block (HTML <details>); printed open, under a heading, elsewhere."""


class bb_related(nodes.General, nodes.Element):
    """Placeholder for the list of related sources, filled in when references are resolved."""


def visit_details_html(self, node: bb_details) -> None:
    summary = self.encode(node["summary"])
    self.body.append(f'<details class="{" ".join(node["classes"])}"><summary>{summary}</summary>\n')


def depart_details_html(self, node: bb_details) -> None:
    self.body.append("</details>\n")


def visit_details_latex(self, node: bb_details) -> None:
    self.body.append(f"\n\\par\\sphinxstylestrong{{{self.encode(node['summary'])}}}\\par\n")


def visit_details_text(self, node: bb_details) -> None:
    self.new_state(0)
    self.add_text(node["summary"])
    self.end_state()


def depart_nothing(self, node: nodes.Element) -> None:
    pass


# --- directives ------------------------------------------------------------


def current_source(directive: SphinxDirective) -> str | None:
    return directive.env.ref_context.get("bb:source")


class SourceDirective(SphinxDirective):
    """Marks the page as the page of one source: ``{bb-source} KEY``."""

    required_arguments = 1
    option_spec = {"paragraphs": directives.nonnegative_int}

    def run(self) -> list[nodes.Node]:
        key = self.arguments[0]
        self.env.ref_context["bb:source"] = key
        domain: BriefbookDomain = self.env.get_domain("bb")  # type: ignore[assignment]
        domain.note_source(key, self.env.docname, self.options.get("paragraphs", 0))
        return []


class ParaDirective(SphinxDirective):
    """One numbered paragraph of a source's body: ``{bb-para} N``; its text is never smart-quoted."""

    required_arguments = 1
    has_content = True
    option_spec = {"line": directives.nonnegative_int}

    def run(self) -> list[nodes.Node]:
        number = int(self.arguments[0])
        ident = f"p-{number}"
        parsed = self.parse_content_to_nodes()
        para = nodes.paragraph(classes=["bb-para"])
        para["support_smartquotes"] = False
        anchor = nodes.reference("", f"¶{number}", refid=ident, classes=["bb-paranum"])
        anchor["reftitle"] = f"Link to paragraph {number}"
        para += anchor
        para += nodes.Text(" ")
        for child in parsed:
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
        number = self.arguments[0]
        aside = nodes.sidebar(classes=["margin", "bb-note"])
        aside += nodes.title("", f"Analyst note on ¶{number}")
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
        box = bb_details(summary=f"Lines set aside as web-page residue ({count})", classes=["bb-setaside"])
        box["support_smartquotes"] = False
        box += body
        return [box]


class RelatedDirective(SphinxDirective):
    """Where the list of related sources goes."""

    def run(self) -> list[nodes.Node]:
        return [bb_related(source=current_source(self))]


# --- roles -----------------------------------------------------------------


class ParaRole(XRefRole):
    """``{para}`KEY:N``` -> a link labelled "Tehran Times 2020, ¶4"."""

    def run(self):
        self.refdomain, self.reftype = "bb", "para"
        self.classes = ["xref", "bb-para-ref"]
        return self.create_xref_node()

    def process_link(self, env, refnode, has_explicit_title, title, target):
        if not has_explicit_title:
            key, _, number = target.rpartition(":")
            book = book_of(env)
            label = book.label(key) if book else None
            title = f"{label or key}, ¶{number}"
        return title, target


# --- domain ----------------------------------------------------------------


class BriefbookDomain(Domain):
    """Where source pages are and what each document refers to, merged across parallel readers."""

    name = "bb"
    label = "briefbook"
    roles = {"para": ParaRole()}
    initial_data: dict[str, Any] = {"sources": {}}
    data_version = 1

    @property
    def sources(self) -> dict[str, tuple[str, int]]:
        return self.data.setdefault("sources", {})

    def note_source(self, key: str, docname: str, paragraphs: int) -> None:
        other = self.sources.get(key)
        if other and other[0] != docname:
            warn(f"source {key!r} is already the source of {other[0]}", "duplicate_source", (docname, None))
        self.sources[key] = (docname, paragraphs)

    def clear_doc(self, docname: str) -> None:
        for key, (doc, _) in list(self.sources.items()):
            if doc == docname:
                del self.sources[key]

    def merge_domaindata(self, docnames: set[str], otherdata: dict[str, Any]) -> None:
        for key, (doc, count) in otherdata.get("sources", {}).items():
            if doc in docnames:
                self.sources[key] = (doc, count)

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        if typ != "para":
            return None
        key, _, number = target.rpartition(":")
        if key not in self.sources:
            warn(f"paragraph reference {target!r}: there is no source with the key {key!r}", "para", node)
            return None
        docname, count = self.sources[key]
        if not number.isdigit() or not 1 <= int(number) <= count:
            warn(f"paragraph reference {target!r}: {key!r} has paragraphs ¶1 to ¶{count}", "para", node)
            return None
        return make_refnode(builder, fromdocname, docname, f"p-{number}", contnode, f"{key}, paragraph {number}")

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        return []

    def get_objects(self):
        for key, (docname, _) in self.sources.items():
            yield key, key, "source", docname, "", 1


# --- events ----------------------------------------------------------------


def run_generation(app: Sphinx, config) -> None:
    """Before anything is read: validate the sources and (re)write the generated pages."""
    if not config.briefbook_sources:
        return
    sources = Path(app.confdir, config.briefbook_sources).resolve()
    try:
        book = BOOKS[str(app.srcdir)] = load_book(sources)
        report = generate(sources, Path(app.srcdir))
    except BriefbookError as exc:
        # Sphinx prints a traceback for any exception; bad input deserves plain messages instead.
        for problem in exc.problems:
            fix = f" Fix: {problem.fix}" if problem.fix else ""
            logger.error(problem.message + fix, type="briefbook", subtype="source",
                         location=f"{problem.path}:{problem.line}" if problem.line else str(problem.path))
        logger.error(f"briefbook: {len(exc.problems)} problem(s) in {sources}; nothing was written.")
        raise SystemExit(2) from None
    logger.info(
        f"briefbook: {len(book.sources)} sources; wrote {len(report.written)} files, "
        f"{len(report.unchanged)} unchanged, removed {len(report.removed)}"
    )


def add_static(app: Sphinx) -> None:
    """Ship briefbook's CSS and JavaScript with the HTML."""
    if app.builder.format == "html":
        app.config.html_static_path.append(str(STATIC))


def fill_related(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace each related-sources placeholder (filled by the glossary step; empty without it)."""
    for node in list(doctree.findall(bb_related)):
        node.replace_self([])


def setup(app: Sphinx) -> dict[str, Any]:
    """Register briefbook with Sphinx."""
    bibstyle.register()
    app.add_config_value("briefbook_sources", "../sources", "env", [str])
    app.add_domain(BriefbookDomain)
    app.add_node(
        bb_details,
        html=(visit_details_html, depart_details_html),
        latex=(visit_details_latex, depart_nothing),
        text=(visit_details_text, depart_nothing),
    )
    app.add_node(bb_related)
    for name, cls in [
        ("bb-source", SourceDirective),
        ("bb-para", ParaDirective),
        ("bb-note", NoteDirective),
        ("bb-headnote", HeadnoteDirective),
        ("bb-setaside", SetAsideDirective),
        ("bb-related", RelatedDirective),
    ]:
        app.add_directive(name, cls)
    app.add_role("para", ParaRole())
    app.connect("config-inited", run_generation, priority=100)
    app.connect("builder-inited", add_static)
    app.connect("doctree-resolved", fill_related)
    app.add_css_file("briefbook.css")
    app.add_js_file("briefbook.js", defer="defer")
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
