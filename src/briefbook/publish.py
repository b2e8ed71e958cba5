"""Publishing a build so that OUT/html is always a whole build: the old one or the new one, never neither.

OUT/html is a symbolic link to a numbered folder, and a new build replaces it in one atomic
rename of a new link::

    OUT/html -> .html.7        the published build
    OUT/.html.stage            the build in progress (a copy of .html.7, so Sphinx stays incremental)

    publish: rename .html.stage to .html.8; link .html.link -> .html.8; rename .html.link over
             OUT/html (atomic); remove .html.7.

A process killed before the rename over OUT/html leaves it pointing at .html.7, after it at
.html.8; what it leaves besides (.html.stage, .html.link, a numbered folder nothing points to)
is removed by the next build. An OUT/html that is still a plain folder (made by an older
briefbook) is swapped with the link in one step where the system can (Linux's renameat2).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import shutil
from pathlib import Path


def _numbered(out: Path, name: str) -> dict[int, Path]:
    """The numbered builds OUT/.name.N, by number."""
    pattern = re.compile(rf"\.{re.escape(name.lstrip('.'))}\.(\d+)")
    found = {}
    for path in out.iterdir() if out.is_dir() else []:
        m = pattern.fullmatch(path.name)
        if m and path.is_dir() and not path.is_symlink():
            found[int(m.group(1))] = path
    return found


def _hidden(out: Path, name: str, what: str) -> Path:
    return out / f".{name.lstrip('.')}.{what}"


def current(out: Path, name: str) -> Path | None:
    """The folder of the published build OUT/name (its link's target, or a plain folder), or None."""
    final = out / name
    if final.is_symlink():
        target = final.resolve()
        return target if target.is_dir() else None
    if final.is_dir():
        return final
    numbered = _numbered(out, name)
    return numbered[max(numbered)] if numbered else None


def clear_leftovers(out: Path, name: str) -> None:
    """Remove what a killed or failed run left: the stage, a half-made link, builds nothing points to."""
    keep = current(out, name)
    for what in ("stage", "legacy", "link", "new", "old"):  # .new and .old: staging folders of older versions
        path = _hidden(out, name, what)
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        elif os.path.lexists(path):
            path.unlink()
    for path in _numbered(out, name).values():
        if keep is None or path.resolve() != keep.resolve():
            shutil.rmtree(path, ignore_errors=True)


def stage(out: Path, name: str) -> Path:
    """A fresh staging folder for OUT/name: a copy of the published build, so the build stays incremental."""
    clear_leftovers(out, name)
    folder = _hidden(out, name, "stage")
    published = current(out, name)
    if published is not None:
        try:
            shutil.copytree(published, folder, symlinks=True, copy_function=_copy)
        except _CopyFailed as failed:
            discard(folder)  # a half copy (the disk is full) is not left to fill it
            raise failed.error from None
    else:
        folder.mkdir(parents=True)
    return folder


class _CopyFailed(Exception):
    """Stops copytree at the first file it cannot copy (it would go on, and report errno-less text)."""

    def __init__(self, error: OSError):
        self.error = error


def _copy(src: str, dst: str) -> None:
    try:
        shutil.copy2(src, dst)
    except OSError as exc:
        raise _CopyFailed(exc) from None


def discard(folder: Path) -> None:
    """Remove a staging folder whose build failed (the published build stays as it was)."""
    shutil.rmtree(folder, ignore_errors=True)


def publish(folder: Path, out: Path, name: str) -> Path:
    """Make the whole build in folder the published OUT/name; returns its numbered folder."""
    final = out / name
    numbered = _numbered(out, name)
    old = current(out, name)
    new = out / f".{name.lstrip('.')}.{max(numbered, default=0) + 1}"
    os.rename(folder, new)
    link = _hidden(out, name, "link")
    with contextlib.suppress(FileNotFoundError):
        link.unlink()
    os.symlink(new.name, link)
    if final.is_dir() and not final.is_symlink():
        # A plain folder from an older briefbook: swap it with the link in one step, else in two.
        if _exchange(link, final):
            old = link  # the old folder now sits where the link was
        else:
            old = _hidden(out, name, "legacy")
            os.rename(final, old)
            os.rename(link, final)
    else:
        os.replace(link, final)
    _sync_folder(out)
    if old is not None and old.resolve() != new.resolve():
        shutil.rmtree(old, ignore_errors=True)
    return new


def _sync_folder(folder: Path) -> None:
    """Flush a folder's entries (the renames) to the disk."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 with RENAME_EXCHANGE); False where the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EPERM):
        return False
    raise OSError(err, os.strerror(err), str(b))
