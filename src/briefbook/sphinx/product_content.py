"""What the brief and the packs hold, filled in when a product's document is resolved.

The brief's key judgments are the overview's "Key judgments" section and its key terms the
glossary entries those judgments mention (each cut to its first sentence), both copied in when
the brief is resolved, so the HTML page ``brief.html`` shows them too. A pack (a source's page
in the LaTeX build) gets the glossary entries its source uses, and loses its "Related sources".
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from ..printing import build_date
from ..products import BRIEF_DOC
from .domain import SOURCES_DIR, book_of
from .nodes import bb_related, bb_usedin

GLOSSARY_DOC = "glossary"
KEY_JUDGMENTS = "key-judgments"


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
#: Words whose full stop does not end a sentence: initials and abbreviations ("U.S. officials", "Art. 25").
_ABBREVIATION = re.compile(r"(?:\b(?:[A-Za-z]\.)+|\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Col|Lt|Adm|Amb|Sen|Rep|St|No|Nos|Art|"
                           r"Arts|para|paras|p|pp|vol|cf|e\.g|i\.e|etc|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|"
                           r"Nov|Dec)\.)$")


def _sentence_end(text: str) -> re.Match[str] | None:
    """The first full stop (or ! or ?) that ends a sentence: not one of an abbreviation or initial."""
    for end in _SENTENCE_END.finditer(text):
        if text[end.start()] != "." or not _ABBREVIATION.search(text[:end.start() + 1]):
            return end
    return None


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
        end = _sentence_end(str(child))
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
        elif self._latex and docname.startswith(f"{SOURCES_DIR}/") and self.document.get("docname") == docname:
            self._pack_glossary()

    @property
    def _latex(self) -> bool:
        return self.env._builder_cls.format == "latex"

    def _fill_brief(self) -> None:
        overview = self.env.get_doctree(self.config.root_doc)
        section = _section(overview, KEY_JUDGMENTS)
        for holder in list(self.document.findall(nodes.container)):
            if "bb-brief-judgments" in holder["classes"]:
                if section is None:
                    holder.replace_self(nodes.paragraph("", "The overview has no \"Key judgments\" section yet: "
                                                        "the brief prints the one in docs/index.md."))
                    continue
                holder.replace_self([_copy_clean(child, BRIEF_DOC) for child in section.children
                                     if isinstance(child, nodes.Element) and not isinstance(child, nodes.title)])
        own = _section(self.document, KEY_JUDGMENTS)  # the brief's judgments, however they were filled in
        for holder in list(self.document.findall(nodes.container)):
            if "bb-brief-terms" in holder["classes"]:
                mentioned = _mentioned_terms(own) if own is not None else []
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


def setup_product_content(app: Sphinx) -> None:
    """The brief's directives and the transform that fills the brief and the packs."""
    app.add_directive("bb-brief-head", BriefHead)
    app.add_directive("bb-brief-judgments", Placeholder)
    app.add_directive("bb-brief-terms", Placeholder)
    app.add_post_transform(ProductContent)
