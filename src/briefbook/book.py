"""The loaded book: every source cleaned, the glossary, the timeline and the hand-kept references.

`load_book` is the one entry point that `briefbook check` and the build share: it reads the
sources folder once, runs every check (checks.py) and reports all problems together.
`cached_book` gives the same Book again while no file in the folder has changed.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from pybtex.database import BibliographyData

from . import bib, limits
from .clean import Cleaned, clean
from .errors import BriefbookError, Problem
from .glossary import Glossary, load_glossary
from .load import Source, load_sources
from .timeline import Timeline, load_timeline
from .yamlio import LineMap


@dataclass(frozen=True)
class Book:
    """Everything the pages are rendered from: the cleaned sources, in slug order."""

    folder: Path
    sources: list[tuple[Source, Cleaned]]
    glossary: Glossary
    timeline: Timeline
    references: BibliographyData
    glossary_lines: LineMap = field(default_factory=LineMap)
    timeline_lines: LineMap = field(default_factory=LineMap)

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

    @functools.cached_property
    def paragraphs(self) -> dict[str, int]:
        """Every source key and its number of paragraphs."""
        return {s.key: len(c.paragraphs) for s, c in self.sources}

    @functools.cached_property
    def bib_keys(self) -> set[str]:
        """Every key a citation may name: the sources' and the hand-kept references'."""
        return set(self.paragraphs) | set(self.references.entries)


def cleaned_sources(sources: list[Source]) -> list[tuple[Source, Cleaned]]:
    """Each source with its cleaned text; a source over the page limit (limits.MAX_BLOCKS) is refused."""
    out = [(src, clean(src)) for src in sources]
    problems = [p for p in (limits.blocks_problem(src, cleaned) for src, cleaned in out) if p is not None]
    if problems:
        raise BriefbookError(problems)
    return out


def load_book(folder: Path) -> Book:
    """Load, validate and clean every source, the glossary, the timeline and references.bib;
    then run every cross-check. BriefbookError lists all problems found, each once."""
    from .checks import check_book

    problems: list[Problem] = []
    sources: list[tuple[Source, Cleaned]] = []
    glossary, glossary_lines = Glossary(), LineMap()
    timeline, timeline_lines = Timeline(), LineMap()
    references = BibliographyData()
    steps = [
        ("sources", lambda: cleaned_sources(load_sources(folder))),
        ("glossary", lambda: load_glossary(folder)),
        ("timeline", lambda: load_timeline(folder)),
        ("references", lambda: bib.read_hand_kept(folder / bib.HAND_KEPT)),
    ]
    loaded = {}
    for name, step in steps:
        try:
            loaded[name] = step()
        except BriefbookError as exc:
            problems += exc.problems
    sources = loaded.get("sources", sources)
    glossary, glossary_lines = loaded.get("glossary", (glossary, glossary_lines))
    timeline, timeline_lines = loaded.get("timeline", (timeline, timeline_lines))
    references = loaded.get("references", references)
    book = Book(folder, sources, glossary, timeline, references, glossary_lines, timeline_lines)
    if "sources" in loaded:
        # Cross-checks need the sources; they run even when the glossary or timeline failed.
        problems += check_book(book, glossary_ok="glossary" in loaded, timeline_ok="timeline" in loaded)
    if problems:
        raise BriefbookError(problems)
    return book


def fingerprint(folder: Path) -> str:
    """A digest of the name, size and modification time of every file in the sources folder."""
    h = hashlib.sha256()
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        try:
            st = path.stat()
        except OSError:
            continue
        h.update(f"{path.name}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}\n".encode())
    return h.hexdigest()


_CACHE: dict[Path, tuple[str, Book]] = {}


def cached_book(folder: Path, known: tuple[str, Book] | None = None) -> tuple[str, Book]:
    """(fingerprint, book): loaded again only when a file in the folder changed.

    `known` is a (fingerprint, book) kept elsewhere, for example in a Sphinx environment."""
    folder = folder.resolve()
    now = fingerprint(folder)
    for candidate in (_CACHE.get(folder), known):
        if candidate is not None and candidate[0] == now:
            _CACHE[folder] = candidate
            return candidate
    book = load_book(folder)
    _CACHE[folder] = (now, book)
    return now, book
