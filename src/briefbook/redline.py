"""The redline of a change: the analyst's text before and after, compared word by word (no Sphinx).

Edits are found by difflib on words with the whitespace between them kept as tokens of its own,
so the redline reads as the text does (line breaks and all) and a changed word is shown as the
old word deleted and the new one inserted. Nothing here renders: the Sphinx side (sphinx/redline.py)
turns each piece into text inside <del> or <ins>, escaped like any other text.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from .compare import Change
from .editions import Edition, State
from .render import header

#: The redline page's document name (docs/changes.md, generated while an edition has changes).
REDLINE_DOC = "changes"

Op = Literal["equal", "insert", "delete"]
_TOKEN = re.compile(r"\s+|[^\s]+")


def tokens(text: str) -> list[str]:
    """Words and the runs of whitespace between them: joined again, the text itself."""
    return _TOKEN.findall(text)


def _merge(pieces: Iterable[tuple[Op, str]]) -> list[tuple[Op, str]]:
    out: list[tuple[Op, str]] = []
    for op, text in pieces:
        if not text:
            continue
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        else:
            out.append((op, text))
    return out


def word_diff(old: str | None, new: str | None) -> list[tuple[Op, str]]:
    """The edit from old to new as (op, text) pieces: 'equal', 'delete' (old text only), 'insert' (new only).

    An added item (old None) is one insertion, a removed one (new None) one deletion. Joining the
    equal and deleted pieces gives old; the equal and inserted ones give new. A space between two
    changed words belongs to the change: "very likely" -> "almost certain" is one deletion and one
    insertion, not two of each."""
    a, b = tokens(old or ""), tokens(new or "")
    runs: list[list[str]] = []  # [tag, old text, new text]
    for opcode, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        runs.append([opcode if opcode == "equal" else "change", "".join(a[i1:i2]), "".join(b[j1:j2])])
    for n in range(1, len(runs) - 1):
        if runs[n][0] == "equal" and not runs[n][1].strip() and "\n\n" not in runs[n][1] \
                and runs[n - 1][0] == runs[n + 1][0] == "change":
            runs[n][0] = "change"
    pieces: list[tuple[Op, str]] = []
    for n, (tag, before, after) in enumerate(runs):
        if tag == "equal":
            pieces.append(("equal", before))
        elif n + 1 < len(runs) and runs[n + 1][0] == "change":  # joined with the next change
            runs[n + 1][1], runs[n + 1][2] = before + runs[n + 1][1], after + runs[n + 1][2]
        else:
            pieces += [("delete", before), ("insert", after)]
    return _merge(pieces)


GAP = "gap"


def hunks(old: str | None, new: str | None) -> list[tuple[str, str]]:
    """The redline of a long text: its changed paragraphs word by word, the unchanged ones left out.

    Paragraphs are separated by blank lines; a run of unchanged ones becomes ('gap', how many)."""
    a = (old or "").split("\n\n") if old else []
    b = (new or "").split("\n\n") if new else []
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if out:
            out.append(("equal", "\n\n"))
        if tag == "equal":
            out.append((GAP, str(i2 - i1)))
        else:
            before, after = "\n\n".join(a[i1:i2]), "\n\n".join(b[j1:j2])
            out += word_diff(before if i2 > i1 else None, after if j2 > j1 else None)
    return out


def human_date(iso: str) -> str:
    """'2025-10-31' -> '31 October 2025'."""
    day = datetime.date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def errata_base(state: State) -> Edition:
    """The edition the errata correct: this edition's first printing, or (a draft's) the newest published."""
    return next((e for e in state.editions if e.number == state.number and e.revision == 0), state.editions[-1])


def has_redline(state: State | None) -> bool:
    """Whether the book has a redline page: an edition is published and something changed since."""
    return state is not None and bool(state.whats_new or state.errata)


def redline_title(state: State) -> str:
    """The redline page's title: what it compares the book with."""
    since = state.baseline if state.whats_new and state.baseline is not None else errata_base(state)
    what = "Changes" if state.whats_new else "Corrections"
    return f"{what} since edition {since.number} of {human_date(since.date)}"


def mark_text(state: State, change: Change, minor: bool) -> str:
    """What a change mark says (and a screen reader reads): 'Changed since edition 1'."""
    if minor:
        return f"Corrected since edition {errata_base(state).number} (minor)"
    since = state.baseline.number if state.baseline is not None else errata_base(state).number
    return f"{'New' if change.action == 'added' else 'Changed'} since edition {since}"


def marked_changes(state: State | None) -> list[tuple[Change, bool]]:
    """Every change the book marks and the redline shows, with whether it is minor (an erratum)."""
    if state is None:
        return []
    out = [(c, False) for c in state.whats_new]
    errata = [(e.change, True) for e in state.errata if e.change is not None]
    return out + [(c, m) for c, m in errata if c.id not in {x.id for x, _ in out}]


def redline_page(state: State) -> str:
    """The redline page's MyST: its title; the {bb-redline} directive renders the changes from the loaded book."""
    return (header("editions/*/snapshot.json", "sources/changes.yaml", "sources/*")
            + f"(bb-changes)=\n# {redline_title(state)}\n\n:::{{bb-redline}}\n:::\n")


def section_label(change: Change) -> str:
    """'Judgment bottom-line (changed)'; an erratum's is the same, the page marks it minor."""
    return f"{change.label} ({change.action})"


def page_docname(name: str, root: Path, srcdir: Path) -> str | None:
    """The document name of a hand-written page, from its path in a page: change id (from the project root)."""
    try:
        rel = (root / name).resolve().relative_to(srcdir.resolve())
    except ValueError:
        return None
    return rel.with_suffix("").as_posix()


def event_anchor(when: str) -> str:
    """The anchor the timeline's event of a change id's date part gets: '2025-09-28.2' -> 'event-2025-09-28-2'."""
    return "event-" + when.replace(".", "-")


def summary_of_ops(pieces: list[tuple[Op, str]]) -> tuple[int, int]:
    """How many words a redline inserts and deletes (for the page's counts and the tests)."""
    ins = sum(len(t.split()) for op, t in pieces if op == "insert")
    dels = sum(len(t.split()) for op, t in pieces if op == "delete")
    return ins, dels
