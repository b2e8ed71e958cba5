"""Make references follow their text after a source's paragraphs moved (`briefbook renumber`).

The lock (lock.py) says which text each paragraph number held; the current cleaning says where
that text is now. `plan` finds every reference to the source in the analyst's files (the notes'
and quotations' ``para:``, the timeline's and the key judgments' ``sources:``, ``{para}``, ``{quote}`` and ``{bb-quote}``
in any text or page) and rewrites its number; nothing else in a file changes. The caller shows
the diff and writes it (write.write_atomic) only when told to.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .analyst import find
from .book import Book
from .errors import BriefbookError, Problem
from .glossary import FILENAME as GLOSSARY_FILE
from .judgments import FILENAME as JUDGMENTS_FILE
from .lock import follow, lock_path
from .mentions import Ref
from .timeline import FILENAME as TIMELINE_FILE
from .write import write_atomic


@dataclass
class Plan:
    """What renumbering one source changes."""

    slug: str
    key: str
    #: Every locked paragraph's number now (None: its text is gone).
    mapping: dict[int, int | None]
    #: path -> (text now, text after renumbering), for the files that change.
    files: dict[Path, tuple[str, str]] = field(default_factory=dict)
    #: (reference, its new paragraph) for each reference that follows its text.
    followed: list[tuple[Ref, int]] = field(default_factory=list)
    #: References whose text is no longer in the source: to be corrected by hand.
    lost: list[Ref] = field(default_factory=list)

    def diff(self) -> str:
        """A unified diff of every file that changes."""
        out: list[str] = []
        for path, (before, after) in sorted(self.files.items()):
            out += difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                        f"a/{path}", f"b/{path}")
        return "".join(out)


def analyst_files(book: Book) -> list[Path]:
    """Every file an analyst writes references in: the sources' metadata, glossary, timeline, judgments and pages."""
    files = [s.yaml_path for s, _ in book.sources]
    files += [p for p in (book.folder / GLOSSARY_FILE, book.folder / TIMELINE_FILE, book.folder / JUDGMENTS_FILE)
              if p.exists()]
    return files + [page.path for page in book.pages]


def _role_edits(text: str, key: str, moves: dict[int, int]) -> list[tuple[int, int, str]]:
    """Edits of the paragraph numbers of {para}, {quote} and {bb-quote} references to key."""
    number = rf"(?<![\w-]){re.escape(key)}:(?P<n>\d+)(?!\d)"
    edits = []
    for m in re.finditer(r"\{(?:para|quote)\}(?P<ticks>`+)(?P<body>.+?)(?<!`)(?P=ticks)(?!`)", text, re.S):
        body_start = m.start("body")
        for n in re.finditer(number + r"(?=>?\s*$)", m["body"]):
            if int(n["n"]) in moves:
                edits.append((body_start + n.start("n"), body_start + n.end("n"), str(moves[int(n["n"])])))
    for m in re.finditer(rf"\{{bb-quote\}}[ \t]+{number}", text):
        if int(m["n"]) in moves:
            edits.append((m.start("n"), m.end("n"), str(moves[int(m["n"])])))
    return edits


def _line_edits(text: str, lines: Iterable[int], pattern: str, moves: dict[int, int]) -> list[tuple[int, int, str]]:
    """Edits of the numbers matched by pattern (group n) on the given lines."""
    starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
    edits = []
    for line in sorted(set(lines)):
        if not 1 <= line <= len(starts):
            continue
        begin = starts[line - 1]
        end = starts[line] - 1 if line < len(starts) else len(text)
        for m in re.finditer(pattern, text[begin:end]):
            if int(m["n"]) in moves:
                edits.append((begin + m.start("n"), begin + m.end("n"), str(moves[int(m["n"])])))
    return edits


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, new in sorted(set(edits), reverse=True):
        text = text[:start] + new + text[end:]
    return text


def plan(book: Book, slug_or_key: str, chosen: dict[int, int] | None = None) -> Plan:
    """The renumbering of one source (by slug or citation key); BriefbookError when it has no lock.

    `chosen` says, for a locked paragraph whose text is gone, which paragraph its references cite
    now (the analyst's decision: `briefbook renumber SLUG --map 4=3`)."""
    found = next(((s, c) for s, c in book.sources if slug_or_key in (s.slug, s.key)), None)
    if found is None:
        names = ", ".join(s.slug for s, _ in book.sources)
        raise BriefbookError([Problem(book.folder, f"has no source {slug_or_key!r}.", None,
                                      f"name one of its sources: {names}.")])
    source, cleaned = found
    lock = book.locks.get(source.key)
    if lock is None:
        raise BriefbookError([Problem(lock_path(source), "does not exist: the paragraphs were never locked, so "
                                      "there is nothing to follow.", None,
                                      f"check the references by hand (`briefbook paras {source.slug}` lists the "
                                      f"paragraphs), then run `briefbook lock {source.slug}`.")])
    mapping = follow(lock, cleaned)
    problems = [Problem(lock.path, f"--map {old}={new}: ¶{old} " + (
                    f"is not a locked paragraph (¶1 to ¶{len(mapping)})." if old not in mapping else
                    f"still has its text, now ¶{mapping[old]}: it follows it." if mapping[old] is not None else
                    f"cannot go to ¶{new}: the text has ¶1 to ¶{len(cleaned.paragraphs)}."), None,
                    f"map only paragraphs whose text is gone, to one of ¶1 to ¶{len(cleaned.paragraphs)}.")
                for old, new in (chosen or {}).items()
                if old not in mapping or mapping[old] is not None or not 1 <= new <= len(cleaned.paragraphs)]
    if problems:
        raise BriefbookError(problems)
    mapping.update(chosen or {})
    moves = {old: new for old, new in mapping.items() if new is not None and new != old}
    result = Plan(source.slug, source.key, mapping)
    refs = [r for r in find(book).refs if r.target.key == source.key and r.target.para in mapping]
    for ref in refs:
        new = mapping[ref.target.para or 0]
        if new is None:
            result.lost.append(ref)
        elif new != ref.target.para:
            result.followed.append((ref, new))
    structured = {(r.place.path, r.place.line) for r in refs if not r.written.startswith(("{", "`{"))}
    for path in analyst_files(book):
        before = path.read_text(encoding="utf-8")
        edits = _role_edits(before, source.key, moves)
        on_lines = [line for p, line in structured if p == path and line is not None]
        if path == source.yaml_path:
            edits += _line_edits(before, on_lines, r"(?<![\w{])para:[ \t]*(?P<n>\d+)", moves)
        if path.name in (TIMELINE_FILE, JUDGMENTS_FILE) and path.parent == book.folder:
            edits += _line_edits(before, on_lines, rf"(?<![\w-]){re.escape(source.key)}:(?P<n>\d+)(?!\d)", moves)
        after = _apply(before, edits)
        if after != before:
            result.files[path] = (before, after)
    return result


def write(result: Plan) -> None:
    """Write every changed file (atomically, keeping its permissions)."""
    for path, (_, after) in sorted(result.files.items()):
        mode = path.stat().st_mode & 0o777
        write_atomic(path, after)
        os.chmod(path, mode)
