"""The printed book as a reader sees it: how many pages, where the key judgments start, the index, the type
size, one citation style in the PDF and the HTML; every page kept as an image in tests/artifacts/."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar
from pybtex.database import parse_file
from pypdf import PdfReader

from briefbook.bibstyle import LabelStyle, SortingStyle
from briefbook.glossary import load_glossary
from helpers import ARTIFACTS

pytestmark = pytest.mark.pdf
#: The two-source book with its graded judgments, scale and source weights: the layout before issue 14's
#: took 25 pages for it (22 before the judgments were added), with near-blank pages; this one takes 21.
PAGE_BUDGET = 21


def book(built_pdf: Path) -> Path:
    return built_pdf / "out" / "pdf" / "briefing-book.pdf"


def pages_text(pdf: Path) -> list[str]:
    """The text of each page, as pdftotext reads it (reading order), one string a page."""
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return out.split("\f")[:-1]


def flat(text: str) -> str:
    """Text with line-end hyphenation undone and white space folded."""
    return " ".join(re.sub(r"(\w)-\n(\w)", r"\1\2", text.replace("\u00ad", "")).split())


def labels(bib: Path) -> list[str]:
    """Every bibliography label of the built book ("Tehran Times 2020", "UN SC/14277"), as pybtex makes them."""
    entries = SortingStyle().sort(parse_file(str(bib)).entries.values())
    return list(LabelStyle().format_labels(entries))


def test_the_page_count_tracks_the_content_and_no_page_is_near_blank(built_pdf):
    texts = pages_text(book(built_pdf))
    assert len(texts) <= PAGE_BUDGET, f"{len(texts)} pages"
    lines = [len([line for line in text.splitlines() if line.strip()]) for text in texts]
    # The cover and the contents are short by nature; every other page is at least a third full
    # (a full page holds about 45 lines), the last one aside.
    thin = [n + 1 for n, count in enumerate(lines[2:-1], start=2) if count < 15]
    assert thin == [], f"near-blank pages {thin}: {lines}"


def test_the_key_judgments_start_on_the_first_page_after_the_contents(built_pdf, built_book):
    texts = pages_text(book(built_pdf))
    contents = next(n for n, text in enumerate(texts) if text.lstrip().startswith("Contents"))
    assert contents == 1, "the contents follow the cover"
    opening = flat(texts[contents + 1])
    overview = BeautifulSoup((built_book / "out" / "html" / "index.html").read_text(), "html.parser")
    judgment = overview.select_one("#key-judgments .bb-judgment p, #key-judgments ol > li")
    first = " ".join(judgment.get_text(" ").split()[:4]).removeprefix("1. ")
    assert "Key judgments" in opening and f"1. {first}" in opening, (first, opening[:400])
    assert opening.index("Overview") < opening.index("Key judgments")
    outline = [item.title for item in PdfReader(book(built_pdf)).outline if not isinstance(item, list)]
    assert outline[:2] == ["Overview", "Sources"], "the overview's sections are sections of one chapter"


def test_the_index_is_in_the_body_font_and_has_each_term_once(built_pdf):
    texts = pages_text(book(built_pdf))
    first = max(n for n, text in enumerate(texts) if re.search(r"(?m)^Index$", text))
    whole = "\n".join(texts[first:])
    index = flat(whole[re.search(r"(?m)^Index$", whole).end():])
    fonts = subprocess.run(["pdffonts", "-f", str(first + 1), "-l", str(len(texts)), str(book(built_pdf))],
                           capture_output=True, text=True, check=True).stdout
    assert "Pagella" in fonts, fonts
    glossary, _ = load_glossary(built_pdf / "sources")
    names = [t.term for t in glossary.terms] + [e.name for e in glossary.entities]
    assert len(names) > 10
    missing, twice = [], []
    for name in names:
        entries = re.findall(rf"(?<![\w-]){re.escape(name)}, \d", index)
        (missing if not entries else twice if len(entries) > 1 else []).append(name)
    assert twice == [], f"in the index more than once: {twice}\n{index}"
    assert len(missing) < len(names) / 2, f"the index lacks most names: {missing}\n{index}"


def test_no_type_is_set_below_10_points(built_pdf):
    sizes: Counter[tuple[str, float]] = Counter()
    for page in extract_pages(str(book(built_pdf))):
        stack = list(page)
        while stack:
            item = stack.pop()
            if isinstance(item, LTChar):
                sizes[(item.fontname.split("+")[-1], round(item.size, 1))] += 1
            elif hasattr(item, "__iter__"):
                stack.extend(item)
    small = {key: count for key, count in sizes.items() if key[1] < 9.95}
    assert small == {}, small
    body = max(sizes, key=lambda key: sizes[key])
    assert "Pagella" in body[0] and body[1] >= 10.9, body


def test_citations_have_one_style_in_the_pdf_and_the_html(built_pdf, built_book):
    texts = pages_text(book(built_pdf))
    pdf = flat("\n".join(texts))
    body = flat("\n".join(texts[2:]))  # after the cover and the contents
    every = labels(built_book / "docs" / "book.bib")
    assert len(every) > 10
    for label in every:
        assert f"[{label}" not in pdf and f"[{label}" not in flat(
            BeautifulSoup((built_book / "out" / "html" / "references.html").read_text(), "html.parser").get_text()), \
            f"{label}: no citation or bibliography entry in brackets"
    overview = BeautifulSoup((built_book / "out" / "html" / "index.html").read_text(), "html.parser")
    html_judgments = flat(overview.select_one("#key-judgments").get_text())
    start = body.index("Key judgments")
    pdf_judgments = body[start:min(body.find(end, start) % len(body) for end in
                                   ("Sources and their weight", "Sources and method"))]
    cited = re.compile(r"\(([^()]*?(?:\d{4}|¶\d+|SC/\d+)[^()]*)\)")
    in_html, in_pdf = cited.findall(html_judgments), cited.findall(pdf_judgments)
    assert len(in_html) > 5 and in_html == in_pdf[:len(in_html)], (in_html, in_pdf)
    assert "(Tehran Times 2020, ¶3; Tehran Times 2020, ¶4)" in html_judgments
    assert "(Reuters, 27 Sep 2025; SunStar 2025)" in html_judgments, "several citations share one pair of parentheses"
    # The bibliography lists each work under its label, its address bare, in both.
    for text in (pdf, flat(BeautifulSoup((built_book / "out" / "html" / "references.html").read_text(),
                                         "html.parser").get_text(" "))):
        assert "URL:" not in text
        assert re.search(r"UN SC/14277 United Nations\. Security Council Announces", text)
        assert re.search(r"Tehran Times 2020 Tehran Times\. Russia has full right", text)


def test_every_page_is_kept_as_an_image_to_look_at(built_pdf):
    ARTIFACTS.mkdir(exist_ok=True)
    for old in ARTIFACTS.glob("pdf-page-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(book(built_pdf)), str(ARTIFACTS / "pdf-page")], check=True)
    images = sorted(ARTIFACTS.glob("pdf-page-*.png"))
    assert len(images) == len(pages_text(book(built_pdf)))
    assert all(image.stat().st_size > 5000 for image in images), "every page has something on it"
