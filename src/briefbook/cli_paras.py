"""`briefbook paras`, `lock` and `renumber`: a source's paragraphs, their lock, and references that follow their text."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .cli_common import _fail, _say, docs_of
from .errors import BriefbookError, Problem

if TYPE_CHECKING:
    from .book import Book
    from .clean import Cleaned
    from .load import Source


def _source(book: Book, name: str) -> tuple[Source, Cleaned]:
    """The (source, cleaned) named by slug or citation key; BriefbookError naming the choices."""
    found = next(((s, c) for s, c in book.sources if name in (s.slug, s.key)), None)
    if found is None:
        names = ", ".join(s.slug for s, _ in book.sources) or "none"
        raise BriefbookError([Problem(book.folder, f"has no source {name!r} (or it did not load).", None,
                                      f"name one of its sources by file name or key: {names}.")])
    return found


def cmd_paras(args: argparse.Namespace) -> int:
    """Print a source's numbered paragraphs (and whether they are still as locked)."""
    from . import lock
    from .book import gather

    book, _ = gather(args.sources, docs_of(args))
    source, cleaned = _source(book, args.slug)
    for para in cleaned.paragraphs:
        print(f"¶{para.number}  {' '.join(para.text.split())}")
    locked = book.locks.get(source.key)
    if locked is None:
        _say(f"{lock.lock_path(source).name} does not exist: the paragraphs are not locked (`briefbook lock {source.slug}`).")
    elif not lock.unchanged(locked, cleaned):
        _say(f"these are not the paragraphs locked in {locked.path.name}: `briefbook check` lists the references "
             f"affected, `briefbook renumber {source.slug}` makes them follow their text.")
    return 0


def cmd_lock(args: argparse.Namespace) -> int:
    """Record each source's paragraphs in its lock file; refuse where a reference would silently move."""
    from . import lock
    from .analyst import find
    from .book import gather

    book, _ = gather(args.sources, docs_of(args))
    chosen = [_source(book, name) for name in args.slugs] if args.slugs else book.sources
    refs = find(book).refs
    refused = []
    for source, cleaned in chosen:
        locked = book.locks.get(source.key)
        moved = [r for r in refs if locked is not None and r.target.key == source.key and r.target.para is not None
                 and lock.moved(locked, cleaned, r.target.para)]
        if moved and not args.force:
            refused += [r.place.problem(f"{r.written} cites ¶{r.target.para} of {source.label}, which no longer "
                                        "holds the text it held when locked.", None) for r in moved]
            _say(f"{source.slug} is not locked again: {len(moved)} references would point at other text. Run "
                 f"`briefbook renumber {source.slug}` first, or pass --force if they should.")
            continue
        path = lock.write_lock(source, cleaned)
        print(f"{path}: {len(cleaned.paragraphs)} paragraphs locked.")
    for problem in refused:
        print(str(problem), file=sys.stderr)
    return 1 if refused else 0


def cmd_renumber(args: argparse.Namespace) -> int:
    """Show, then (with --yes or on confirmation) write, the references of a source following their text."""
    from . import lock, renumber
    from .book import gather

    book, _ = gather(args.sources, docs_of(args))
    source, cleaned = _source(book, args.slug)
    chosen = {}
    for pair in args.map or []:
        old, _, new = pair.partition("=")
        if not (old.isdigit() and new.isdigit()):
            return _fail([Problem(Path("--map"), f"{pair!r} is not OLD=NEW.", None,
                                  "write the locked paragraph and the paragraph meant now, for example --map 4=3.")])
        chosen[int(old)] = int(new)
    plan = renumber.plan(book, source.slug, chosen)
    for ref, new in plan.followed:
        print(f"{ref.place.path}:{ref.place.line}: {ref.place.item + ': ' if ref.place.item else ''}"
              f"¶{ref.target.para} → ¶{new}")
    if plan.lost:
        # A reference whose text is gone cannot follow it, and must not silently cite what now has its number.
        for ref in plan.lost:
            print(f"{ref.place.path}:{ref.place.line}: {ref.place.item + ': ' if ref.place.item else ''}"
                  f"{ref.written} cites ¶{ref.target.para}, whose text is no longer in the source.", file=sys.stderr)
        gone = sorted({ref.target.para or 0 for ref in plan.lost})
        _say(f"nothing was written. Decide which paragraph each of these should cite now (`briefbook paras "
             f"{source.slug}`) and run `briefbook renumber {source.slug} {' '.join(f'--map {n}=N' for n in gone)}`, "
             "or remove those references first.")
        return 1
    if not plan.files:
        lock.write_lock(source, cleaned)
        _say(f"every reference to {source.slug} already points at its text; the lock is up to date.")
        return 0
    print(plan.diff(), end="")
    if not args.yes:
        if not (sys.stdin.isatty() and sys.stdout.isatty()) or input("Write these changes? [y/N] ").strip().lower() \
                not in ("y", "yes"):
            _say(f"nothing was written; run `briefbook renumber {source.slug} --yes` to write these changes.")
            return 0
    renumber.write(plan)
    lock.write_lock(source, cleaned)
    _say(f"wrote {len(plan.files)} files and refreshed {lock.lock_path(source).name}.")
    return 0


