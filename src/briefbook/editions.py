"""Published editions and where the book stands against them: its edition, What's new, the errata.

`briefbook publish` records an edition in ``editions/<date>/`` beside the sources folder:
``edition.json`` (its number, date, revision and errata), ``snapshot.json`` (snapshot.py) and the
build's ``manifest.json``. An edition with only minor changes (sources/changes.yaml marks them)
is a revision of the one before it: same number, same date, ``editions/<date>-r<k>/``.

The book now is compared with the newest edition (compare.py):

- no change: the book *is* that edition;
- only changes the analyst marked minor: a revision of it (the date does not change);
- any other change: a draft of the next edition (no date until it is published).

"What's new" lists the changes from the edition before this one (the newest with a smaller number)
to this edition's first printing, less those marked minor; the errata list the minor ones since.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import Field

from .compare import Change, compare
from .errors import BriefbookError, Problem
from .escape import visible
from .model import Line, Strict
from .snapshot import FORMAT
from .yamlio import LineMap, line_of, load_yaml, validate

FOLDER = "editions"
#: An edition's folder: its date, and "-r<k>" for a revision.
NAME = re.compile(r"\d{4}-\d{2}-\d{2}(-r[1-9]\d*)?")
SHAPE = {"sources": dict, "judgments": dict, "glossary": dict, "timeline": list, "pages": dict}
CHANGES_FILE = "changes.yaml"
EDITION_FILE = "edition.json"
SNAPSHOT_FILE = "snapshot.json"


class Minor(Strict):
    """A change the analyst marks minor (a typo): it goes into the errata, not into What's new."""

    change: str = Field(pattern=r"^(source|judgment|glossary|timeline|page):\S+$",
                        description="the change's id, as `briefbook changes` lists it")
    note: Line = Field(description="one line for the errata list: what was corrected")


class Changes(Strict):
    """sources/changes.yaml."""

    minor: list[Minor] = Field(default_factory=list)


@dataclass(frozen=True)
class Erratum:
    """A minor change: its id, the analyst's note, and the change itself (None if it is no longer found)."""

    id: str
    note: str
    change: Change | None = None


@dataclass(frozen=True)
class Edition:
    """A published edition (or one printing of it)."""

    number: int
    revision: int
    date: str  # ISO date of the edition
    folder: Path
    errata: tuple[tuple[str, str], ...] = ()  # (change id, note) marked minor when it was published

    @functools.cached_property
    def snapshot(self) -> dict[str, Any]:
        path = self.folder / SNAPSHOT_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT or not all(isinstance(data.get(k), t) for k, t in SHAPE.items()):
                raise ValueError(f"expected a snapshot of format {FORMAT} with {', '.join(SHAPE)}")
            for src in data["sources"].values():
                missing = {"label", "title", "outlet", "date", "url", "sha256", "paragraphs", "notes", "quotes",
                           "grades"} - set(src)
                if missing:
                    raise ValueError(f"a source lacks {', '.join(sorted(missing))}")
        except (OSError, ValueError, AttributeError) as exc:
            raise BriefbookError([Problem(path, f"cannot be read as an edition's snapshot ({exc}).", None,
                                          "restore it from version control (`git checkout -- <file>`); "
                                          "briefbook publish writes it.")]) from None
        return data

    @property
    def name(self) -> str:
        """'edition 2 of 2025-11-20' (its revision, if any: 'edition 2 of 2025-11-20, revision 1')."""
        return f"edition {self.number} of {self.date}" + (f", revision {self.revision}" if self.revision else "")


@dataclass(frozen=True)
class State:
    """Where the book stands: its edition, whether published, What's new and the errata."""

    editions: tuple[Edition, ...]
    number: int
    revision: int
    date: str | None  # None: a draft of a new edition, not yet published
    published: bool
    baseline: Edition | None
    whats_new: tuple[Change, ...] = ()
    errata: tuple[Erratum, ...] = ()
    #: Every change since the newest edition (what `briefbook changes` lists and changes.yaml may name).
    pending: tuple[Change, ...] = ()
    minor: tuple[Minor, ...] = ()
    problems: tuple[Problem, ...] = field(default=(), compare=False)

    def record(self) -> dict[str, Any]:
        """What a build's manifest says of the edition: its number, revision, date (None: a draft) and
        whether the book is exactly that published edition."""
        return {"number": self.number, "revision": self.revision, "date": self.date, "published": self.published}

    @property
    def changed_ids(self) -> set[str]:
        """The ids of What's new and the errata: the texts that get change bars and a redline."""
        return {c.id for c in self.whats_new} | {e.id for e in self.errata}


def folder_of(sources: Path) -> Path:
    """The editions folder of the book whose sources folder this is."""
    return sources.resolve().parent / FOLDER


def published(folder: Path) -> tuple[Edition, ...]:
    """The editions recorded in the folder, oldest first."""
    out = []
    for path in sorted(folder.glob(f"*/{EDITION_FILE}")) if folder.is_dir() else []:
        if not NAME.fullmatch(path.parent.name):  # a staging folder (.<date>.tmp) or anything else
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            date = dt.date.fromisoformat(str(data["date"])).isoformat()
            out.append(Edition(int(data["number"]), int(data.get("revision", 0)), date, path.parent,
                               tuple((visible(str(e["change"])), visible(str(e["note"])))
                                     for e in data.get("errata", []))))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise BriefbookError([Problem(path, f"cannot be read as an edition record ({exc}).", None,
                                          "restore it from version control (`git checkout -- <file>`); "
                                          "briefbook publish writes it.")]) from None
    return tuple(sorted(out, key=lambda e: (e.number, e.revision)))


def load_changes(sources: Path) -> tuple[Changes, LineMap]:
    """sources/changes.yaml (none: no change marked minor)."""
    path = sources / CHANGES_FILE
    if not path.exists():
        return Changes(), LineMap()
    data, lines = load_yaml(path)
    return (Changes(), lines) if data is None else (validate(path, Changes, data, lines), lines)


def _not_minor(change: Change) -> str | None:
    """Why a change can never be minor (a correction): something added or removed, a judgment's weight moved."""
    if change.action != "changed":
        return f"it is {'an addition' if change.action == 'added' else 'a removal'} ({change.label})"
    moved = [name for name, (old, new) in change.detail.items() if old != new]
    if moved:
        return f"it changes the judgment's {' and '.join(moved)}"
    return None


def _minor_problems(path: Path, marked: Changes, lines: LineMap, pending: list[Change],
                    newest: Edition | None, done: set[tuple[str, str]] | None = None) -> list[Problem]:
    ids = [c.id for c in pending]
    by_id = {c.id: c for c in pending}
    problems = []
    for i, minor in enumerate(marked.minor):
        if (minor.change, minor.note) in (done or set()):
            continue
        if minor.change in ids:
            why = _not_minor(by_id[minor.change])
            if why:
                problems.append(Problem(path, f"marks `{minor.change}` minor, but {why}: that is news, not a "
                                        "correction.", line_of(lines, ("minor", i, "change")),
                                        "remove this entry: the change belongs in What's new (and a new edition)."))
            continue
        since = f"since {newest.name}" if newest else "(no edition has been published yet)"
        listed = ", ".join(ids[:8]) + (" …" if len(ids) > 8 else "") if ids else "none"
        problems.append(Problem(path, f"marks `{minor.change}` minor, but it is not a change {since}; the changes "
                                f"are: {listed}.", line_of(lines, ("minor", i, "change")),
                                "name a change as `briefbook changes` lists it, or remove this entry."))
    return problems


def state_of(make_snapshot: Callable[[], dict[str, Any]], sources: Path) -> State | None:
    """The book's standing against its published editions; None when none has been published.
    Problems (a minor mark naming no change) are in State.problems."""
    editions = published(folder_of(sources))
    marked, lines = load_changes(sources)
    if not editions:
        problems = _minor_problems(sources / CHANGES_FILE, marked, lines, [], None) if marked.minor else []
        if problems:
            raise BriefbookError(problems)
        return None
    newest = editions[-1]
    snapshot_now = make_snapshot()
    if snapshot_now.get("pages") is None:  # loaded without the Sphinx project: its pages count as unchanged
        snapshot_now = {**snapshot_now, "pages": newest.snapshot["pages"]}
    pending = compare(newest.snapshot, snapshot_now)
    # Marks the newest edition recorded are done with (publish empties changes.yaml once that edition is built).
    ids = {c.id for c in pending}
    done = {(m.change, m.note) for m in marked.minor if m.change not in ids} & set(newest.errata)
    problems = _minor_problems(sources / CHANGES_FILE, marked, lines, pending, newest, done)
    current = [m for m in marked.minor if (m.change, m.note) not in done]
    minor_ids = {m.change for m in current}
    if not pending:
        number, revision, date, is_published = newest.number, newest.revision, newest.date, True
    elif all(c.id in minor_ids for c in pending):
        number, revision, date, is_published = newest.number, newest.revision + 1, newest.date, False
    else:
        number, revision, date, is_published = newest.number + 1, 0, None, False
    first = next((e for e in editions if e.number == number and e.revision == 0), None)
    first_snapshot = first.snapshot if first is not None else snapshot_now
    baseline = next((e for e in reversed(editions) if e.number < number), None)
    notes = {m.change: m.note for m in current}
    # The first printing's minor marks were recorded when it was published; a draft's are in changes.yaml.
    minor_first = {cid for cid, _ in first.errata} if first is not None else set(notes)
    changes_first = compare(baseline.snapshot, first_snapshot) if baseline is not None else []
    whats_new = tuple(c for c in changes_first if c.id not in minor_first)
    by_id = {c.id: c for c in changes_first}
    printings = [e for e in editions if e.number == number]
    for before, after in zip(printings, printings[1:], strict=False):  # each revision's corrections
        by_id |= {c.id: c for c in compare(before.snapshot, after.snapshot)}
    by_id |= {c.id: c for c in pending}
    recorded = {cid: note for e in editions if e.number == number for cid, note in e.errata}
    errata = tuple(Erratum(cid, note, by_id.get(cid)) for cid, note in (recorded | notes).items())
    return State(editions, number, revision, date, is_published, baseline, whats_new, errata,
                 tuple(pending), tuple(current), tuple(problems))


def capture_problems(book_sources: list[tuple[Any, Any]], sources: Path) -> list[Problem]:
    """A capture published in an edition must not change: a changed capture is a new source."""
    try:
        editions = published(folder_of(sources))
    except BriefbookError as exc:
        return list(exc.problems)
    if not editions:
        return []
    before = editions[-1].snapshot.get("sources", {})
    problems = []
    for source, _ in book_sources:
        old = before.get(source.key)
        if old is not None and old["sha256"] != source.sha256:
            problems.append(Problem(
                source.txt_path, f"differs from the captured text published in {editions[-1].name} (SHA-256 "
                f"{old['sha256'][:12]}… then, {source.sha256[:12]}… now): a published capture never changes.",
                None, "restore the file as published (`git checkout -- <file>`), or add the new capture as a new "
                      "source with `briefbook add` (a new key)."))
    return problems
