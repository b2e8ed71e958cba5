"""The tagged PDF: the LaTeX writer marks headings, lists, tables and notes; every .tex gets ``\\DocumentMetadata``.

The macros it places are defined in ``briefbook.tagging.TAGGING`` (in every document's preamble);
``tagging.add_document_metadata`` switches tagging and PDF/A-2b on in each document the LaTeX
builder writes (the book, and any other entry of ``latex_documents``)."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.writers.latex import LaTeXTranslator

from ..tagging import MAX_TAGGED_LINKS, add_document_metadata, link_count
from .judgments import container_anchor

logger = logging.getLogger(__name__)


class TaggedLaTeXTranslator(LaTeXTranslator):
    """Sphinx's LaTeX writer, with the structure tags tagpdf does not add by itself."""

    # Headings: H1 for the top level of the document (chapter in a manual, section in a how-to).
    def visit_title(self, node: nodes.Element) -> None:
        heading = isinstance(node.parent, nodes.section) and not self.this_is_the_title
        if heading:
            level = min(max(self.sectionlevel - self.top_sectionlevel + 1, 1), 6)
            self.body.append(rf"\bbHeading{{{level}}}")
        node["bb_heading"] = heading
        super().visit_title(node)

    def depart_title(self, node: nodes.Element) -> None:
        super().depart_title(node)
        if node.get("bb_heading"):
            self.body.append(r"\bbHeadingEnd{}")

    # Lists.
    def visit_bullet_list(self, node: nodes.Element) -> None:
        node["bb_tagged"] = not self.compact_list
        if node["bb_tagged"]:
            self.body.append(r"\bbListBegin" + "\n")
        super().visit_bullet_list(node)

    def depart_bullet_list(self, node: nodes.Element) -> None:
        super().depart_bullet_list(node)
        if node.get("bb_tagged"):
            self.body.append(r"\bbListEnd" + "\n")

    def visit_enumerated_list(self, node: nodes.Element) -> None:
        self.body.append(r"\bbListBegin" + "\n")
        super().visit_enumerated_list(node)

    def depart_enumerated_list(self, node: nodes.Element) -> None:
        super().depart_enumerated_list(node)
        self.body.append(r"\bbListEnd" + "\n")

    def visit_definition_list(self, node: nodes.Element) -> None:
        self.body.append(r"\bbListBegin" + "\n")
        super().visit_definition_list(node)

    def depart_definition_list(self, node: nodes.Element) -> None:
        super().depart_definition_list(node)
        self.body.append(r"\bbListEnd" + "\n")

    def visit_list_item(self, node: nodes.Element) -> None:
        tagged = not self.compact_list
        node["bb_tagged"] = tagged
        if tagged:
            self.body.append(r"\bbItemBegin")
        super().visit_list_item(node)

    def depart_list_item(self, node: nodes.Element) -> None:
        if node.get("bb_tagged"):
            self.body.append(r"\bbItemEnd")
        super().depart_list_item(node)

    def visit_definition_list_item(self, node: nodes.Element) -> None:
        self.body.append(r"\bbItemBegin")
        super().visit_definition_list_item(node)

    def depart_definition_list_item(self, node: nodes.Element) -> None:
        self.body.append(r"\bbItemEnd" + "\n")
        super().depart_definition_list_item(node)

    # Tables: tabulary sets every cell twice (a trial, then for real), which would tag it twice. A plain
    # tabular instead, its columns as wide as their longest text suggests (what tabulary would do).
    def visit_table(self, node: nodes.Element) -> None:
        super().visit_table(node)
        if self.table is None:
            return
        self.table.has_problematic = True
        if "colwidths-given" not in self.table.classes:
            for tgroup in node.findall(nodes.tgroup):
                specs = [c for c in tgroup.children if isinstance(c, nodes.colspec)]
                widths = [4] * len(specs)
                for row in tgroup.findall(nodes.row):
                    column = 0
                    for entry in (c for c in row.children if isinstance(c, nodes.entry)):
                        if column < len(widths):
                            widths[column] = min(max(widths[column], len(entry.astext())), 50)
                        column += entry.get("morecols", 0) + 1
                for spec, width in zip(specs, widths, strict=True):
                    spec["colwidth"] = width
                break
            self.table.classes = [*self.table.classes, "colwidths-given"]

    def depart_table(self, node: nodes.Element) -> None:
        assert self.table is not None
        head = "".join(self.table.header)
        self.body.append("\n" + r"\bbTableBegin")
        start = len(self.body)
        super().depart_table(node)
        if head:
            # A long table sets its head twice, the second time for the tops of its next pages: an artifact.
            for i in range(start, len(self.body)):
                first = self.body[i].find(head)
                second = self.body[i].find(head, first + len(head)) if first >= 0 else -1
                if second >= 0:
                    repeated = (head.replace(r"\bbRowBegin", "").replace(r"\bbRowEnd", "")
                                .replace(r"\bbCellBegin{TH}", r"\bbArtifactBegin").replace(r"\bbCellEnd", r"\bbArtifactEnd"))
                    self.body[i] = self.body[i][:second] + repeated + self.body[i][second + len(head):]
        self.body.append(r"\bbTableEnd" + "\n")

    def visit_entry(self, node: nodes.Element) -> None:
        assert self.table is not None
        first = self.table.col == 0
        super().visit_entry(node)
        kind = "TH" if isinstance(node.parent.parent, nodes.thead) else \
            "THrow" if self.table.col in self.table.stubs else "TD"
        self.body.append((r"\bbRowBegin" if first else "") + rf"\bbCellBegin{{{kind}}}")

    def depart_entry(self, node: nodes.Element) -> None:
        assert self.table is not None
        last = self.table.col + node.get("morecols", 0) + 1 >= self.table.colcount
        self.body.append(r"\bbCellEnd" + (r"\bbRowEnd" if last else "") + "\n")
        super().depart_entry(node)

    # An image on a line of its own: a Figure with its alternative text; without one, an artifact.
    # (A paragraph of nothing but an image, as Markdown's ![alt](file) on a line makes, is such an image.)
    def visit_paragraph(self, node: nodes.Element) -> None:
        if len(node.children) == 1 and isinstance(node[0], nodes.image):
            node[0]["bb_alone"] = True
            self.body.append("\n")
            return
        super().visit_paragraph(node)

    def visit_image(self, node: nodes.Element) -> None:
        parent = node.parent if isinstance(node.parent, nodes.reference) else node
        node["bb_block"] = bool(node.get("bb_alone")) or not self.is_inline(parent)
        if node["bb_block"]:
            self.body.append("\n" + rf"\bbFigureBegin{{{figure_alt(node.get('alt', ''))}}}")
        super().visit_image(node)

    def depart_image(self, node: nodes.Element) -> None:
        super().depart_image(node)
        if node.get("bb_block"):
            self.body.append(r"\bbFigureEnd" + "\n")

    # A source's paragraph in another language than the book's (directives.ParaDirective sets bb_lang).
    def visit_container(self, node: nodes.Element) -> None:
        container_anchor(self, node)
        if node.get("bb_lang"):
            self.body.append("\n" + rf"\bbLangBegin{{{node['bb_lang']}}}")
        super().visit_container(node)

    def depart_container(self, node: nodes.Element) -> None:
        super().depart_container(node)
        if node.get("bb_lang"):
            self.body.append(r"\bbLangEnd" + "\n")

    # An analyst note (a sidebar with class bb-note): an Aside.
    def visit_sidebar(self, node: nodes.Element) -> None:
        if "bb-note" in node["classes"]:
            self.body.append("\n" + r"\bbAsideBegin")
        super().visit_sidebar(node)
        if "bb-note" in node["classes"]:
            self.body.append(r"\bbAsideInside" + "\n")

    def depart_sidebar(self, node: nodes.Element) -> None:
        super().depart_sidebar(node)
        if "bb-note" in node["classes"]:
            self.body.append(r"\bbAsideEnd" + "\n")


def figure_alt(text: str) -> str:
    """An image's alternative text as a tag's alt value: one line, TeX's special characters left out."""
    return " ".join("".join(" " if ch in "\\{}$&#^_%~[],=" else ch for ch in text).split())


def notes_after_their_paragraphs(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """In print, each analyst note follows the paragraph it annotates: text, note, text in reading order."""
    if app.builder.format != "latex":
        return
    parents = {id(n.parent): n.parent for n in doctree.findall(nodes.sidebar)
               if "bb-note" in n["classes"] and n.parent is not None}
    for parent in parents.values():
        kept: list[nodes.Node] = []
        pending: list[nodes.Node] = []
        for child in parent.children:
            if isinstance(child, nodes.sidebar) and "bb-note" in child["classes"]:
                pending.append(child)
                continue
            kept.append(child)
            if pending and isinstance(child, nodes.container) and "bb-para-block" in child["classes"]:
                kept += pending
                pending = []
        parent.children = kept + pending


def tag_latex_documents(app: Sphinx, exception: Exception | None) -> None:
    """Switch tagging and PDF/A-2b on in every LaTeX document the builder wrote."""
    if exception is not None or app.builder.name != "latex" or not app.config.briefbook_tagged_pdf:
        return
    for entry in app.config.latex_documents:
        tex = Path(app.outdir) / entry[1]
        if not tex.exists():
            continue
        if (links := link_count(tex)) > MAX_TAGGED_LINKS:
            logger.info(f"{tex.name}: printed untagged: its {links} links are more than the {MAX_TAGGED_LINKS} "
                        "that tagging handles in reasonable time (its cost grows with the square of the links)")
            continue
        add_document_metadata(tex, app.config.language or "en")


def use_tagged_writer(app: Sphinx) -> None:
    """The LaTeX builder writes with TaggedLaTeXTranslator. Registered only for a LaTeX build: the HTML
    theme (pydata-sphinx-theme) adds its accessible HTML writer only when no translator is registered."""
    if app.builder.name == "latex":
        app.set_translator("latex", TaggedLaTeXTranslator, override=True)


def setup_tagged(app: Sphinx) -> None:
    """The tagged PDF: the writer, the notes' order, the metadata line."""
    app.connect("builder-inited", use_tagged_writer)
    app.connect("doctree-resolved", notes_after_their_paragraphs)
    app.connect("build-finished", tag_latex_documents)
