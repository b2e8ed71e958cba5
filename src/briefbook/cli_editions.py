"""`briefbook publish` (record the book as an edition, then build it) and `briefbook changes` (what changed)."""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

from .cli_common import _say
from .errors import BriefbookError, Problem
from .escape import visible

MANIFEST = "manifest.json"


def _book(args: argparse.Namespace):
    from .book import load_book

    if not (args.docs / "conf.py").exists():
        raise BriefbookError([Problem(args.docs, "has no conf.py: the book's Sphinx project was expected here.", None,
                                      "run it from the book's folder (the one with docs/ and sources/), or pass "
                                      "--sources and --docs.")])
    return load_book(args.sources, args.docs)


def cmd_publish(args: argparse.Namespace) -> int:
    """Record the book as an edition in editions/, build every product, and keep the build's manifest."""
    from .cli_build import cmd_build
    from .record import record

    book = _book(args)
    recorded = record(book, args.date)
    what = (f"edition {recorded.number} of {recorded.date}" if not recorded.revision else
            f"revision {recorded.revision} of edition {recorded.number} of {recorded.date} (errata only)")
    _say(f"recording {what} in {recorded.folder}; building it …")
    build = argparse.Namespace(sources=args.sources, docs=args.docs, out=args.out, format=args.format, jobs=args.jobs,
                               quiet=args.quiet)
    try:
        status = cmd_build(build)
        manifest = args.out / MANIFEST
        built = json.loads(manifest.read_text(encoding="utf-8")).get("edition") if status == 0 else None
        if status == 0 and (built or {}).get("published") is not True:
            _say("the book changed while it was being published (a file was edited during the build): "
                 "the edition was not recorded; publish again.")
            status = 1
        if status == 0:
            shutil.copyfile(manifest, recorded.folder / MANIFEST)
    except BaseException:
        recorded.undo()
        raise
    if status:
        recorded.undo()
        _say("the edition was not recorded (sources/changes.yaml is as it was).")
        return status
    recorded.clear_changes()
    print(f"published {what}: {recorded.folder}")
    if recorded.errata:
        print(f"  {recorded.errata} minor change{'s' if recorded.errata != 1 else ''} moved from "
              f"{recorded.changes_file} into the edition's errata (the file now says `minor: []`)")
    print("next: commit the editions folder (`git add editions && git commit`), so that every edition stays "
          "on record.")
    return 0


def cmd_changes(args: argparse.Namespace) -> int:
    """List what changed since the newest published edition, with the ids sources/changes.yaml names."""
    book = _book(args)
    state = book.edition
    if state is None:
        print("no edition has been published yet: `briefbook publish` records the first.")
        return 0
    newest = state.editions[-1]
    if not state.pending:
        print(f"no change since {newest.name}.")
        return 0
    minor = {m.change for m in state.minor}
    print(f"{len(state.pending)} change{'s' if len(state.pending) != 1 else ''} since {newest.name}:")
    width = max(len(c.id) for c in state.pending)
    for change in state.pending:
        mark = "  (minor)" if change.id in minor else ""
        print(visible(f"  {change.id:<{width}}  {change.action:<7}  {change.label}{mark}"))
    if state.date is not None:
        print(f"every change is marked minor: publishing makes revision {state.revision} of edition {state.number}, "
              f"dated {state.date}.")
    else:
        print(f"publishing makes edition {state.number}. To mark a change minor (errata; it keeps the date), "
              f"list it in {book.folder / 'changes.yaml'}.")
    return 0


def add_commands(sub, common) -> None:
    """The parsers of `publish` and `changes`."""
    pb = sub.add_parser("publish", help="record the book as a new edition in editions/ and build it")
    common(pb)
    pb.add_argument("--docs", type=Path, default=Path("docs"), help="the Sphinx project (default: docs/)")
    pb.add_argument("--out", type=Path, default=Path("build"), help="the build folder (default: build/)")
    pb.add_argument("--date", help="the edition's date, YYYY-MM-DD (default: today)")
    pb.add_argument("--format", choices=["html", "pdf", "brief", "packs", "all"], default="all",
                    help="what to build and record in the edition's manifest (default: all)")
    pb.add_argument("-j", "--jobs", default="1", help="parallel Sphinx processes, or 'auto'")
    pb.add_argument("-q", "--quiet", action="store_true", help="only warnings and errors")
    pb.set_defaults(func=cmd_publish)

    ch = sub.add_parser("changes", help="list what changed since the newest published edition")
    common(ch)
    ch.add_argument("--docs", type=Path, default=Path("docs"), help="the Sphinx project (default: docs/)")
    ch.set_defaults(func=cmd_changes)
