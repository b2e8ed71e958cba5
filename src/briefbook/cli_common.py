"""What the `briefbook` commands share: how they speak, and where the book's folders are."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import Problem

ROOT_HINT = "run it from the book's folder (the one with docs/ and sources/), or pass --sources and --docs."
STRICT = ["-W", "-n", "--keep-going"]


def _say(message: str) -> None:
    print(f"briefbook: {message}", file=sys.stderr, flush=True)


def _fail(problems: list[Problem]) -> int:
    for problem in problems:
        print(str(problem), file=sys.stderr)
    _say(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found; nothing was written.")
    return 1


def docs_of(args: argparse.Namespace) -> Path | None:
    """The Sphinx project whose hand-written pages are checked: --docs, else docs/ beside the sources folder."""
    if args.docs is not None:
        return args.docs
    beside = args.sources.parent / "docs"
    return beside if (beside / "conf.py").exists() else None


