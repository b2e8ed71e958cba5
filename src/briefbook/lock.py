"""Paragraph locks: each source's paragraphs as they were numbered when cited, so none moves silently.

``sources/<slug>.paras`` records every paragraph of the cleaned text: its number, a short
fingerprint of its text and its first words. `briefbook add` and `briefbook lock` write it; it is
reviewed in version control like the notes. When cleaning, the capture or ``set_aside_lines``
changes, a reference to a paragraph whose text is no longer at its locked number is an error
(checks.py), and `briefbook renumber` (renumber.py) follows each reference to its text.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from .clean import Cleaned
from .errors import BriefbookError, Problem
from .load import LOCK_SUFFIX, Source
from .model import Strict
from .write import write_atomic
from .yamlio import load_yaml, validate

SUFFIX = LOCK_SUFFIX
#: How many characters of a paragraph's start the lock shows (for review; the fingerprint decides).
START = 60


def fingerprint(text: str) -> str:
    """A short hash of a paragraph's text, white space folded (8 hex digits)."""
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()[:8]


def start(text: str, length: int = START) -> str:
    """The first words of a paragraph, for messages and the lock file."""
    words = " ".join(text.split())
    if len(words) <= length:
        return words
    return words[:length].rsplit(" ", 1)[0] + "…"


class LockedPara(Strict):
    """One paragraph as it was locked."""

    n: int = Field(ge=1, description="its number, ¶n")
    fp: str = Field(pattern=r"^[0-9a-f]{8}$", description="fingerprint of its text")
    start: str = Field(default="", description="its first words, for review")


class LockFile(Strict):
    """sources/<slug>.paras."""

    source: str = Field(min_length=1, description="the captured text it locks, <slug>.txt")
    paras: list[LockedPara] = Field(default_factory=list)


@dataclass(frozen=True)
class Lock:
    """A source's locked paragraphs, by number."""

    path: Path
    paras: tuple[LockedPara, ...]

    def at(self, number: int) -> LockedPara | None:
        """The locked paragraph ¶number, or None past the lock's end."""
        return self.paras[number - 1] if 1 <= number <= len(self.paras) else None


def lock_path(source: Source) -> Path:
    """Where a source's lock lives: beside its text, sources/<slug>.paras."""
    return source.txt_path.with_name(source.slug + SUFFIX)


def render_lock(source: Source, cleaned: Cleaned) -> str:
    """The lock file's text: a commented header, then one line per paragraph."""
    rows = "".join(
        # The fingerprint is quoted: unquoted, YAML would read 12345678 or 1e234567 as a number.
        f'  - {{n: {p.number}, fp: "{fingerprint(p.text)}", start: {json.dumps(start(p.text), ensure_ascii=False)}}}\n'
        for p in cleaned.paragraphs
    )
    return (
        f"# Paragraph lock of {source.txt_path.name}, written by `briefbook lock` (see sources/README.md).\n"
        "# Each paragraph's number (n), a fingerprint of its text (fp) and its first words. If a change to\n"
        "# cleaning or to the capture moves a cited paragraph, the build stops; `briefbook renumber` then\n"
        "# makes the references follow their text. Review changes to this file like changes to the notes.\n"
        f"source: {source.txt_path.name}\n"
        f"paras:{chr(10) + rows if rows else ' []' + chr(10)}"
    )


def write_lock(source: Source, cleaned: Cleaned) -> Path:
    """Write (or refresh) the lock of one source, atomically; returns its path."""
    path = lock_path(source)
    content = render_lock(source, cleaned)
    try:
        same = path.read_text(encoding="utf-8") == content
    except OSError:
        same = False
    if not same:
        write_atomic(path, content)
    return path


def read_lock(source: Source) -> Lock | None:
    """The source's lock, or None when it has none (a book older than locks); BriefbookError when unreadable."""
    path = lock_path(source)
    if not path.exists():
        return None
    data, lines = load_yaml(path)
    found = validate(path, LockFile, data, lines)
    problems = []
    if found.source != source.txt_path.name:
        problems.append(Problem(path, f"locks {found.source!r}, not {source.txt_path.name}.", lines.line(("source",)),
                                f"run `briefbook lock {source.slug}` to lock {source.txt_path.name} as it is now."))
    for i, para in enumerate(found.paras):
        if para.n != i + 1:
            problems.append(Problem(path, f"paras[{i}] is numbered {para.n}, but the paragraphs are numbered 1, 2, 3, … "
                                          "in order.", lines.line(("paras", i, "n")),
                                    f"run `briefbook lock {source.slug}` to write the lock again."))
            break
    if problems:
        raise BriefbookError(problems)
    return Lock(path, tuple(found.paras))


@dataclass(frozen=True)
class Move:
    """What became of a locked paragraph: its number now (None when its text is gone)."""

    old: int
    new: int | None
    was: str


def follow(lock: Lock, cleaned: Cleaned) -> dict[int, int | None]:
    """Every locked paragraph's number now, found by its fingerprint (None when no paragraph has its text).

    Identical paragraphs are matched in order: the k-th locked copy goes to the k-th copy now."""
    now: dict[str, list[int]] = {}
    for p in cleaned.paragraphs:
        now.setdefault(fingerprint(p.text), []).append(p.number)
    used: dict[str, int] = {}
    out: dict[int, int | None] = {}
    for para in lock.paras:
        k = used.get(para.fp, 0)
        candidates = now.get(para.fp, [])
        out[para.n] = candidates[k] if k < len(candidates) else None
        used[para.fp] = k + 1
    return out


def unchanged(lock: Lock, cleaned: Cleaned) -> bool:
    """Whether the paragraphs are exactly as locked: same count, same text at every number."""
    return [p.fp for p in lock.paras] == [fingerprint(p.text) for p in cleaned.paragraphs]


def moved(lock: Lock, cleaned: Cleaned, number: int) -> Move | None:
    """How a reference to ¶number is affected: None when its text is still at that number (or when the
    number is past the lock's end: written after the lock, it is checked against today's paragraphs)."""
    locked = lock.at(number)
    if locked is None:
        return None
    if number <= len(cleaned.paragraphs) and fingerprint(cleaned.paragraphs[number - 1].text) == locked.fp:
        return None
    return Move(number, follow(lock, cleaned)[number], locked.start)
