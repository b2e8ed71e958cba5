"""The one place that writes files: atomically, only when changed, never over hand-written files."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BriefbookError, Problem

#: Every generated file carries this in its first line; a file without it is hand-written.
MARK = "briefbook:generated"


def is_generated(path: Path) -> bool:
    """True when the file at path was written by briefbook (its first line has the mark)."""
    try:
        with path.open("rb") as fh:
            return MARK.encode() in fh.readline(400)
    except OSError:
        return False


def write_atomic(path: Path, content: str) -> None:
    """Write content to path so that a crash leaves the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass
class WriteReport:
    """What a generation run did to the files."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)


def check_targets(files: dict[Path, str]) -> None:
    """Refuse, before anything is written, to replace a hand-written file."""
    problems = [
        Problem(path, "exists and was not written by briefbook, so it is not replaced.", None,
                "rename or move the hand-written file, or remove it if it is a stale copy.")
        for path in sorted(files)
        if path.exists() and not is_generated(path)
    ]
    if problems:
        raise BriefbookError(problems)


def sync(files: dict[Path, str], generated_dirs: list[Path], candidates: Sequence[Path] = ()) -> WriteReport:
    """Write each file whose content changed; remove stale generated files (in generated_dirs, or candidates)."""
    check_targets(files)
    report = WriteReport()
    for path in sorted(files):
        content = files[path]
        try:
            same = path.read_text(encoding="utf-8") == content
        except (OSError, UnicodeDecodeError):
            same = False
        if same:
            report.unchanged.append(path)
        else:
            write_atomic(path, content)
            report.written.append(path)
    keep = {p.resolve() for p in files}
    stale = [p for folder in generated_dirs if folder.is_dir() for p in sorted(folder.iterdir())]
    for leftover in {p.parent for p in files} | set(generated_dirs):
        # Temporary files of a run that was killed between writing and renaming.
        for tmp in leftover.glob(".*.tmp") if leftover.is_dir() else []:
            tmp.unlink(missing_ok=True)
    for path in [*stale, *candidates]:
        if path.is_file() and path.resolve() not in keep and path.suffix in (".md", ".bib") and is_generated(path):
            path.unlink()
            report.removed.append(path)
    return report


def write_new(path: Path, data: bytes) -> None:
    """Create path with data, whole or not at all; FileExistsError if it exists (it is never replaced)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)  # atomic, and fails when path exists
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links: claim the name, then move the whole file in
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL))
            os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
