"""What briefbook reads from the sources folder, and how much of it: each rule in one function.

Every file of sources/ is read through :func:`read_input` (or hashed through :func:`sha256_of`):
only a regular file with a single link, on the sources folder's own disk, and no larger than its
limit. A named pipe, a device, a hard link (which may be a file anywhere on the disk) or a file
over the limit is refused before a byte of it is read, so nothing outside sources/ is read and
nothing hangs.

The limits keep a build's time and memory linear and bounded: cleaning and term linking are
linear in the text, and Sphinx needs about 10 s and 90 MB per megabyte of short paragraphs.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BriefbookError, Problem, os_problem

if TYPE_CHECKING:
    from .clean import Cleaned
    from .load import Source

#: The largest text, metadata, glossary, timeline or references.bib file read (5 MB: a 1,500-page report).
MAX_TEXT_BYTES = 5_000_000
#: The largest original capture (saved page, PDF, web archive), which is only hashed.
MAX_ORIGINAL_BYTES = 200_000_000
#: The most paragraphs and set-aside lines one source's page shows.
MAX_BLOCKS = 20_000

SPLIT_HINT = ("split the capture into several sources (for example one per chapter or section), each with its "
              ".txt and .yaml.")
_KINDS = [(stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder")]


def file_problem(path: Path, st: os.stat_result) -> Problem | None:
    """Why a file of the sources folder may not be read (None when it may): not a regular file, linked, elsewhere."""
    kind = next((name for test, name in _KINDS if test(st.st_mode)), None if stat.S_ISREG(st.st_mode) else "not a file")
    if kind is not None:
        return Problem(path, f"is {kind}, not a regular file; briefbook reads only files saved in the sources folder.",
                       None, f"remove it (`rm {_shell(path)}`) and save the captured file there instead.")
    if st.st_nlink > 1:
        return Problem(path, f"has {st.st_nlink} hard links, so it may be a file outside the sources folder, which "
                             "briefbook never reads.", None,
                       f"replace it with a copy of its own: `cp {_shell(path)} {_shell(path)}.copy && "
                       f"mv {_shell(path)}.copy {_shell(path)}`.")
    try:
        folder_dev = os.stat(path.parent).st_dev
    except OSError:
        folder_dev = st.st_dev
    if st.st_dev != folder_dev:
        return Problem(path, "is on another disk than the sources folder (a mount), which briefbook never reads.", None,
                       "copy the file into the sources folder instead of mounting it there.")
    return None


def _shell(path: Path) -> str:
    """A path as it would be typed in a shell (quoted when it needs to be)."""
    import shlex

    return shlex.quote(str(path))


def _too_large(path: Path, size: int, limit: int, fix: str) -> BriefbookError:
    return BriefbookError([Problem(path, f"is {size:,} bytes; briefbook reads at most {limit:,} bytes from one file.",
                                   None, fix)])


def _open_checked(path: Path, limit: int, fix: str) -> int:
    """An open descriptor of a regular, single-linked file of the folder within the limit; else BriefbookError."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise BriefbookError([os_problem(path, exc, "read")]) from None
    problem = file_problem(path, st)
    if problem is not None:
        raise BriefbookError([problem])
    if st.st_size > limit:
        raise _too_large(path, st.st_size, limit, fix)
    try:
        # O_NONBLOCK: should the file be swapped for a named pipe after the check, opening it still returns at once.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise BriefbookError([os_problem(path, exc, "read")]) from None
    now = os.fstat(fd)
    if (now.st_dev, now.st_ino) != (st.st_dev, st.st_ino):
        os.close(fd)
        raise BriefbookError([Problem(path, "changed while it was being read.", None, "run the command again.")])
    return fd


def _chunks(path: Path, fd: int, limit: int, fix: str):
    """The file's bytes in chunks, refusing it as soon as more than limit bytes come."""
    size = 0
    with os.fdopen(fd, "rb", closefd=True) as fh:
        while chunk := fh.read(1 << 20):
            size += len(chunk)
            if size > limit:
                raise _too_large(path, size, limit, fix)
            yield chunk


def read_input(path: Path, limit: int = MAX_TEXT_BYTES, fix: str = SPLIT_HINT) -> bytes:
    """The bytes of a file of the sources folder, read only when file_problem allows and within the limit."""
    fd = _open_checked(path, limit, fix)
    return b"".join(_chunks(path, fd, limit, fix))


def sha256_of(path: Path, limit: int = MAX_ORIGINAL_BYTES) -> str:
    """The SHA-256 of a file of the sources folder (an original capture), read as read_input reads."""
    fix = ("keep the original capture under that size (save the page without its media, or compress the PDF), "
           "or remove the `capture:` block from the metadata.")
    digest = hashlib.sha256()
    for chunk in _chunks(path, _open_checked(path, limit, fix), limit, fix):
        digest.update(chunk)
    return digest.hexdigest()


def blocks_problem(source: Source, cleaned: Cleaned) -> Problem | None:
    """A source whose page would show more than MAX_BLOCKS paragraphs and set-aside lines is refused."""
    count = len(cleaned.paragraphs) + len(cleaned.set_aside)
    if count <= MAX_BLOCKS:
        return None
    lines = sorted([p.line for p in cleaned.paragraphs] + [s.line for s in cleaned.set_aside if s.file is None])
    return Problem(source.txt_path, f"has {len(cleaned.paragraphs):,} paragraphs and {len(cleaned.set_aside):,} lines set "
                                    f"aside; one source's page shows at most {MAX_BLOCKS:,} of them together.",
                   lines[MAX_BLOCKS] if len(lines) > MAX_BLOCKS else None, SPLIT_HINT)
