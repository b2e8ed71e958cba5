"""One writer at a time per folder: an advisory lock (flock) on the folder itself.

The lock is held on an open descriptor of the folder, so no lock file is left behind and a
killed process releases it at once. It is re-entrant within one process (a build whose --out
is its docs folder takes it once). A second process waits, after saying so.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Callable, Iterator
from pathlib import Path

_HELD: dict[str, int] = {}


@contextlib.contextmanager
def folder_lock(folder: Path, waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the lock of folder (made if missing) for the block; call waiting() first if another process holds it."""
    key = os.path.realpath(folder)
    if key in _HELD:
        yield
        return
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting is not None:
                waiting()
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:
            pass  # a file system without flock (some network ones): no lock, as before
        _HELD[key] = fd
        yield
    finally:
        _HELD.pop(key, None)
        os.close(fd)  # releases the lock
