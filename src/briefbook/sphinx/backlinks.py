"""Backlinks: each glossary entry's "Used in", each source's "Related sources", and term hover titles.

After reading, every document's term mentions are noted (``doctree-read``); once all are read
the pages whose output changes are written again (``env-updated``: their lists, hover titles,
paragraph links or navigation); when a doctree is resolved
the placeholders are filled and term links get their definition as a title.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import NamedTuple

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.nodes import make_refnode

from ..products import BRIEF_DOC
from ..refs import parse_target
from .domain import SOURCES_DIR, Definition, Usage, book_of, get_domain
from .nodes import bb_related, bb_usedin
from .related import RelatedIndex

#: A source page lists at most this many related sources (those sharing the most terms).
RELATED_MAX = 8


def _anchor(node: nodes.Node) -> tuple[str, str]:
    """The id of the source paragraph or section a node sits in, and its label (¶N, or the section title)."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.paragraph) and "bb_number" in parent:
            return f"p-{parent['bb_number']}", f"¶{parent['bb_number']}"
        if isinstance(parent, nodes.section) and parent["ids"]:
            top = not isinstance(parent.parent, nodes.section)
            heading = parent.next_node(nodes.title)
            title = "" if top or heading is None else heading.astext()
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
    """After reading a document: note where it uses terms, the definitions it gives, the sources it links to."""
    domain = get_domain(app.env)
    docname = app.env.docname
    uses = []
    refers = set()
    # The brief restates the judgments in short: it is not a page that "uses" a term or a source.
    for xref in doctree.findall(addnodes.pending_xref) if docname != BRIEF_DOC else ():
        if xref.get("refdomain") == "std" and xref.get("reftype") == "term":
            anchor, label = _anchor(xref)
            uses.append(Usage(xref["reftarget"].lower(), anchor, label))
        elif xref.get("refdomain") == "bb" and (target := parse_target(xref.get("reftarget", ""))) is not None:
            refers.add(target.key)
    domain.usage[docname] = uses
    domain.refers[docname] = sorted(refers)
    for glossary in doctree.findall(addnodes.glossary):
        for item in glossary.findall(nodes.definition_list_item):
            definition = next(iter(item.findall(nodes.definition)), None)
            if definition is None:
                continue
            first = next(iter(definition.findall(nodes.paragraph)), None)
            text = _plain(first) if first is not None else ""
            for term in (t for t in item.findall(nodes.term) if t["ids"]):
                domain.definitions[term["ids"][0]] = Definition(docname, text)


class Shown(NamedTuple):
    """What pages show of other pages; when a part changes, the pages that show it are written again."""

    #: term -> every (page, anchor, label) that uses it: glossary "Used in" lists, "Related sources".
    uses: dict[str, tuple[tuple[str, str, str], ...]]
    #: term id -> its definition as plain text: the hover title of every link to it.
    definitions: dict[str, str]
    #: source key -> (label, paragraph count): {para} links to it, and whether they resolve.
    sources: dict[str, tuple[str, int]]
    #: every page's title, contents and toctree, and book.bib: every page's navigation and citations.
    everywhere: str


def shown(app: Sphinx, env: BuildEnvironment) -> Shown:
    """What the pages show of each other now that every document is read."""
    domain = get_domain(env)
    uses: dict[str, list[tuple[str, str, str]]] = {}
    for doc in sorted(domain.usage):
        for use in domain.usage[doc]:
            uses.setdefault(use.term, []).append((doc, use.anchor, use.label))
    book = book_of(env)
    sources = {s.key: (s.label, len(c.paragraphs)) for s, c in book.sources} if book else {}
    digest = hashlib.sha256()
    for doc in sorted(env.all_docs):
        title = env.titles[doc].astext() if doc in env.titles else ""
        contents = env.tocs[doc].astext() if doc in env.tocs else ""
        digest.update(f"{doc}\0{title}\0{contents}\0{env.toctree_includes.get(doc, [])}\n".encode())
    bibfile = Path(app.srcdir, "book.bib")
    digest.update(bibfile.read_bytes() if bibfile.is_file() else b"")
    return Shown({t: tuple(u) for t, u in uses.items()}, {i: d.text for i, d in domain.definitions.items()}, sources,
                 digest.hexdigest())


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """After reading: the pages not read again whose output changes with what was read, to be written again.

    A full build of the same files writes every page; these are the pages in which it would differ."""
    domain = get_domain(env)
    then: Shown | None = domain.data.get("shown")
    now = domain.data["shown"] = shown(app, env)
    domain.data["termsets"] = {doc: frozenset(u.term for u in uses) for doc, uses in domain.usage.items()}
    app.builder._bb_backlinks = None  # type: ignore[attr-defined]  # made again from what was read
    if not isinstance(then, Shown):
        return []  # a first build writes every page
    if then.everywhere != now.everywhere:
        return sorted(env.all_docs)
    pages: set[str] = set()
    terms = {t for t in then.uses.keys() | now.uses.keys() if then.uses.get(t) != now.uses.get(t)}
    if terms or then.definitions != now.definitions:
        users = {doc for doc, uses in domain.usage.items() if uses}
        pages |= {d.docname for d in domain.definitions.values()}
        pages |= users if then.definitions != now.definitions else \
            {doc for doc, uses in domain.usage.items() if terms & {u.term for u in uses}}
    moved = {key for key in then.sources.keys() | now.sources.keys() if then.sources.get(key) != now.sources.get(key)}
    pages |= {doc for doc, keys in domain.refers.items() if moved & set(keys)}
    return sorted(pages & set(env.all_docs))


class _Labels:
    """Page labels for lists: a source page's citation label, else its title."""

    def __init__(self, env: BuildEnvironment):
        self.env = env
        book = book_of(env)
        self.sources = {f"{SOURCES_DIR}/{s.slug}": s.label for s, _ in book.sources} if book else {}
        self.glossaries = {d.docname for d in get_domain(env).definitions.values()}
        self._cache: dict[str, str] = {}

    def __call__(self, doc: str) -> str:
        if doc not in self._cache:
            title = self.env.titles[doc].astext() if doc in self.env.titles else doc
            self._cache[doc] = self.sources.get(doc, title)
        return self._cache[doc]


def _used_in(app: Sphinx, node: bb_usedin, here: str, labels: _Labels) -> nodes.paragraph:
    domain = get_domain(app.env)
    term = node["term"].lower()
    glossary_docs = labels.glossaries
    state: Shown | None = domain.data.get("shown")
    by_doc: dict[str, list[tuple[str, str]]] = {}
    for doc, anchor, where in state.uses.get(term, ()) if state else ():
        if doc not in glossary_docs:
            by_doc.setdefault(doc, []).append((anchor, where))
    para = nodes.paragraph(classes=["bb-usedin"])
    para += nodes.emphasis("", "Used in: ")
    refs = []
    for doc in sorted(by_doc, key=lambda d: (d not in labels.sources, labels(d), d)):
        for anchor, where in dict.fromkeys(by_doc[doc]):
            text = f"{labels(doc)}, {where}" if where else labels(doc)
            refs.append(make_refnode(app.builder, here, doc, anchor, nodes.Text(text)))
    if not refs:
        para += nodes.Text("no page of the book yet.")
    for i, ref in enumerate(refs):
        if i:
            para += nodes.Text(", ")
        para += ref
    return para


def _related(app: Sphinx, here: str, labels: _Labels) -> list[nodes.Node]:
    made = _per_build(app)
    found = made.related.related(here, RELATED_MAX)
    if not found:
        return []
    names = made.names
    section = nodes.container(classes=["bb-related"])
    section += nodes.rubric("", "Related sources")
    items = nodes.bullet_list()
    for doc, shared in found:
        item = nodes.paragraph()
        item += make_refnode(app.builder, here, doc, "", nodes.Text(labels(doc)))
        title = app.env.titles[doc].astext() if doc in app.env.titles else ""
        item += nodes.Text(f": {title} (shares {', '.join(sorted(names.get(t, t) for t in shared))})")
        items += nodes.list_item("", item)
    section += items
    return [section]


class _PerBuild(NamedTuple):
    """What every page's lists read, made once per build after reading (not once per page: that grows with N)."""

    labels: _Labels
    related: RelatedIndex
    #: each glossary term's name as written, by its lower-case form
    names: dict[str, str]


def _per_build(app: Sphinx) -> _PerBuild:
    made: _PerBuild | None = getattr(app.builder, "_bb_backlinks", None)
    if made is None:
        labels = _Labels(app.env)
        termsets: dict[str, frozenset[str]] = get_domain(app.env).data.get("termsets", {})
        order = sorted(labels.sources, key=lambda doc: (labels(doc), doc))
        book = book_of(app.env)
        names = {t.term.lower(): t.term for t in book.glossary.terms} if book else {}
        made = _PerBuild(labels, RelatedIndex(termsets, order), names)
        app.builder._bb_backlinks = made  # type: ignore[attr-defined]
    return made


def fill_placeholders(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Fill "Used in" and "Related sources", and give term links their definition as a title."""
    labels = _per_build(app).labels
    # The LaTeX builder resolves the whole book as one doctree: link from the page a node came from.
    for node in list(doctree.findall(bb_usedin)):
        node.replace_self(_used_in(app, node, node.get("docname", docname), labels))
    for related in list(doctree.findall(bb_related)):
        related.replace_self(_related(app, related.get("docname", docname), labels))
    definitions = get_domain(app.env).definitions
    for inline in list(doctree.findall(nodes.inline)):
        if "std-term" in inline["classes"] and isinstance(inline.parent, nodes.reference):
            ref = inline.parent
            ident = (ref.get("refuri") or "").rpartition("#")[2] or ref.get("refid", "")
            if ident in definitions:
                ref["reftitle"] = definitions[ident].text
                ref["classes"].append("bb-term")


def setup_backlinks(app: Sphinx) -> None:
    """Connect the backlink events."""
    app.connect("doctree-read", collect)
    app.connect("env-updated", pages_to_rewrite)
    app.connect("doctree-resolved", fill_placeholders)
