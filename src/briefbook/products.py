"""The print products beside the book: the two-page brief and one reading pack per source (no Sphinx).

Sphinx's LaTeX builder writes every product from the same doctrees: the book (the root document
and its parts), the brief (the generated page ``brief.md``: the overview's key judgments, the key
terms and the sources) and, for each source, a pack (its page, and the glossary entries it uses).
This module names them, writes the brief's page, and reads back how long the printed brief is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .book import Book
from .escape import escape_inline
from .judgments import FILENAME as JUDGMENTS_FILE
from .render import header

#: The brief's page (docs/brief.md), generated like the glossary.
BRIEF_DOC = "brief"
BRIEF_TEX = "brief.tex"
PACK_PREFIX = "pack-"
#: The products `briefbook build --format` can make, besides the HTML.
PRINT_FORMATS = ("pdf", "brief", "packs")
#: The brief's parts, in order: (section id on the brief's page, what the analyst edits to shorten it).
BRIEF_PARTS = (
    ("whats-new", "What's new since the last edition (its errata are counted, not listed; mark typo fixes minor in "
                  "sources/changes.yaml)"),
    ("key-judgments", "the key judgments (sources/judgments.yaml: their statements)"),
    ("key-terms", "the key terms (the glossary entries the key judgments mention)"),
    ("sources", "the list of sources"),
)
BRIEF_MAX_PAGES = 2


def pack_tex(slug: str) -> str:
    """The LaTeX file of a source's reading pack."""
    return f"{PACK_PREFIX}{slug}.tex"


def product_of(tex_name: str) -> str:
    """Which product a LaTeX file Sphinx wrote is: "pdf" (the book), "brief" or "packs"."""
    if tex_name == BRIEF_TEX:
        return "brief"
    return "packs" if tex_name.startswith(PACK_PREFIX) else "pdf"


def pdf_path(pdf_dir: Path, tex_name: str) -> Path:
    """Where a product's PDF is published: pdf/briefing-book.pdf, pdf/brief.pdf, pdf/packs/<slug>.pdf."""
    stem = tex_name.removesuffix(".tex")
    if product_of(tex_name) == "packs":
        return pdf_dir / "packs" / f"{stem.removeprefix(PACK_PREFIX)}.pdf"
    return pdf_dir / f"{stem}.pdf"


def brief_page(book: Book) -> str:
    """The brief's MyST page: the judgments' short form (or the overview's "Key judgments" section when
    the book has no judgments.yaml), the glossary entries they mention, and the sources."""
    ordered = sorted(book.sources, key=lambda sc: (sc[0].meta.date, sc[0].slug), reverse=True)
    rows = []
    for src, _ in ordered:
        meta = src.meta
        rows.append(f"- **{escape_inline(src.label)}**: [{escape_inline(meta.title)}](sources/{src.slug}.md). "
                    f"{escape_inline(meta.outlet)}, {escape_inline(meta.date.human())}. <{meta.url}>")
    sources = "\n".join(rows) if rows else "No source has been added yet."
    # The judgments of judgments.yaml in their short form; a book without that file, its overview's section.
    uses_file = bool(book.judgments) or (book.folder / JUDGMENTS_FILE).exists()
    judgments = "```{key-judgments}\n:compact:\n```" if uses_file else ":::{bb-brief-judgments}\n:::"
    return (
        header("sources/judgments.yaml", "docs/index.md", "sources/glossary.yaml", "sources/*.yaml")
        + "# Brief\n\n"
        + ":::{bb-brief-head}\n:::\n\n"
        + f"## Key judgments\n\n{judgments}\n\n"
        + "## Key terms\n\n:::{bb-brief-terms}\n:::\n\n"
        + "## Sources\n\n" + sources + "\n"
    )


@dataclass(frozen=True)
class BriefLength:
    """How many pages the printed brief has, and the page each of its parts starts on."""

    pages: int
    starts: dict[str, int]

    def problem(self) -> str | None:
        """What to shorten when the brief runs past two pages, or None when it fits."""
        if self.pages <= BRIEF_MAX_PAGES:
            return None
        spans = []
        parts = [(ident, what) for ident, what in BRIEF_PARTS if ident in self.starts]
        for n, (ident, what) in enumerate(parts):
            start = self.starts[ident]
            end = self.starts[parts[n + 1][0]] if n + 1 < len(parts) else self.pages
            spans.append((end - start, start, end, what))
        longest = max(spans, default=(0, 1, self.pages, "the brief"))
        lines = "; ".join(f"{what}: pages {start}–{end}" if end > start else f"{what}: page {start}"
                          for _, start, end, what in spans)
        return (f"the brief is {self.pages} pages; it must fit on {BRIEF_MAX_PAGES}. {lines}. The longest is "
                f"{longest[3]}: shorten it (fewer or shorter judgment statements in sources/judgments.yaml, which "
                f"also mention fewer glossary terms; definitions are shortened in sources/glossary.yaml).")


_PAGES = re.compile(r"Output written on .*?\((\d+) pages?")
_LABEL = re.compile(r"\\newlabel\{" + re.escape(BRIEF_DOC) + r":([a-z-]+)\}\{\{[^{}]*\}\{(\d+)\}")


def brief_length(tex: Path) -> BriefLength:
    """Read the page count from LaTeX's log and each part's first page from its .aux file."""
    log = tex.with_suffix(".log").read_text(errors="replace")
    found = _PAGES.findall(log)
    aux = tex.with_suffix(".aux")
    starts: dict[str, int] = {}
    for ident, page in _LABEL.findall(aux.read_text(errors="replace") if aux.exists() else ""):
        starts.setdefault(ident, int(page))
    return BriefLength(int(found[-1]) if found else 0, starts)
