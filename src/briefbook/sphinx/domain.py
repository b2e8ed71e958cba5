"""The ``bb`` domain: cross-document state, as typed records, cleared per document and merged for -j.

Source pages and paragraph counts are not collected here: they follow from the loaded book
(:func:`book_of`). The domain keeps only what reading the documents finds: where terms are
used, where they are defined, and which sources each page quotes.
"""

from __future__ import annotations

from collections.abc import Set
from typing import Any, ClassVar, NamedTuple, cast

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment
from sphinx.util.nodes import make_refnode

from ..book import Book
from ..generate import SOURCES_SUBDIR
from ..refs import para_problem, parse_target
from .warnings import Subtype, warn

#: Where generation writes the source pages (docs/sources/<slug>.md): one name, generate.py's.
SOURCES_DIR = SOURCES_SUBDIR


class Usage(NamedTuple):
    """One mention of a glossary term in a document."""

    term: str  #: the term, lower-cased
    anchor: str  #: the id of the paragraph or section it is in
    label: str  #: "¶4" or the section's title


class Definition(NamedTuple):
    """Where a term is defined, and its definition as plain text (for hover titles)."""

    docname: str
    text: str


class BookState(NamedTuple):
    """The loaded book and the fingerprint of the sources folder it was loaded from."""

    fingerprint: str
    book: Book


def source_docname(book: Book, key: str) -> str | None:
    """The page of the source with this key (generation writes docs/sources/<slug>.md)."""
    found = book.source(key)
    return f"{SOURCES_DIR}/{found[0].slug}" if found else None


class BriefbookDomain(Domain):
    """What each document refers to, merged across parallel readers."""

    name = "bb"
    label = "briefbook"
    initial_data: ClassVar[dict[str, Any]] = {"usage": {}, "definitions": {}, "quoted": {}, "hashes": {}, "book": None,
                                              "refers": {}, "index_entries": {}, "rendered": {}, "pages": {},
                                              "marked": {}}
    data_version = 8

    #: Data kept per document: docname -> value.
    BY_DOC = ("usage", "quoted", "refers", "index_entries", "rendered", "marked")
    #: Data kept per object: key -> record whose first field is the docname.
    BY_OBJECT = ("definitions",)

    @property
    def usage(self) -> dict[str, list[Usage]]:
        """docname -> every term reference in it."""
        return self.data.setdefault("usage", {})

    @property
    def definitions(self) -> dict[str, Definition]:
        """term id -> where and how it is defined."""
        return self.data.setdefault("definitions", {})

    @property
    def quoted(self) -> dict[str, list[str]]:
        """docname -> keys of the sources it quotes (re-read when their text changes)."""
        return self.data.setdefault("quoted", {})

    @property
    def refers(self) -> dict[str, list[str]]:
        """docname -> keys of the sources it links to ({para}, {quote}): rewritten when their paragraphs change."""
        return self.data.setdefault("refers", {})

    @property
    def index_entries(self) -> dict[str, list[tuple[str, str, str]]]:
        """docname -> its index entries as the search index lists them (see search.py)."""
        return self.data.setdefault("index_entries", {})

    @property
    def rendered(self) -> dict[str, dict[str, str]]:
        """docname -> what its {key-judgments}, {likelihood-scale} and {source-weights} rendered (a digest
        each): read again when the book would render them otherwise."""
        return self.data.setdefault("rendered", {})

    @property
    def marked(self) -> dict[str, list[str]]:
        """docname -> the ids of the changes marked on it (changemarks.py), in the order they are."""
        return self.data.setdefault("marked", {})

    @property
    def pages(self) -> dict[str, tuple[str, str]]:
        """source slug -> (digest of its inputs, its rendered MyST page): see pagecache.py."""
        return self.data.setdefault("pages", {})

    @property
    def hashes(self) -> dict[str, str]:
        """source key -> SHA-256 of its text at the last build."""
        return self.data.setdefault("hashes", {})

    @property
    def state(self) -> BookState | None:
        """The book this build was generated from."""
        return self.data.get("book")

    @state.setter
    def state(self, value: BookState) -> None:
        self.data["book"] = value

    def clear_doc(self, docname: str) -> None:
        for name in self.BY_DOC:
            self.data.setdefault(name, {}).pop(docname, None)
        for name in self.BY_OBJECT:
            table = self.data.setdefault(name, {})
            for key in [k for k, record in table.items() if record[0] == docname]:
                del table[key]

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for name in self.BY_DOC:
            self.data.setdefault(name, {}).update(
                {doc: value for doc, value in otherdata.get(name, {}).items() if doc in docnames})
        for name in self.BY_OBJECT:
            self.data.setdefault(name, {}).update(
                {key: record for key, record in otherdata.get(name, {}).items() if record[0] in docnames})

    def resolve_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder, typ: str, target: str,
                     node: pending_xref, contnode: nodes.Element) -> nodes.reference | None:
        if typ not in ("para", "source") or self.state is None:
            return None
        book = self.state.book
        ref = parse_target(target)
        problem = "it is not of the form key or key:N" if ref is None else para_problem(ref, book.paragraphs)
        if ref is None or problem:
            warn(f"reference {target!r}: {problem}", Subtype.PARA, node)
            return None
        docname = cast(str, source_docname(book, ref.key))
        if ref.para is None:
            return make_refnode(builder, fromdocname, docname, "", contnode, book.label(ref.key))
        return make_refnode(builder, fromdocname, docname, f"p-{ref.para}", contnode, f"{ref.key}, paragraph {ref.para}")

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        return []

    def get_objects(self):
        if self.state is None:
            return
        for source, _ in self.state.book.sources:
            yield source.key, source.key, "source", f"{SOURCES_DIR}/{source.slug}", "", 1


def get_domain(env: BuildEnvironment) -> BriefbookDomain:
    """The bb domain of a build environment (the one typed accessor)."""
    return cast(BriefbookDomain, env.get_domain("bb"))


def book_of(env: BuildEnvironment) -> Book | None:
    """The book this build environment was generated from (None before generation)."""
    state = get_domain(env).state
    return state.book if state else None
