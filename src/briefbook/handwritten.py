"""The hand-written pages of a book's docs/ folder (the overview, references.md, …): which they are, their
text, and a fingerprint that changes when one does."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import BriefbookError, Problem
from .write import is_generated
from .yamlio import read_text


@dataclass(frozen=True)
class Page:
    """A hand-written page of docs/ and its text."""

    path: Path
    text: str


def hand_written(docs: Path, skip: Iterable[Path] = ()) -> list[Path]:
    """The hand-written .md pages of a Sphinx project: not generated, not in _build or hidden folders."""
    skipped = [s.resolve() for s in skip]
    out = []
    for path in sorted(docs.rglob("*.md")):
        rel = path.relative_to(docs).parts
        if any(part.startswith(("_", ".")) for part in rel[:-1]) or rel[-1].startswith("."):
            continue
        if any(s == path.resolve() or s in path.resolve().parents for s in skipped):
            continue
        if path.is_file() and not is_generated(path):
            out.append(path)
    return out


def read_pages(docs: Path, skip: Iterable[Path] = ()) -> tuple[list[Page], list[Problem]]:
    """The hand-written pages and their text; a page that is not UTF-8 is a problem."""
    pages, problems = [], []
    for path in hand_written(docs, skip):
        try:
            pages.append(Page(path, read_text(path)))
        except BriefbookError as exc:
            problems += exc.problems
    return pages, problems


def pages_fingerprint(docs: Path | None, skip: Iterable[Path] = ()) -> str:
    """A digest of the name, size and modification time of every hand-written page."""
    h = hashlib.sha256()
    for path in hand_written(docs, skip) if docs is not None and docs.is_dir() else []:
        st = path.stat()
        h.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}\n".encode())
    return h.hexdigest()
