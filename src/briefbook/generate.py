"""Sources folder -> generated MyST pages and BibTeX in docs/ (the whole conversion step)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from pybtex.database import BibliographyData

from . import bib, render
from .clean import Cleaned, clean
from .glossary import FILENAME as GLOSSARY_FILE
from .glossary import Glossary, Linker, load_glossary
from .load import Source, load_sources
from .timeline import FILENAME as TIMELINE_FILE
from .timeline import Timeline, load_timeline, sorted_events
from .timeline import check as check_timeline
from .errors import BriefbookError
from .write import WriteReport, sync

SOURCES_SUBDIR = "sources"
BIBFILE = "book.bib"


@dataclass(frozen=True)
class Book:
    """Everything the pages are rendered from: the cleaned sources, in slug order."""

    sources: list[tuple[Source, Cleaned]]
    glossary: Glossary
    timeline: Timeline
    references: BibliographyData

    @functools.cached_property
    def _by_key(self) -> dict[str, tuple[Source, Cleaned]]:
        return {sc[0].key: sc for sc in self.sources}

    def source(self, key: str) -> tuple[Source, Cleaned] | None:
        """The source with this citation key, and its cleaned text."""
        return self._by_key.get(key)

    def label(self, key: str) -> str | None:
        """'Tehran Times 2020' for a key, or None when no source has it."""
        found = self.source(key)
        return found[0].label if found else None


def load_book(sources_dir: Path) -> Book:
    """Load, validate and clean every source and the glossary (BriefbookError lists all problems)."""
    problems = []
    try:
        sources = [(src, clean(src)) for src in load_sources(sources_dir)]
    except BriefbookError as exc:
        problems += exc.problems
    try:
        glossary = load_glossary(sources_dir)
    except BriefbookError as exc:
        problems += exc.problems
    try:
        timeline, node = load_timeline(sources_dir)
    except BriefbookError as exc:
        problems += exc.problems
    if problems:
        raise BriefbookError(problems)
    references = bib.read_hand_kept(sources_dir / bib.HAND_KEPT)
    bib_keys = {s.key for s, _ in sources} | set(references.entries)
    check_timeline(timeline, node, sources_dir / TIMELINE_FILE, {t.term for t in glossary.terms}, bib_keys,
                   {s.key: len(c.paragraphs) for s, c in sources})
    return Book(sources, glossary, timeline, references)


def render_book(book: Book, sources_dir: Path, docs_dir: Path) -> dict[Path, str]:
    """Every generated file's path and content; nothing is written here."""
    files: dict[Path, str] = {}
    out = docs_dir / SOURCES_SUBDIR
    linker = Linker(book.glossary)
    for source, cleaned in book.sources:
        files[out / f"{source.slug}.md"] = render.source_page(source, cleaned, linker)
    if (sources_dir / GLOSSARY_FILE).exists():
        files[docs_dir / "glossary.md"] = render.glossary_page(book.glossary)
    if (sources_dir / TIMELINE_FILE).exists():
        files[docs_dir / "timeline.md"] = render.timeline_page(sorted_events(book.timeline))
    files[out / "index.md"] = render.sources_index(book.sources)
    files[docs_dir / BIBFILE] = bib.bibliography(book.sources, book.references, sources_dir / bib.HAND_KEPT)
    return files


def generate(sources_dir: Path, docs_dir: Path, book: Book | None = None) -> WriteReport:
    """Validate the sources (unless given the loaded book), then write the generated files that changed.

    On bad input nothing is written."""
    book = book or load_book(sources_dir)
    files = render_book(book, sources_dir, docs_dir)
    candidates = [docs_dir / name for name in ("glossary.md", "timeline.md", BIBFILE)]
    return sync(files, [docs_dir / SOURCES_SUBDIR], candidates)
