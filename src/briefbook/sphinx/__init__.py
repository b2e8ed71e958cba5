"""The Sphinx extension: runs generation, and gives the generated pages their directives and roles.

This is the only module that imports Sphinx. Cross-document state (which source
page holds which paragraph, which term is used where, which quotes to check) is
kept in the `bb` domain, cleared per document and merged for parallel builds.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole
from sphinx.util.nodes import make_refnode

from .. import bibstyle
from ..errors import BriefbookError
from ..generate import Book, generate, load_book
from ..printing import PAPERS, PrintSettings, latex_elements
from ..quotes import check_quote

logger = logging.getLogger(__name__)
STATIC = Path(__file__).parent.parent / "static"


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


class bb_usedin(nodes.General, nodes.Element):
    """Placeholder for a glossary entry's "Used in" backlinks, filled in when references are resolved."""


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
        para["bb_number"] = number
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
        return [bb_related(docname=self.env.docname)]


class UsedInDirective(SphinxDirective):
    """Where a glossary entry's backlinks go: ``{bb-usedin} TERM``."""

    required_arguments = 1
    final_argument_whitespace = True

    def run(self) -> list[nodes.Node]:
        return [bb_usedin(term=self.arguments[0], docname=self.env.docname)]


class QuoteDirective(SphinxDirective):
    """A block quotation checked against its source: ``{bb-quote} KEY:N`` (or KEY), words as content."""

    required_arguments = 1
    has_content = True
    option_spec = {"speaker": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        target = self.arguments[0]
        body = self.parse_content_to_nodes()
        words = " ".join(n.astext() for n in body)
        verify_quote(self.env, self.get_location(), words, target)
        quote = nodes.block_quote(classes=["bb-quote"])
        quote["support_smartquotes"] = False
        quote += body
        attribution = nodes.attribution()
        if self.options.get("speaker"):
            attribution += nodes.Text(self.options["speaker"] + ", ")
        attribution += source_xref(self.env, target)
        quote += attribution
        return [quote]


# --- roles -----------------------------------------------------------------


def source_xref(env, target: str) -> addnodes.pending_xref:
    """A link to a source (KEY) or one of its paragraphs (KEY:N), labelled "Tehran Times 2020, ¶4"."""
    key, _, number = target.partition(":")
    book = book_of(env)
    label = (book.label(key) if book else None) or key
    text = f"{label}, ¶{number}" if number else label
    xref = addnodes.pending_xref("", refdomain="bb", reftype="para" if number else "source", reftarget=target,
                                 refdoc=env.docname, refexplicit=True, refwarn=True)
    xref += nodes.inline(text, text, classes=["xref", "bb-para-ref"])
    return xref


def verify_quote(env, location: str | None, words: str, target: str) -> None:
    """Warn (subtype 'quote') unless the words occur in the source or paragraph named by target."""
    key, _, number = target.partition(":")
    domain: BriefbookDomain = env.get_domain("bb")  # type: ignore[assignment]
    domain.quoted.setdefault(env.docname, [])
    if key not in domain.quoted[env.docname]:
        domain.quoted[env.docname].append(key)
    book = book_of(env)
    found = book.source(key) if book else None
    if found is None:
        warn(f"quotation “{words}” names {key!r}, which is not a source", "quote", location)
        return
    source, cleaned = found
    if number:
        if not number.isdigit() or not 1 <= int(number) <= len(cleaned.paragraphs):
            warn(f"quotation “{words}” names ¶{number} of {key!r}, which has ¶1 to ¶{len(cleaned.paragraphs)}",
                 "quote", location)
            return
        haystack, where = cleaned.paragraphs[int(number) - 1].text, f"{source.label}, ¶{number}"
    else:
        haystack, where = source.text, source.label
    result = check_quote(haystack, words)
    if not result.found:
        warn(f"quotation not found in {where}: “{words}”; the closest passage is “{result.closest}”", "quote", location)


class QuoteRole(SphinxRole):
    """``{quote}`words <KEY:N>``` -> “words” (Tehran Times 2020, ¶4), checked against the source."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        m = re.fullmatch(r"(?s)(?P<words>.+?)\s*<(?P<target>[a-z0-9-]+(?::[0-9]+)?)>", self.text)
        if not m:
            warn(f"quotation {self.text!r} needs a source: write {{quote}}`words <key:N>`", "quote", self.get_location())
            return [nodes.inline(self.rawtext, self.text)], []
        words = " ".join(m["words"].split())
        verify_quote(self.env, self.get_location(), words, m["target"])
        node = nodes.inline(self.rawtext, "", classes=["bb-quote"])
        node["support_smartquotes"] = False
        node += nodes.Text(f"“{words}” (")
        node += source_xref(self.env, m["target"])
        node += nodes.Text(")")
        return [node], []


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


PARA_ROLE = ParaRole(innernodeclass=nodes.inline)


class BriefbookDomain(Domain):
    """Where source pages are and what each document refers to, merged across parallel readers."""

    name = "bb"
    label = "briefbook"
    roles = {"para": PARA_ROLE}
    initial_data: dict[str, Any] = {"sources": {}, "usage": {}, "definitions": {}, "quoted": {}, "hashes": {}}
    data_version = 3

    @property
    def sources(self) -> dict[str, tuple[str, int]]:
        return self.data.setdefault("sources", {})

    @property
    def usage(self) -> dict[str, list[tuple[str, str, str]]]:
        """docname -> [(term, anchor id, paragraph label)] for every term reference in it."""
        return self.data.setdefault("usage", {})

    @property
    def definitions(self) -> dict[str, tuple[str, str]]:
        """term id -> (docname, definition text) for hover titles."""
        return self.data.setdefault("definitions", {})

    @property
    def quoted(self) -> dict[str, list[str]]:
        """docname -> keys of the sources it quotes (re-read when their text changes)."""
        return self.data.setdefault("quoted", {})

    def note_source(self, key: str, docname: str, paragraphs: int) -> None:
        other = self.sources.get(key)
        if other and other[0] != docname:
            warn(f"source {key!r} is already the source of {other[0]}", "duplicate_source", (docname, None))
        self.sources[key] = (docname, paragraphs)

    #: Data kept per document: docname -> value.
    BY_DOC = ("usage", "quoted")
    #: Data kept per object: key -> (docname, …).
    BY_OBJECT = ("sources", "definitions")

    def clear_doc(self, docname: str) -> None:
        # Kept (outside the pickled data) to find, after reading, the pages whose backlinks change.
        self.__dict__.setdefault("previous_usage", {})[docname] = self.usage.get(docname, [])
        for name in self.BY_DOC:
            self.data.setdefault(name, {}).pop(docname, None)
        for name in self.BY_OBJECT:
            table = self.data.setdefault(name, {})
            for key in [k for k, value in table.items() if value[0] == docname]:
                del table[key]

    def merge_domaindata(self, docnames: set[str], otherdata: dict[str, Any]) -> None:
        for name in self.BY_DOC:
            self.data.setdefault(name, {}).update(
                {doc: value for doc, value in otherdata.get(name, {}).items() if doc in docnames})
        for name in self.BY_OBJECT:
            self.data.setdefault(name, {}).update(
                {key: value for key, value in otherdata.get(name, {}).items() if value[0] in docnames})

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        if typ == "source":
            if target not in self.sources:
                warn(f"there is no source with the key {target!r}", "para", node)
                return None
            return make_refnode(builder, fromdocname, self.sources[target][0], "", contnode, target)
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
        report = generate(sources, Path(app.srcdir), book)
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


def configure_print(app: Sphinx, config) -> None:
    """Fill in the LaTeX look of the briefing; anything set in conf.py's latex_elements wins."""
    if config.briefbook_paper not in PAPERS:
        warn(f"briefbook_paper is {config.briefbook_paper!r}; expected one of {sorted(PAPERS)}", "config", "conf.py")
    settings = PrintSettings(
        title=config.project, subtitle=config.briefbook_subtitle, editor=config.briefbook_editor or config.author,
        marking=config.briefbook_marking, paper=config.briefbook_paper, subject=config.briefbook_subject,
        keywords=", ".join(config.briefbook_keywords),
    )
    config.latex_elements = {**latex_elements(settings), **(config.latex_elements or {})}


def accessible_body(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Give the citation list valid list items (docutils writes role="doc-biblioentry", which axe flags)."""
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def add_static(app: Sphinx) -> None:
    """Ship briefbook's CSS and JavaScript with the HTML."""
    if app.builder.format == "html":
        app.config.html_static_path.append(str(STATIC))


def _anchor(node: nodes.Node) -> tuple[str, str]:
    """The id of the source paragraph or section a node sits in, and its label (¶N, or the section title)."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.paragraph) and "bb_number" in parent:
            return f"p-{parent['bb_number']}", f"¶{parent['bb_number']}"
        if isinstance(parent, nodes.section) and parent["ids"]:
            top = not isinstance(parent.parent, nodes.section)
            title = "" if top else parent.next_node(nodes.title).astext()
            return parent["ids"][0], title
        parent = parent.parent
    return "", ""


def _plain(node: nodes.Node) -> str:
    """A definition's text for a tooltip: citations and index entries left out."""
    parts = []
    for child in node.findall(nodes.Text):
        if any(isinstance(a, addnodes.pending_xref) and a.get("refdomain") == "cite" for a in _ancestors(child)):
            continue
        parts.append(child.astext())
    return " ".join("".join(parts).split()).replace(" .", ".").replace(" ,", ",")


def _ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node


def collect(app: Sphinx, doctree: nodes.document) -> None:
    """After reading a document: note where it uses terms, and the definitions it gives."""
    domain: BriefbookDomain = app.env.get_domain("bb")  # type: ignore[assignment]
    docname = app.env.docname
    uses = []
    for xref in doctree.findall(addnodes.pending_xref):
        if xref.get("refdomain") == "std" and xref.get("reftype") == "term":
            anchor, label = _anchor(xref)
            uses.append((xref["reftarget"].lower(), anchor, label))
    domain.usage[docname] = uses
    for glossary in doctree.findall(addnodes.glossary):
        for item in glossary.findall(nodes.definition_list_item):
            terms = [t for t in item.findall(nodes.term) if t["ids"]]
            definition = next(iter(item.findall(nodes.definition)), None)
            if definition is None:
                continue
            first = next(iter(definition.findall(nodes.paragraph)), None)
            text = _plain(first) if first is not None else ""
            for term in terms:
                domain.definitions[term["ids"][0]] = (docname, text)


def pages_quoting_changed_sources(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Before reading: pages that quote a source whose captured text changed must be checked again."""
    book = book_of(env)
    if book is None:
        return []
    domain: BriefbookDomain = env.get_domain("bb")  # type: ignore[assignment]
    now = {source.key: source.sha256 for source, _ in book.sources}
    before = domain.data.get("hashes", {})
    domain.data["hashes"] = now
    moved = {key for key in set(now) | set(before) if now.get(key) != before.get(key)}
    return [doc for doc, keys in domain.quoted.items() if moved & set(keys)]


def pages_to_rewrite(app: Sphinx, env) -> list[str]:
    """After reading: the unchanged pages whose "Used in" or "Related sources" lists now differ."""
    domain: BriefbookDomain = env.get_domain("bb")  # type: ignore[assignment]
    previous = domain.__dict__.pop("previous_usage", {})
    changed: set[str] = set()
    for doc, before in previous.items():
        after = domain.usage.get(doc, [])
        if before != after:
            # A term whose uses changed: its glossary entry, and the related-sources lists naming it.
            changed |= {t for t, _, _ in set(before) ^ set(after)}
    if not changed:
        return []
    glossaries = {doc for doc, _ in domain.definitions.values()}
    related = {doc for doc, uses in domain.usage.items() if changed & {t for t, _, _ in uses}}
    return sorted((glossaries | related) - set(previous))


RELATED_MAX = 8


def fill_placeholders(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Fill "Used in" and "Related sources", and give term links their definition as a title."""
    env = app.env
    domain: BriefbookDomain = env.get_domain("bb")  # type: ignore[assignment]
    labels = {doc: key for key, (doc, _) in domain.sources.items()}
    book = book_of(env)
    label_cache: dict[str, str] = {}

    def page_label(doc: str) -> str:
        if doc not in label_cache:
            key = labels.get(doc)
            found = book.label(key) if book and key else None
            label_cache[doc] = found or (env.titles[doc].astext() if doc in env.titles else doc)
        return label_cache[doc]

    glossary_docs = {doc for doc, _ in domain.definitions.values()}
    # The LaTeX builder resolves the whole book as one doctree: link from the page a node came from.
    for node in list(doctree.findall(bb_usedin)):
        here = node.get("docname", docname)
        term = node["term"].lower()
        para = nodes.paragraph(classes=["bb-usedin"])
        para += nodes.emphasis("", "Used in: ")
        refs = []
        for doc in sorted(set(domain.usage) - glossary_docs, key=lambda d: (d not in labels, page_label(d), d)):
            seen = []
            for used, anchor, label in domain.usage[doc]:
                if used == term and (anchor, label) not in seen:
                    seen.append((anchor, label))
            for anchor, label in seen:
                text = f"{page_label(doc)}, {label}" if label else page_label(doc)
                ref = make_refnode(app.builder, here, doc, anchor, nodes.Text(text))
                refs.append(ref)
        if not refs:
            para += nodes.Text("no page of the book yet.")
        for i, ref in enumerate(refs):
            if i:
                para += nodes.Text(", ")
            para += ref
        node.replace_self(para)

    names = {t.term.lower(): t.term for t in book.glossary.terms} if book else {}
    # Term sets of every page, computed once per writing process (usage no longer changes then).
    termsets: dict[str, frozenset[str]] = domain.__dict__.setdefault("_termsets", {})

    def terms_of(doc: str) -> frozenset[str]:
        if doc not in termsets:
            termsets[doc] = frozenset(t for t, _, _ in domain.usage.get(doc, []))
        return termsets[doc]

    for node in list(doctree.findall(bb_related)):
        here = node.get("docname", docname)
        mine = terms_of(here)
        related = []
        for doc in labels:
            if doc == here:
                continue
            shared = mine & terms_of(doc)
            if shared:
                related.append((-len(shared), page_label(doc), doc, shared))
        if not related:
            node.replace_self([])
            continue
        section = nodes.container(classes=["bb-related"])
        section += nodes.rubric("", "Related sources")
        items = nodes.bullet_list()
        # The sources sharing the most terms with this one; a list of hundreds would help no reader.
        for _, label, doc, shared in sorted(related)[:RELATED_MAX]:
            item = nodes.paragraph()
            item += make_refnode(app.builder, here, doc, "", nodes.Text(label))
            title = env.titles[doc].astext() if doc in env.titles else ""
            shared_names = sorted(names.get(t, t) for t in shared)
            item += nodes.Text(f": {title} (shares {', '.join(shared_names)})")
            items += nodes.list_item("", item)
        section += items
        node.replace_self(section)

    for inline in list(doctree.findall(nodes.inline)):
        if "std-term" in inline["classes"] and isinstance(inline.parent, nodes.reference):
            ref = inline.parent
            ident = (ref.get("refuri") or "").rpartition("#")[2] or ref.get("refid", "")
            if ident in domain.definitions:
                ref["reftitle"] = domain.definitions[ident][1]
                ref["classes"].append("bb-term")


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


def _root_toctrees(node: nodes.Element):
    """(parent, wrapper) for the root document's own toctrees, not those of the files it includes."""
    for child in node.children:
        if isinstance(child, addnodes.start_of_file):
            continue
        if isinstance(child, nodes.compound) and "toctree-wrapper" in child["classes"]:
            yield node, child
        elif isinstance(child, nodes.Element):
            yield from _root_toctrees(child)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register briefbook with Sphinx."""
    bibstyle.register()
    app.add_config_value("briefbook_sources", "../sources", "env", [str])
    app.add_config_value("briefbook_subtitle", "", "env", [str])
    app.add_config_value("briefbook_editor", "", "env", [str])
    app.add_config_value("briefbook_marking", "", "env", [str])
    app.add_config_value("briefbook_paper", "a4", "env", [str])
    app.add_config_value("briefbook_subject", "", "env", [str])
    app.add_config_value("briefbook_keywords", [], "env", [list])
    app.add_domain(BriefbookDomain)
    app.add_node(
        bb_details,
        html=(visit_details_html, depart_details_html),
        latex=(visit_details_latex, depart_nothing),
        text=(visit_details_text, depart_nothing),
    )
    app.add_node(bb_related)
    app.add_node(bb_usedin)
    for name, cls in [
        ("bb-source", SourceDirective),
        ("bb-para", ParaDirective),
        ("bb-note", NoteDirective),
        ("bb-headnote", HeadnoteDirective),
        ("bb-setaside", SetAsideDirective),
        ("bb-related", RelatedDirective),
        ("bb-usedin", UsedInDirective),
        ("bb-quote", QuoteDirective),
    ]:
        app.add_directive(name, cls)
    app.add_role("para", PARA_ROLE)
    app.add_role("quote", QuoteRole())
    app.connect("config-inited", run_generation, priority=100)
    app.connect("config-inited", configure_print, priority=110)
    app.connect("builder-inited", add_static)
    app.connect("html-page-context", accessible_body)
    app.connect("doctree-read", collect)
    app.connect("env-updated", pages_to_rewrite)
    app.connect("env-get-outdated", pages_quoting_changed_sources)
    app.connect("doctree-resolved", fill_placeholders)
    app.connect("doctree-resolved", hoist_parts)
    app.add_css_file("briefbook.css")
    app.add_js_file("briefbook.js", defer="defer")
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 4}
