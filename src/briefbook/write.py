"""The one place that writes files: atomically, only when changed, never over hand-written files."""

from __future__ import annotations

import hashlib
import json
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


#: In the generated folder's root: the SHA-256 of what briefbook last wrote to each generated file, so that
#: a generated file changed by hand is noticed instead of overwritten.
MANIFEST = ".briefbook-generated.json"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_manifest(path: Path | None) -> dict[str, list[str]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path is not None else {}
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, list)} if isinstance(data, dict) else {}


def _name(path: Path, manifest: Path) -> str:
    """A file's name in the manifest: relative to it, so that the book can be moved or copied."""
    return os.path.relpath(path.resolve(), manifest.parent.resolve())


def check_hand_edits(paths: Sequence[Path], manifest: Path | None) -> None:
    """Refuse, before anything is written, to replace or remove a generated file someone changed by hand."""
    if manifest is None:
        return
    recorded = _read_manifest(manifest)
    problems = []
    for path in sorted(paths):
        known = recorded.get(_name(path, manifest), [])
        try:
            edited = bool(known) and path.is_file() and _digest(path.read_bytes()) not in known
        except OSError:
            edited = False
        if edited:
            problems.append(Problem(path, "was changed by hand since briefbook wrote it (it is a generated page: its "
                                          "first line says so); writing it again would lose that change.", None,
                                    "make the change where the page is made from (its first line names the files), "
                                    "then delete this file: briefbook writes it again."))
    if problems:
        raise BriefbookError(problems)


def pending(files: dict[Path, str], generated_dirs: list[Path],
            candidates: Sequence[Path] = ()) -> tuple[list[Path], list[Path], list[Path]]:
    """(files to write, files unchanged, stale generated files to remove), nothing touched."""
    changed: list[Path] = []
    unchanged: list[Path] = []
    for path in sorted(files):
        try:
            same = path.read_text(encoding="utf-8") == files[path]
        except (OSError, UnicodeDecodeError):
            same = False
        (unchanged if same else changed).append(path)
    keep = {p.resolve() for p in files}
    stale = [p for folder in generated_dirs if folder.is_dir() for p in sorted(folder.iterdir())]
    removable = [path for path in [*stale, *candidates] if path.is_file() and path.resolve() not in keep
                 and path.suffix in (".md", ".bib") and is_generated(path)]
    return changed, unchanged, removable


def refusals(files: dict[Path, str], generated_dirs: list[Path], candidates: Sequence[Path] = (),
             manifest: Path | None = None) -> list[Problem]:
    """Every reason `sync` would refuse to write, found without writing (for `briefbook check`)."""
    changed, _, removable = pending(files, generated_dirs, candidates)
    problems = []
    for step in (lambda: check_targets(files), lambda: check_hand_edits([*changed, *removable], manifest)):
        try:
            step()
        except BriefbookError as exc:
            problems += exc.problems
    return problems


def sync(files: dict[Path, str], generated_dirs: list[Path], candidates: Sequence[Path] = (),
         manifest: Path | None = None) -> WriteReport:
    """Write each file whose content changed; remove stale generated files (in generated_dirs, or candidates).

    Given a manifest path, a generated file changed by hand since it was written is never replaced."""
    problems = refusals(files, generated_dirs, candidates, manifest)
    if problems:
        raise BriefbookError(problems)
    changed, unchanged, removable = pending(files, generated_dirs, candidates)
    report = WriteReport(unchanged=unchanged)
    recorded = _read_manifest(manifest)
    if manifest is not None and changed:
        # Both the old and the new content are briefbook's while the files are being replaced (a run killed
        # in between must not make its own half-finished work look like a hand edit).
        during = dict(recorded)
        for path in changed:
            during[_name(path, manifest)] = [*recorded.get(_name(path, manifest), []), _digest(files[path].encode())]
        write_atomic(manifest, json.dumps(during, indent=0, sort_keys=True) + "\n")
    for path in changed:
        write_atomic(path, files[path])
        report.written.append(path)
    for leftover in {p.parent for p in files} | set(generated_dirs):
        # Temporary files of a run that was killed between writing and renaming.
        for tmp in leftover.glob(".*.tmp") if leftover.is_dir() else []:
            tmp.unlink(missing_ok=True)
    for path in removable:
        path.unlink()
        report.removed.append(path)
    if manifest is not None:
        after = {_name(p, manifest): [_digest(files[p].encode())] for p in files}
        if after != recorded:
            write_atomic(manifest, json.dumps(after, indent=0, sort_keys=True) + "\n")
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
