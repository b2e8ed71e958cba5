"""The loaded book: every source cleaned, the glossary, the timeline and the hand-kept references.

`load_book` is the one entry point that `briefbook check` and the build share: it reads the
sources folder (and the Sphinx project's hand-written pages) once, runs every check (checks.py)
and reports all problems together. `cached_book` gives the same Book again while no file in the
folder and no hand-written page has changed.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

from pybtex.database import BibliographyData

from . import bib, limits
from .clean import Cleaned, clean
from .editions import State, folder_of
from .errors import BriefbookError, Problem
from .glossary import Glossary, load_glossary
from .handwritten import Page, pages_fingerprint, read_pages
from .judgments import Judgment, Judgments, load_judgments
from .load import RESERVED, Source, default_key, load_sources
from .lock import Lock, read_lock
from .timeline import Timeline, load_timeline
from .yamlio import LineMap, load_yaml


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
    #: The Sphinx project whose hand-written pages were read (None: the sources folder alone).
    docs: Path | None = None
    pages: tuple[Page, ...] = ()
    #: Each source's paragraph lock (lock.py), by citation key; a source without one has no entry.
    locks: dict[str, Lock] = field(default_factory=dict)
    #: What could not be loaded ("sources", "glossary", "timeline", "references"): checks that need it whole
    #: are skipped, so that one mistake is reported once, not again by everything that refers to it.
    incomplete: frozenset[str] = frozenset()
    #: Citation keys of sources that failed to load (references to them are not reported as unknown).
    pending_keys: frozenset[str] = frozenset()
    #: sources/judgments.yaml: the key judgments, the likelihood scale and the grade threshold.
    judgment_data: Judgments = field(default_factory=Judgments)
    judgment_lines: LineMap = field(default_factory=LineMap)
    #: Where the book stands against its published editions (editions.py); None: none published.
    edition: State | None = None

    @property
    def judgments(self) -> list[Judgment]:
        """The key judgments, bottom line first."""
        return self.judgment_data.judgments

    @functools.cached_property
    def _by_key(self) -> dict[str, tuple[Source, Cleaned]]:
        return {sc[0].key: sc for sc in self.sources}

    @functools.cached_property
    def _by_slug(self) -> dict[str, tuple[Source, Cleaned]]:
        return {sc[0].slug: sc for sc in self.sources}

    def source_by_slug(self, slug: str) -> tuple[Source, Cleaned] | None:
        """The source whose files are <slug>.txt and <slug>.yaml (its page is sources/<slug>)."""
        return self._by_slug.get(slug)

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


def load_book(folder: Path, docs: Path | None = None, previous: Book | None = None) -> Book:
    """Load, validate and clean every source, the glossary, the timeline and references.bib (and, given
    the Sphinx project, its hand-written pages); then run every cross-check. BriefbookError lists all
    problems found, each once. `previous`: the book as loaded before (see gather)."""
    book, problems = gather(folder, docs, previous)
    if problems:
        raise BriefbookError(problems)
    return book


def _cleaned(src: Source, before: dict[str, tuple[Source, Cleaned]]) -> Cleaned:
    """The source's cleaned text: as cleaned before when everything cleaning reads is the same, else cleaned now."""
    old = before.get(src.slug)
    if old is not None and (old[0].sha256, old[0].text, old[0].meta, old[0].left_out, old[0].residue_path) == \
            (src.sha256, src.text, src.meta, src.left_out, src.residue_path):
        return old[1]
    return clean(src)


def gather(folder: Path, docs: Path | None = None, previous: Book | None = None) -> tuple[Book, list[Problem]]:
    """The book as far as it loads, and every problem found in one pass (what `briefbook lock`,
    `renumber` and `paras` work from when the book has problems).

    `previous`: the book as loaded before from the same folder; a source whose files hold the same text is
    not parsed and cleaned again (its records are reused), and every check runs again."""
    before = {src.slug: (src, cleaned) for src, cleaned in previous.sources} \
        if previous is not None and previous.folder == folder else {}
    from .checks import check_book

    problems: list[Problem] = []
    incomplete: set[str] = set()
    loaded: list[Source] = []
    try:
        reported: list[Problem] = []
        loaded = load_sources(folder, reported, {slug: sc[0] for slug, sc in before.items()})
        problems += reported
    except BriefbookError as exc:  # not a folder
        problems += exc.problems
        incomplete.add("sources")
    sources = [(src, _cleaned(src, before)) for src in loaded]
    over = [p for p in (limits.blocks_problem(src, cleaned) for src, cleaned in sources) if p is not None]
    if over:  # a page over the limit is refused (Sphinx's cost grows with it); its references are not checked
        problems += over
        incomplete.add("sources")
    pending = _pending_keys(folder, {s.slug for s in loaded}, incomplete) if problems else set()
    glossary, glossary_lines = Glossary(), LineMap()
    timeline, timeline_lines = Timeline(), LineMap()
    references = BibliographyData()
    steps = [
        ("glossary", lambda: load_glossary(folder, problems)),
        ("timeline", lambda: load_timeline(folder)),
        ("references", lambda: bib.read_hand_kept(folder / bib.HAND_KEPT)),
        ("judgments", lambda: load_judgments(folder)),
    ]
    parts = {}
    for name, step in steps:
        try:
            parts[name] = step()
        except BriefbookError as exc:
            problems += exc.problems
            incomplete.add(name)
    glossary, glossary_lines = parts.get("glossary", (glossary, glossary_lines))
    timeline, timeline_lines = parts.get("timeline", (timeline, timeline_lines))
    references = parts.get("references", references)
    judgment_data, judgment_lines = parts.get("judgments", (Judgments(), LineMap()))
    locks = {}
    for src, _ in sources:
        try:
            found = read_lock(src)
        except BriefbookError as exc:
            problems += exc.problems
            continue
        if found is not None:
            locks[src.key] = found
    pages: list[Page] = []
    if docs is not None:
        if docs.is_dir():
            pages, unreadable = read_pages(docs, skip=[folder])
            problems += unreadable
        else:
            problems.append(Problem(docs, "is not a folder: the Sphinx project (with conf.py) was expected here.",
                                    None, "pass --docs DIR pointing at the folder with conf.py and index.md."))
    book = Book(folder, sources, glossary, timeline, references, glossary_lines, timeline_lines, docs, tuple(pages),
                locks, frozenset(incomplete), frozenset(pending), judgment_data, judgment_lines)
    if folder.is_dir():
        problems += check_book(book)
        book, more = _edition(book)
        problems += more
    # Each once, in the order of the files and lines the analyst edits.
    return book, sorted(dict.fromkeys(problems), key=lambda p: (str(p.path), p.line or 0))


def _edition(book: Book) -> tuple[Book, list[Problem]]:
    """The book with its standing against the published editions, and what is wrong there."""
    from .editions import capture_problems, state_of
    from .snapshot import snapshot

    problems = capture_problems(book.sources, book.folder)
    try:
        state = state_of(lambda: snapshot(book, book.folder.parent), book.folder)
    except BriefbookError as exc:
        return book, problems + list(exc.problems)
    if state is None:
        return book, problems
    return replace(book, edition=state), problems + list(state.problems)


def _pending_keys(folder: Path, loaded: set[str], incomplete: set[str]) -> set[str]:
    """The citation keys of sources that did not load, as far as their metadata says; when it cannot
    be read, every unknown key is possibly theirs ("sources" is marked incomplete)."""
    keys: set[str] = set()
    stems = {p.stem for p in folder.glob("*.yaml")} - {Path(name).stem for name in RESERVED} - loaded
    for stem in sorted(stems):
        try:
            data, _ = load_yaml(folder / f"{stem}.yaml")
            if isinstance(data.get("key"), str):
                keys.add(data["key"])
            else:
                keys.add(default_key(str(data["outlet"]), int(str(data["date"])[:4])))
        except (BriefbookError, AttributeError, KeyError, ValueError, TypeError):
            incomplete.add("sources")
    return keys


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


def editions_fingerprint(sources: Path) -> str:
    """A digest of the published editions' records (a new edition changes what the book says of itself)."""
    h = hashlib.sha256()
    for path in sorted(folder_of(sources).glob("*/*.json")):
        st = path.stat()
        h.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


_CACHE: dict[tuple[Path, Path | None], tuple[str, Book]] = {}


def cached_book(folder: Path, known: tuple[str, Book] | None = None, docs: Path | None = None) -> tuple[str, Book]:
    """(fingerprint, book): loaded again only when a file in the sources folder or a hand-written page changed.

    `known` is a (fingerprint, book) kept elsewhere, for example in a Sphinx environment."""
    folder = folder.resolve()
    docs = docs.resolve() if docs is not None else None
    now = fingerprint(folder) + pages_fingerprint(docs, skip=[folder]) + editions_fingerprint(folder)
    for candidate in (_CACHE.get((folder, docs)), known):
        if candidate is not None and candidate[0] == now:
            _CACHE[(folder, docs)] = candidate
            return candidate
    earlier = known or _CACHE.get((folder, docs))
    book = load_book(folder, docs, earlier[1] if earlier else None)
    _CACHE[(folder, docs)] = (now, book)
    return now, book
