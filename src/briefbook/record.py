"""Recording an edition (`briefbook publish`): its record and snapshot in editions/<date>/, never over another.

The record is written whole or not at all (a temporary folder renamed into place); the changes
marked minor are copied into the record (they are the edition's errata), and once the edition is
built, sources/changes.yaml is emptied for the next (`clear_changes`); `undo` removes the record
when the build fails, and changes.yaml is then as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .book import Book
from .editions import CHANGES_FILE, EDITION_FILE, SNAPSHOT_FILE, folder_of, published
from .errors import BriefbookError, Problem
from .model import PartialDate
from .snapshot import dumps, snapshot
from .write import write_atomic

EMPTY_CHANGES = """\
# Changes since the last edition that are minor (a typo, a broken link): they go into the errata list, not
# into "What's new", and a new edition with only minor changes keeps its date. Name each change as
# `briefbook changes` lists it, with one line for the errata list:
#
# minor:
#   - change: glossary:snapback
#     note: "Typo: \\"reimpostion\\" corrected."
minor: []
"""


@dataclass(frozen=True)
class Recorded:
    """What `publish` wrote, and how to take it back."""

    folder: Path
    number: int
    revision: int
    date: str
    errata: int
    changes_file: Path
    #: The minor marks recorded in the edition, (change, note).
    marks: tuple[tuple[str, str], ...] = ()

    def undo(self) -> None:
        """Remove the record (sources/changes.yaml has not been touched)."""
        shutil.rmtree(self.folder, ignore_errors=True)

    def clear_changes(self) -> None:
        """After the edition is built: its minor marks are in its record, so changes.yaml starts the next
        edition empty (its comment lines kept)."""
        if not self.errata or not self.changes_file.exists():
            return
        from .editions import load_changes

        try:
            now = {(m.change, m.note) for m in load_changes(self.changes_file.parent)[0].minor}
        except BriefbookError:
            return  # edited meanwhile and not valid now: left for the analyst (check names the problem)
        if not now <= set(self.marks):
            return  # a mark added during the build: the file stays; the recorded marks are ignored from now on
        text = self.changes_file.read_text(encoding="utf-8")
        head = "".join(line for line in text.splitlines(keepends=True) if line.startswith("#"))
        write_atomic(self.changes_file, (head or EMPTY_CHANGES.rsplit("minor: []", 1)[0]) + "minor: []\n")


def _date(value: str | None, today: dt.date) -> str:
    if value is None:
        return today.isoformat()
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        day = None
    if day is not None and day > today + dt.timedelta(days=1):
        raise BriefbookError([Problem(Path("--date"), f"{value} is in the future: an edition is dated when it is "
                                      "published (a later edition could never be dated before it).", None,
                                      f"give today's date or an earlier one, for example --date {today.isoformat()}.")])
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise BriefbookError([Problem(Path("--date"), f"{value!r} is not a date.", None,
                                      "give the edition's date as YYYY-MM-DD, for example --date 2025-11-20.")]) \
            from None


def record(book: Book, date: str | None = None, today: dt.date | None = None) -> Recorded:
    """Write the edition the book now is into editions/; refuse when nothing changed or it exists."""
    sources = book.folder
    target = folder_of(sources)
    editions = published(target)
    state = book.edition
    newest = editions[-1] if editions else None
    today = today or dt.datetime.now(dt.UTC).date()
    if state is not None and state.published:
        raise BriefbookError([Problem(sources, f"has not changed since {newest.name if newest else 'the last edition'}"
                                      ": there is nothing to publish.", None,
                                      "change the book first; `briefbook changes` lists what changed.")])
    if state is None:
        number, revision, when = 1, 0, _date(date, today)
    elif state.date is not None:  # only minor changes: a revision, same date
        if date is not None and _date(date, today) != state.date:
            raise BriefbookError([Problem(sources / CHANGES_FILE, f"marks every change since {state.editions[-1].name}"
                                          f" minor, so the edition keeps its date ({state.date}).", None,
                                          "publish without --date, or remove the minor marks of changes that "
                                          "are not minor.")])
        number, revision, when = state.number, state.revision, state.date
    else:
        number, revision, when = state.number, 0, _date(date, today)
    if newest is not None and when < newest.date:
        raise BriefbookError([Problem(Path("--date"), f"{when} is before {newest.name}.", None,
                                      f"give a date on or after {newest.date}.")])
    name = when if revision == 0 else f"{when}-r{revision}"
    folder = target / name
    if folder.exists():
        raise BriefbookError([Problem(folder, "exists: an edition is never overwritten.", None,
                                      "give another date with --date YYYY-MM-DD.")])
    errata = [{"change": m.change, "note": m.note} for m in (state.minor if state is not None else ())]
    data = {"number": number, "revision": revision, "date": when, "recorded": today.isoformat(),
            "errata": errata, "briefbook": __version__, "date_human": PartialDate.parse(when).human()}
    stage = target / f".{name}.tmp"
    shutil.rmtree(stage, ignore_errors=True)
    try:
        stage.mkdir(parents=True)
        (stage / EDITION_FILE).write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                          encoding="utf-8")
        (stage / SNAPSHOT_FILE).write_text(dumps(snapshot(book, sources.parent)), encoding="utf-8")
        os.rename(stage, folder)
    finally:
        shutil.rmtree(stage, ignore_errors=True)  # whole or not at all
    return Recorded(folder, number, revision, when, len(errata), sources / CHANGES_FILE,
                    tuple((e["change"], e["note"]) for e in errata))
