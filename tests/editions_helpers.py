"""Publishing an edition of a copied book and changing it, for the tests of the redline, change marks and
the edition switcher (until `briefbook publish` is used: it writes the same two files)."""

from __future__ import annotations

import json
from pathlib import Path

from briefbook.book import load_book
from briefbook.snapshot import dumps, snapshot

#: What change_book changes: a judgment's likelihood, a new note (with a hostile text), a glossary typo marked
#: minor, a timeline event, a paragraph of the overview.
NEW_NOTE = "A new note: the `<script>alert(1)</script>` tag and **stars** stay text on the redline."
TYPO, FIXED = "non-perfomance", "non-performance"
OVERVIEW_OLD = "*An annotated briefing book. Facts as of late October 2025.*"
OVERVIEW_NEW = "*An annotated briefing book. Facts as of early November 2025.*"
EVENT_OLD = "event: The United States withdraws from the JCPOA."
EVENT_NEW = "event: The United States withdraws from the JCPOA under President Trump."


def introduce_typo(root: Path) -> None:
    """A typo in the snapback entry of the glossary (before an edition is published, for change_book to fix)."""
    glossary = root / "sources" / "glossary.yaml"
    glossary.write_text(glossary.read_text().replace(FIXED, TYPO, 1))


def publish_edition(root: Path, date: str = "2025-10-31", number: int = 1, errata: tuple = ()) -> Path:
    """Record the book as it is as an edition in root/editions/<date>/ (edition.json, snapshot.json)."""
    book = load_book(root / "sources", root / "docs")
    folder = root / "editions" / date
    folder.mkdir(parents=True)
    (folder / "edition.json").write_text(json.dumps({"number": number, "revision": 0, "date": date,
                                                          "errata": [{"change": c, "note": n} for c, n in errata]}))
    (folder / "snapshot.json").write_text(dumps(snapshot(book, root)), encoding="utf-8")
    return folder


def change_book(root: Path) -> None:
    """A judgment's likelihood, a new note, a glossary typo fixed and marked minor, a timeline event, the
    overview's subtitle."""
    src = root / "sources"
    judgments = src / "judgments.yaml"
    judgments.write_text(judgments.read_text().replace("likelihood: very likely", "likelihood: almost certain", 1))
    meta = src / "tehran-times-2020-lavrov-full-right.yaml"
    meta.write_text(meta.read_text().replace("notes:\n", f"notes:\n  - para: 2\n    text: {json.dumps(NEW_NOTE)}\n",
                                             1))
    glossary = src / "glossary.yaml"
    glossary.write_text(glossary.read_text().replace(TYPO, FIXED))
    (src / "changes.yaml").write_text(f'minor:\n  - change: "glossary:snapback"\n    note: "Typo: {TYPO}."\n')
    timeline = src / "timeline.yaml"
    timeline.write_text(timeline.read_text().replace(EVENT_OLD, EVENT_NEW, 1))
    index = root / "docs" / "index.md"
    index.write_text(index.read_text().replace(OVERVIEW_OLD, OVERVIEW_NEW))
