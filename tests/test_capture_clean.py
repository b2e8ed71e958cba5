"""Cleaning captured text: page furniture of plain text and PDFs set aside (and listed), pages, citation labels."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefbook.clean import byline_authors, clean
from briefbook.labels import para_label
from briefbook.load import load_sources
from briefbook.pages import running_furniture
from capture_fixtures import TEXT_A, TEXT_B

META = "title: {title}\noutlet: The Caspian Ledger\nurl: https://caspianledger.example/x\ndate: 2024\n"


def cleaned(tmp_path: Path, text: str, title: str = "Headline"):
    (tmp_path / "x.txt").write_text(text, encoding="utf-8")
    (tmp_path / "x.yaml").write_text(META.format(title=f'"{title}"'), encoding="utf-8")
    (src,) = load_sources(tmp_path)
    return src, clean(src)


def test_plain_text_furniture_is_set_aside_and_prose_kept(tmp_path):
    _, c = cleaned(tmp_path, TEXT_A, "Grain exports from Aktau rise for a third year")
    aside = {s.text: s.reason for s in c.set_aside}
    assert aside == {
        "Grain exports from Aktau rise for a third year": "headline (shown as the page title)",
        "By Daniyar Seitkali and Mina Rostami": "byline (authors go in the metadata)",
        "Photo: Ledger staff": "page furniture (photo credit)",
        "Related: Port of Anzali opens grain terminal after two-year delay": "page furniture (link to another story)",
        "© 2024 The Caspian Ledger. All rights reserved.": "page furniture (copyright line)",
    }
    assert [p.text[:20] for p in c.paragraphs] == ["Kazakhstan's port of", "By 2025, officials e"]
    assert all(p.page is None for p in c.paragraphs) and c.pages is None


def test_photo_in_brackets_and_copyright_without_symbol(tmp_path):
    _, c = cleaned(tmp_path, TEXT_B, "Ferry timetable changes across the Caspian")
    assert {s.text: s.reason for s in c.set_aside if "furniture" in s.reason} == {
        "(Photo: Caspian Shipping Company)": "page furniture (photo credit)",
        "Copyright 2024 The Caspian Ledger": "page furniture (copyright line)",
    }
    assert len(c.paragraphs) == 2


@pytest.mark.parametrize("line, authors", [
    ("By Mina Rostami", ("Mina Rostami",)),
    ("By Mina Rostami and John O'Neill", ("Mina Rostami", "John O'Neill")),
    ("By MINA ROSTAMI | 5 March 2024", ("MINA ROSTAMI",)),
    ("By Mina Rostami, Reuters", ("Mina Rostami", "Reuters")),
    ("By 2025, Iran had received the first deliveries.", ()),
    ("By contrast, the treaty says nothing about arms", ()),
    ("By Monday, officials said, the ship had berthed.", ()),
    ("Written by Mina Rostami", ()),
])
def test_byline_is_a_whole_line_of_names_only(line, authors):
    assert byline_authors(line) == authors


@pytest.mark.parametrize("line", [
    "Photographs of the ceremony were shown on state television.",
    "Related stories appeared in the Iranian press the next day.",
    "Copyright law does not protect facts.",
    "By 2025, Iran had received the first deliveries",
])
def test_prose_that_looks_like_furniture_is_kept(tmp_path, line):
    _, c = cleaned(tmp_path, f"First sentence of the article.\n\n{line}\n\nLast sentence of the article.\n")
    assert line in [p.text for p in c.paragraphs]


PAGED = ("Annual Report 2024\n\nFirst paragraph on page one.\n\nSecond paragraph, with a mark.¹\n\n"
         "¹ A footnote.\n\nPage 1 of 3\n\n\f\n\nAnnual Report 2024\n\nThird paragraph.\n\n2\n\n\f\n\n"
         "Annual Report 2024\n\nFourth paragraph.\n\nPage 3 of 3\n")


def test_paged_text_sets_aside_headers_footers_and_numbers_and_knows_pages(tmp_path):
    src, c = cleaned(tmp_path, PAGED, "Annual Report on Shipping")
    assert c.pages == 3
    assert [(p.number, p.page, p.text) for p in c.paragraphs] == [
        (1, 1, "First paragraph on page one."), (2, 1, "Second paragraph, with a mark.¹"), (3, 1, "¹ A footnote."),
        (4, 2, "Third paragraph."), (5, 3, "Fourth paragraph."),
    ]
    assert [(s.text, s.reason) for s in c.set_aside] == [
        ("Annual Report 2024", "running header (repeated on 3 pages)"), ("Page 1 of 3", "page number"),
        ("Annual Report 2024", "running header (repeated on 3 pages)"), ("2", "page number"),
        ("Annual Report 2024", "running header (repeated on 3 pages)"), ("Page 3 of 3", "page number"),
    ]
    assert para_label(src.label, c.paragraphs[3]) == "The Caspian Ledger 2024, p. 2 ¶4"


def test_pdftotext_form_feeds_at_line_starts(tmp_path):
    text = "Report\nOne.\n2025-01 draft\n\fReport\nTwo.\n2025-02 draft\n\fReport\nThree.\n2025-03 draft\n"
    _, c = cleaned(tmp_path, text, "Some title")
    assert [(p.page, p.text) for p in c.paragraphs] == [(1, "One."), (2, "Two."), (3, "Three.")]
    assert [s.reason for s in c.set_aside].count("running footer (repeated on 3 pages)") == 3


def test_a_heading_at_the_top_of_one_page_is_not_a_running_header():
    pages = [["Header", "Introduction", "Text."], ["Header", "Background", "More."], ["Header", "Text.", "9"]]
    found = running_furniture(pages)
    assert found == {(0, 0): "running header (repeated on 3 pages)", (1, 0): "running header (repeated on 3 pages)",
                     (2, 0): "running header (repeated on 3 pages)", (2, 2): "page number"}


def test_citation_label_without_pages(tmp_path):
    src, c = cleaned(tmp_path, "One.\n\nTwo.\n")
    assert para_label(src.label, c.paragraphs[1]) == "The Caspian Ledger 2024, ¶2"
