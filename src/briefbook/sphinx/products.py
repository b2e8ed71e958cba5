"""The brief and the reading packs: their LaTeX documents, and what each holds.

One LaTeX build writes every product from the same doctrees (see ``products.py`` in the core):
the book, the brief (``brief.md``) and a pack per source (the source's own page). The brief's
key judgments are the overview's "Key judgments" section and its key terms the glossary entries
those judgments mention, both copied in when the brief is resolved (so the HTML brief page shows
them too); a pack gets the glossary entries its source uses. A link to a page that a printed
product does not hold points into the HTML book when ``html_baseurl`` is set, else it is text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective
from sphinxcontrib.bibtex.nodes import raw_latex

from ..printing import build_date, tex
from ..products import BRIEF_DOC, BRIEF_TEX, pack_tex
from .domain import SOURCES_DIR, book_of
from .nodes import bb_related, bb_usedin
from .warnings import Subtype, warn

LATEX = Path(__file__).resolve().parent.parent / "data" / "latex"
GLOSSARY_DOC = "glossary"
KEY_JUDGMENTS = "key-judgments"


def configure(app: Sphinx, config: Config) -> None:
    """The products' LaTeX themes and classes, and their heads instead of the book's cover, contents and index."""
    config.latex_theme_path = [*config.latex_theme_path, str(LATEX)]
    config.latex_additional_files = [*config.latex_additional_files, str(LATEX / "bbbrief.cls"),
                                     str(LATEX / "bbpack.cls")]
    elements = dict(config.latex_elements)
    for key, default in (("maketitle", r"\sphinxmaketitle"), ("tableofcontents", r"\sphinxtableofcontents"),
                         ("printindex", r"\printindex")):
        head = r"\bbproducthead" if key == "maketitle" else ""
        elements[key] = rf"\ifdefined\bbproduct{head}\else{elements.get(key, default)}\fi"
    as_of = tex(config.briefbook_as_of or build_date())
    book = tex(config.project)
    elements["preamble"] = elements.get("preamble", "") + rf"""
% The brief's and the packs' head (bbbrief.cls and bbpack.cls define \bbproduct).
\makeatletter
\newcommand{{\bbproducthead}}{{%
  {{\sffamily\small\bfseries\bbmarking\par}}\vspace{{0.8em}}%
  {{\sffamily\bfseries\Large\raggedright\@title\par}}\vspace{{0.3em}}%
  \ifx\bbproduct\bbpackname{{\small A reading pack from the briefing book \emph{{{book}}}.
   Information as of {as_of}.\par}}\fi
  \vspace{{0.6em}}\hrule\vspace{{0.8em}}\setcounter{{secnumdepth}}{{-1}}%
  \let\sectionmark\@gobble\markboth{{}}{{}}}}
\def\bbpackname{{pack}}
\makeatother
"""
    config.latex_elements = elements


def add_documents(app: Sphinx) -> None:
    """Besides the book: the brief and a pack for every source, each its own LaTeX document."""
    if app.builder.name != "latex":
        return
    book = book_of(app.env)
    config = app.config
    author = tex(config.author)
    documents: list[Any] = [(BRIEF_DOC, BRIEF_TEX, tex(config.project), author, "briefbook-brief")]
    for source, _ in book.sources if book else []:
        documents.append((f"{SOURCES_DIR}/{source.slug}", pack_tex(source.slug), tex(source.meta.title), author,
                          "briefbook-pack"))
    app.config.latex_documents = [*config.latex_documents, *documents]


def brief_is_orphan(app: Sphinx, doctree: nodes.document) -> None:
    """The brief's page is printed on its own and stays out of the HTML navigation."""
    if app.env.docname == BRIEF_DOC:
        app.env.metadata[BRIEF_DOC]["orphan"] = True


def reread_brief(app: Sphinx, env, added, changed, removed) -> list[str]:
    """The brief shows the overview and glossary: when anything changed, it is resolved again."""
    return [BRIEF_DOC] if (added | changed | removed) and BRIEF_DOC in env.found_docs else []


class BriefHead(SphinxDirective):
    """The brief's first line: the date the information is as of."""

    def run(self) -> list[nodes.Node]:
        as_of = self.config.briefbook_as_of or build_date()
        count = len(book.sources) if (book := book_of(self.env)) else 0
        text = f"Brief: the bottom line of the briefing book, from {count} source{'s' if count != 1 else ''}. " \
               f"Information as of {as_of}."
        return [nodes.paragraph("", text, classes=["bb-brief-head"])]


class Placeholder(SphinxDirective):
    """Where the brief's copied parts go: filled when the brief is resolved."""

    def run(self) -> list[nodes.Node]:
        return [nodes.container(classes=[self.name])]


def _section(doctree: nodes.document, ident: str) -> nodes.section | None:
    return next((s for s in doctree.findall(nodes.section) if ident in s["ids"]), None)


def _copy_clean(node: nodes.Element, docname: str) -> nodes.Element:
    """A copy of another page's nodes for the page docname: its links resolved from there, without index
    entries and "Used in" lists (they belong to the other page)."""
    copy = node.deepcopy()
    for xref in copy.findall(addnodes.pending_xref):
        xref["refdoc"] = docname
    for unwanted in list(copy.findall(lambda n: isinstance(n, (addnodes.index, bb_usedin, bb_related)))):
        unwanted.parent.remove(unwanted)
    return copy


def _mentioned_terms(tree: nodes.Element) -> list[str]:
    """The glossary terms a part of a page links to, lower-cased, in order of first mention."""
    seen: dict[str, None] = {}
    for xref in tree.findall(addnodes.pending_xref):
        if xref.get("refdomain") == "std" and xref.get("reftype") == "term":
            seen.setdefault(xref["reftarget"].lower(), None)
    return list(seen)


def _glossary_entries(env, terms: list[str], compact: bool) -> list[nodes.Element]:
    """Copies of the glossary's entries for these terms (compact: the term and its definition's first paragraph)."""
    std = env.domains.standard_domain
    wanted = {}
    for (kind, name), (docname, labelid) in std.objects.items():
        if kind == "term" and name.lower() in terms and docname == GLOSSARY_DOC:
            wanted[labelid] = terms.index(name.lower())
    if not wanted or GLOSSARY_DOC not in env.all_docs:
        return []
    found = []
    for item in env.get_doctree(GLOSSARY_DOC).findall(nodes.definition_list_item):
        ids = {i for t in item.findall(nodes.term) for i in t["ids"]}
        if ids & wanted.keys():
            copy = _copy_clean(item, env.docname if compact else GLOSSARY_DOC)
            if compact:
                for definition in copy.findall(nodes.definition):
                    for extra in definition.children[1:]:
                        definition.remove(extra)
                    if definition.children and isinstance(definition[0], nodes.paragraph):
                        _first_sentence(definition[0])
                for term in copy.findall(nodes.term):
                    term["ids"] = []
            found.append((min(wanted[i] for i in ids & wanted.keys()), copy))
    return [item for _, item in sorted(found, key=lambda pair: pair[0])]


_SENTENCE_END = re.compile(r"[.!?][”’\"')]*\s+(?=[A-Z0-9“‘\"(])")


def _first_sentence(paragraph: nodes.paragraph) -> None:
    """Cut a definition to its first sentence (its citations come before the full stop), marked with "…"."""
    merged: list[nodes.Node] = []
    for child in paragraph.children:  # MyST gives each line its own Text node: join neighbours first
        if isinstance(child, nodes.Text) and merged and isinstance(merged[-1], nodes.Text):
            merged[-1] = nodes.Text(str(merged[-1]) + str(child))
        else:
            merged.append(child)
    paragraph.clear()
    paragraph.extend(merged)
    for n, child in enumerate(paragraph.children):
        if not isinstance(child, nodes.Text):
            continue
        end = _SENTENCE_END.search(str(child))
        if end is None:
            continue
        before = paragraph.children[:n]  # (Text nodes compare by value: rebuild, never remove one by one)
        paragraph.clear()
        paragraph.extend([*before, nodes.Text(str(child)[:end.start() + 1] + " …")])
        return


def _glossary(items: list[nodes.Element]) -> nodes.Element:
    glossary = addnodes.glossary()
    dlist = nodes.definition_list(classes=["glossary"])
    dlist.extend(items)
    glossary += dlist
    return glossary


class ProductContent(SphinxPostTransform):
    """Fill the brief's parts; give a pack its glossary entries. Runs before references are resolved."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        docname = self.env.docname
        if docname == BRIEF_DOC:
            self._fill_brief()
        elif self.app.builder.format == "latex" and docname.startswith(f"{SOURCES_DIR}/") \
                and self.document.get("docname") == docname:
            self._pack_glossary()
        if self.app.builder.format == "latex":
            # Every page resolves (a link to a page the product lacks is reworked by OutsideLinks).
            self.app.builder.docnames = set(self.env.found_docs)  # type: ignore[attr-defined]

    def _fill_brief(self) -> None:
        overview = self.env.get_doctree(self.config.root_doc)
        section = _section(overview, KEY_JUDGMENTS)
        for holder in list(self.document.findall(nodes.container)):
            if "bb-brief-judgments" in holder["classes"]:
                if section is None:
                    if self.app.builder.format == "latex":
                        warn("the brief prints the overview's key judgments, but the overview has no section "
                             "\"Key judgments\": add one to docs/index.md (a heading `## Key judgments` and the "
                             "judgments under it)", Subtype.BRIEF, location=(self.config.root_doc, 1))
                    holder.replace_self(nodes.paragraph("", "The overview has no key judgments yet."))
                    continue
                holder.replace_self([_copy_clean(child, BRIEF_DOC) for child in section.children
                                     if not isinstance(child, nodes.title)])
        for holder in list(self.document.findall(nodes.container)):
            if "bb-brief-terms" in holder["classes"]:
                mentioned = _mentioned_terms(section) if section is not None else []
                items = _glossary_entries(self.env, mentioned, compact=True)
                holder.replace_self(_glossary(items) if items else
                                    nodes.paragraph("", "The key judgments mention no glossary term."))

    def _pack_glossary(self) -> None:
        items = _glossary_entries(self.env, _mentioned_terms(self.document), compact=False)
        for related in list(self.document.findall(bb_related)):
            related.parent.remove(related)
        if not items:
            return
        section = nodes.section(ids=["bb-pack-glossary"], names=["bb-pack-glossary"])
        section += nodes.title("", "Glossary entries used in this source")
        entries = addnodes.start_of_file(docname=GLOSSARY_DOC)
        entries += _glossary(items)
        section += entries
        top = next(iter(self.document.findall(nodes.section)), None)
        (top or self.document).append(section)


_CITE = re.compile(r"^\\hyperlink\{cite\.(?P<doc>[^:{}]+):(?P<id>[^{}]+)\}\{$")


class OutsideLinks(SphinxPostTransform):
    """In print, a link to a page the PDF does not hold goes to the HTML book (html_baseurl), or is plain text."""

    default_priority = 900
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        labels, docs, refs = _present(self.document, self.document.get("docname", self.env.docname))
        base = (self.config.html_baseurl or "").rstrip("/")
        for ref, doc, ident in refs:
            if (doc, ident) in labels if ident else doc in docs:
                continue
            if base:
                ref["refuri"] = f"{base}/{doc}.html" + (f"#{ident}" if ident else "")
                ref.attributes.pop("refid", None)
            else:
                ref.replace_self(ref.children)
        for raw in list(self.document.findall(raw_latex)):  # sphinxcontrib-bibtex's citation links
            match = _CITE.match(raw.rawsource)
            if match and (match["doc"], match["id"]) not in labels:
                target = f"{base}/{match['doc']}.html#{match['id']}"
                raw.replace_self(raw_latex(r"\href{%s}{" % _url(target) if base else "{"))


def _url(uri: str) -> str:
    return "".join(f"\\{c}" if c in "#%{}\\~_&$^" else c for c in uri)


def _present(document: nodes.document, top: str):
    """Every (page, id) a LaTeX document holds a label for, the pages it holds, and each internal link
    with the (page, id) the LaTeX writer will make of it (a bare refid is relative to the page it sits in)."""
    labels: set[tuple[str, str]] = set()
    docs = {top}
    refs: list[tuple[nodes.reference, str, str]] = []

    def walk(node: nodes.Node, doc: str) -> None:
        if isinstance(node, addnodes.start_of_file):
            doc = node["docname"]
            docs.add(doc)
        if isinstance(node, nodes.Element):
            # Sphinx gathers citations at the end of the document; each keeps the page it came from.
            where = node.get("docname", doc) if isinstance(node, nodes.citation) else doc
            labels.update((where, ident) for ident in node.get("ids", ()))
            if isinstance(node, nodes.reference):
                uri = node.get("refuri", "")
                if uri.startswith("%"):
                    target, _, ident = uri[1:].partition("#")
                    refs.append((node, target, ident))
                elif not uri and node.get("refid"):
                    refs.append((node, doc, node["refid"]))
            for child in node.children:
                walk(child, doc)

    walk(document, top)
    return labels, docs, refs


def setup_products(app: Sphinx) -> None:
    """Register the products' settings, directives and transforms."""
    app.connect("config-inited", configure, priority=120)
    app.connect("builder-inited", add_documents, priority=600)
    app.connect("doctree-read", brief_is_orphan)
    app.connect("env-get-outdated", reread_brief)
    app.add_directive("bb-brief-head", BriefHead)
    app.add_directive("bb-brief-judgments", Placeholder)
    app.add_directive("bb-brief-terms", Placeholder)
    app.add_post_transform(ProductContent)
    app.add_post_transform(OutsideLinks)
