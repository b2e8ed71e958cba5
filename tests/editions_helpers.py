"""Publishing an edition of a copied book (`briefbook publish`) and changing it, for the tests of the redline,
the change marks and the edition switcher."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

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


def publish_edition(root: Path, date: str = "2025-10-31", out: str = "out") -> Path:
    """`briefbook publish` the book as it is (recorded in root/editions/<date>/, built to HTML in root/out)."""
    run = subprocess.run([sys.executable, "-m", "briefbook.cli", "publish", "-q", "--format", "html", "--date", date,
                          "--sources", str(root / "sources"), "--docs", str(root / "docs"), "--out", str(root / out)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return root / "editions" / date


def set_likelihood(root: Path, old: str, new: str, why: str) -> None:
    """Change the first judgment's likelihood, saying why (`change:`, as the linter asks)."""
    judgments = root / "sources" / "judgments.yaml"
    text = judgments.read_text()
    text = re.sub(r"\n    change: .*", "", text, count=1)
    judgments.write_text(text.replace(f"likelihood: {old}", f"likelihood: {new}\n    change: {json.dumps(why)}", 1))


def change_book(root: Path) -> None:
    """A judgment's likelihood, a new note, a glossary typo fixed and marked minor, a timeline event, the
    overview's subtitle."""
    src = root / "sources"
    set_likelihood(root, "very likely", "almost certain",
                   "Raised: the 2025 remarks repeat the 2020 claim ({para}`inter-bellum-news-2025:3`).")
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
