"""Problems found in the user's input, reported as one clear line each."""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path

from .escape import visible


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where, what, and how to fix it."""

    path: Path
    message: str
    line: int | None = None
    fix: str | None = None

    def __post_init__(self) -> None:
        # A message may quote a capture (a title, the closest passage): its control characters are shown
        # as markers, never sent to the terminal (an escape sequence could rewrite what the analyst sees).
        object.__setattr__(self, "message", visible(self.message))
        if self.fix is not None:
            object.__setattr__(self, "fix", visible(self.fix))

    def __str__(self) -> str:
        where = visible(f"{self.path}:{self.line}" if self.line else f"{self.path}")
        text = f"{where}: {self.message}"
        if self.fix:
            text += f" Fix: {self.fix}"
        return text


class BriefbookError(Exception):
    """Bad input: carries every problem found, for one message per problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def os_problem(path: Path, exc: OSError, doing: str) -> Problem:
    """A file-system failure (a full disk, a read-only folder, …) as one Problem; doing is "read", "written" or "removed"."""
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        fix = "free space on that disk (or build into a folder on another disk with --out DIR), then build again."
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS) and doing == "read":
        fix = f"make it readable (`chmod u+r {path}`)."
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        fix = f"make the folder writable (`chmod u+w {path.parent}`), or build a copy of the book in a folder you can write."
    else:
        fix = "check the folder and the disk, then run the command again."
    return Problem(path, f"could not be {doing} ({reason}).", None, fix)
