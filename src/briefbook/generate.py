"""Loaded book -> generated MyST pages and BibTeX in docs/ (the conversion step)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from . import bib, products, redline, render
from .book import Book, load_book
from .errors import Problem
from .folderlock import folder_lock
from .glossary import FILENAME as GLOSSARY_FILE
from .glossary import Linker
from .pagecache import PageCache, cached_render, code_digest, glossary_digest
from .timeline import FILENAME as TIMELINE_FILE
from .timeline import sorted_events
from .write import MANIFEST, WriteReport, refusals, sync

SOURCES_SUBDIR = "sources"
BIBFILE = "book.bib"


def render_book(book: Book, sources_dir: Path, docs_dir: Path, cache: PageCache | None = None,
                group: str = "year") -> dict[Path, str]:
    """Every generated file's path and content; nothing is written here. `group`: how the sources index groups
    the sources (render.GROUPINGS).

    Given a cache (pagecache.py), a source page whose inputs are unchanged is taken from it, not rendered again."""
    files: dict[Path, str] = {}
    out = docs_dir / SOURCES_SUBDIR
    linker = Linker(book.glossary)
    shared = f"{code_digest()}:{glossary_digest(book.glossary)}"
    for source, cleaned in book.sources:
        files[out / f"{source.slug}.md"] = cached_render(
            source, cleaned, shared, cache, lambda s, c: render.source_page(s, c, linker))
    if cache is not None:  # a source taken out of the book leaves the cache too
        for slug in cache.keys() - {source.slug for source, _ in book.sources}:
            del cache[slug]
    if (sources_dir / GLOSSARY_FILE).exists():
        files[docs_dir / "glossary.md"] = render.glossary_page(book.glossary)
    if (sources_dir / TIMELINE_FILE).exists():
        files[docs_dir / "timeline.md"] = render.timeline_page(sorted_events(book.timeline))
    files[out / "index.md"] = render.sources_index(book.sources, group)
    files[docs_dir / f"{products.BRIEF_DOC}.md"] = products.brief_page(book)
    files[docs_dir / BIBFILE] = bib.bibliography(book.sources, book.references)
    if book.edition is not None and redline.has_redline(book.edition):  # the redline page, while there are changes
        files[docs_dir / f"{redline.REDLINE_DOC}.md"] = redline.redline_page(book.edition)
    return files


def _targets(docs_dir: Path) -> tuple[list[Path], list[Path], Path]:
    """Where generated files live: the folders they fill, the other files they may be, and the manifest."""
    pages = ("glossary.md", "timeline.md", BIBFILE, f"{products.BRIEF_DOC}.md", f"{redline.REDLINE_DOC}.md")
    return [docs_dir / SOURCES_SUBDIR], [docs_dir / name for name in pages], docs_dir / MANIFEST


def preflight(book: Book, sources_dir: Path, docs_dir: Path) -> list[Problem]:
    """What would stop the generated files being written (a hand-written file in the way, a generated
    file changed by hand), found without writing anything: `briefbook check` reports it too."""
    return refusals(render_book(book, sources_dir, docs_dir), *_targets(docs_dir))


def generate(sources_dir: Path, docs_dir: Path, book: Book | None = None,
             waiting: Callable[[], None] | None = None, cache: PageCache | None = None,
             group: str = "year") -> WriteReport:
    """Validate the sources (unless given the loaded book), then write the generated files that changed.

    On bad input nothing is written. One process writes into docs/ at a time (waiting() is called
    before waiting for another). `cache`, `group`: see render_book."""
    book = book or load_book(sources_dir)
    files = render_book(book, sources_dir, docs_dir, cache, group)
    with folder_lock(docs_dir, waiting):
        return sync(files, *_targets(docs_dir))
