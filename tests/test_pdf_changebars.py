"""Change bars in the printed book: beside each changed analyst text, in the left margin, and nowhere else."""

from __future__ import annotations

import re

import pikepdf
import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTTextLine

import pdfcheck
from editions_helpers import OVERVIEW_NEW, change_book, introduce_typo, publish_edition
from helpers import build_copy, copy_book

pytestmark = pytest.mark.pdf
_BAR = re.compile(rb"/Artifact BMC q 0 g ((?:[\d.]+ [\d.]+ [\d.]+ [\d.]+ re f ?)+)Q EMC")


@pytest.fixture(scope="module")
def changed_pdf(tmp_path_factory):
    root = copy_book(tmp_path_factory.mktemp("changebars"))
    introduce_typo(root)
    publish_edition(root)
    change_book(root)
    build_copy(root, "pdf", SOURCE_DATE_EPOCH="1763856000")
    return root / "out" / "pdf" / "briefing-book.pdf"


def bars(path) -> dict[int, list[tuple[float, float, float, float]]]:
    """page number -> each bar drawn on it (x, y, width, height), from the pages' content streams."""
    out: dict[int, list] = {}
    with pikepdf.open(path) as pdf:
        for n, page in enumerate(pdf.pages, 1):
            contents = page.Contents if isinstance(page.Contents, pikepdf.Array) else [page.Contents]
            data = b"".join(c.read_bytes() for c in contents)
            for group in _BAR.findall(data):
                numbers = [float(x) for x in re.findall(rb"[\d.]+", group)]
                out.setdefault(n, []).extend(tuple(numbers[i:i + 4]) for i in range(0, len(numbers), 4))
    return out


def lines(path) -> list[tuple[int, float, float, str]]:
    """Every text line: (page, its left edge, its vertical middle, its text)."""
    return [(n, line.x0, (line.y0 + line.y1) / 2, " ".join(line.get_text().split()))
            for n, page in enumerate(extract_pages(path), 1)
            for box in page for line in (box if hasattr(box, "__iter__") else []) if isinstance(line, LTTextLine)]


def beside(found, page: int, y: float) -> bool:
    return any(x < 60 and y0 <= y <= y0 + h for x, y0, _w, h in found.get(page, []))


def test_a_bar_is_beside_each_changed_text_and_nowhere_else(changed_pdf):
    found, text = bars(changed_pdf), lines(changed_pdf)
    assert found, "no change bar was drawn"
    left_edge = min(x for _, x, _, t in text if t)
    assert all(x + w < left_edge for page in found.values() for x, _y, w, _h in page), "every bar is in the margin"
    # The changed texts: the overview's subtitle, the first judgment, the new note, the corrected glossary
    # entry, the timeline event.
    changed = [OVERVIEW_NEW.strip("*"), "1. Bottom line. Russia will very likely", "A new note: the",
               "sanctions relief (the Council President tables it", "withdraws from the JCPOA under"]
    for words in changed:
        at = [(p, y) for p, _x, y, t in text if words in t]
        assert at, words
        assert any(beside(found, p, y) for p, y in at), f"no bar beside {words!r}"
    # Unchanged text has none: the second judgment, a note that did not change, another glossary entry.
    unchanged = ["2. The legal ground of Russia", "Date. The interview was", "The Joint Comprehensive Plan",
                 "A US draft to extend the arms restrictions"]
    for words in unchanged:
        at = [(p, y) for p, _x, y, t in text if words in t]
        assert at and not any(beside(found, p, y) for p, y in at), words


def test_the_book_with_change_bars_is_still_a_valid_tagged_pdf(changed_pdf):
    assert pdfcheck.problems(changed_pdf) == []
