"""Reading captures: each kind is recognised by its bytes and its text derived; what cannot be read is refused."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from briefbook.capture import extract, sniff
from briefbook.capture.html import visible_blocks
from briefbook.capture.pdf import join_hyphen
from briefbook.errors import BriefbookError
from capture_fixtures import (
    ARCHIVED_AT,
    FIXTURES,
    PAGE_URL,
    PNG,
    docx_bytes,
    mhtml_bytes,
    news_html,
    save_from_local_server,
    wacz_bytes,
    warc_bytes,
)

BODY = [
    "Port of Anzali opens grain terminal after two-year delay",
    "The new terminal doubles the port's grain capacity, officials said.",
    "The Port of Anzali on the Caspian coast opened its new grain terminal on Monday, two years later than first "
    "planned, the port authority said in a statement.",
]
LAST = ("The port handled 3.1 million tonnes of cargo of all kinds last year, the authority said, and expects the "
        "new terminal to lift that figure above four million tonnes by 2026.")
LEFT_OUT = [  # navigation, ads, byline, share buttons, caption, tags, related links, newsletter, footer
    "Politics", "Subscribe for unlimited access", "AdvertisementFly Caspian Air: fares to Baku from 99 euros. Book now!",
    "By Mina Rostami · 5 March 2024 · 4 min read", "Share on Facebook Share on X Email this story",
    "Cranes at the new grain terminal. Photo: Ledger staff", "Tags: Ports Grain Caspian",
    "Aktau wheat exports rise for third year", "Sign up for our daily newsletter.",
    "About us Contact Privacy policy Terms of use", "© 2024 The Caspian Ledger. All rights reserved.",
]


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


def check_news_page(cap) -> None:
    body = paragraphs(cap.text)
    assert body[:3] == BODY and body[-1] == LAST and len(body) == 8
    assert not any(word in cap.text for word in ("Advertisement", "Share on", "cookies", "Related stories", "©"))
    assert all(item in cap.left_out for item in LEFT_OUT)
    assert cap.prefill.title == BODY[0] and cap.prefill.outlet == "The Caspian Ledger"
    assert cap.prefill.url == PAGE_URL and cap.prefill.date == "2024-03-05" and cap.prefill.authors == ("Mina Rostami",)
    assert cap.extractor.startswith("trafilatura ")


def test_saved_web_page(tmp_path):
    page = save_from_local_server(tmp_path / "anzali.html")
    cap = extract(page)
    assert cap.kind == "html" and cap.original == page.read_bytes() and cap.suffix == ".html"
    check_news_page(cap)


def test_no_text_of_a_page_is_lost_silently(tmp_path):
    from trafilatura.utils import load_html

    cap = extract(save_from_local_server(tmp_path / "anzali.html"))
    body = " ".join(paragraphs(cap.text))
    for block in visible_blocks(load_html(news_html())):
        assert block in cap.left_out or block in body


def test_a_page_with_no_date_gets_one_from_htmldate(tmp_path):
    html = news_html().replace(b'<meta property="article:published_time" content="2024-03-05T09:30:00+03:30">', b"")
    html = html.replace(b'"datePublished": "2024-03-05T09:30:00+03:30",', b"")
    html = html.replace(b'<time datetime="2024-03-05T09:30:00+03:30">5 March 2024</time>', b"5 March 2024")
    page = tmp_path / "p.html"
    page.write_bytes(html.replace(b"/2024/03/", b"/2024/03/05/"))
    assert extract(page).prefill.date == "2024-03-05"


def test_mhtml(tmp_path):
    page = tmp_path / "anzali.mhtml"
    page.write_bytes(mhtml_bytes())
    cap = extract(page)
    assert cap.kind == "mhtml" and cap.prefill.accessed == "2024-03-06"
    check_news_page(cap)


@pytest.mark.parametrize("name, compressed", [("page.warc.gz", True), ("page.warc", False)])
def test_warc_follows_the_redirect_to_the_page(tmp_path, name, compressed):
    archive = tmp_path / name
    archive.write_bytes(warc_bytes(gzip=compressed))
    cap = extract(archive)
    assert cap.kind == ("warc.gz" if compressed else "warc") and cap.type == "warc"
    check_news_page(cap)
    assert cap.prefill.accessed == ARCHIVED_AT[:10]
    assert cap.record_digest.startswith("sha1:")
    assert cap.original == archive.read_bytes()


def test_warc_page_not_archived_names_what_is(tmp_path):
    archive = tmp_path / "page.warc.gz"
    archive.write_bytes(warc_bytes())
    with pytest.raises(BriefbookError) as info:
        extract(archive, url="https://elsewhere.example/x")
    (problem,) = info.value.problems
    assert "has no archived HTML page for https://elsewhere.example/x" in str(problem)
    assert f"--url {PAGE_URL}" in str(problem)


def test_wacz(tmp_path):
    archive = tmp_path / "page.wacz"
    archive.write_bytes(wacz_bytes())
    cap = extract(archive)
    assert cap.kind == "wacz" and cap.prefill.accessed == "2024-03-06"
    check_news_page(cap)


def test_pdf_paragraphs_pages_hyphens_and_footnotes():
    cap = extract(FIXTURES / "report.pdf")
    assert cap.kind == "pdf" and cap.extractor.startswith("pdfminer.six ")
    pages = cap.text.split("\n\f\n")
    assert len(pages) == 3
    first = paragraphs(pages[0])
    assert first[0] == "Caspian Sea Shipping: Background and Issues CRS R40001"  # the running header
    assert first[-1] == "1"  # the page number
    summary = next(p for p in first if p.startswith("The Caspian Sea is"))
    assert summary.endswith("goods moving along the so-called Middle Corridor.¹")  # lines rejoined, mark kept
    text = cap.text
    for word in ("approach channels", "the region because", "regional connectivity", "dredging programmes",
                 "further development", "construction contracts", "customs facilities", "Georgia."):
        assert word in text  # hyphenation at line ends undone
    for compound in ("long-range implications", "state-linked", "so-called", "Trans-Caspian"):
        assert compound in text  # real compounds kept
    assert "¹ The Middle Corridor is the Trans-Caspian" in text  # the footnote, kept as text
    # A paragraph that runs over the page break is one paragraph, on the page it starts on.
    assert "the implementation of existing sanctions programmes, the economic prospects" in paragraphs(pages[1])[-3]
    assert cap.prefill == cap.prefill.__class__(title="Caspian Sea Shipping: Background and Issues",
                                                date="2025-05-06", authors=("Jordan Avery",))


def test_line_end_hyphens():
    doc = "the well-known case"
    assert join_hyphen("approach chan-", "nels and", doc) == "approach channels and"
    assert join_hyphen("a well-", "known case", doc) == "a well-known case"  # written so elsewhere
    assert join_hyphen("its long-", "range aims", doc) == "its long-range aims"  # "longrange" is no word
    assert join_hyphen("Trans-", "Caspian route", doc) == "Trans-Caspian route"  # capital after the hyphen
    assert join_hyphen("in 2019-", "2020 it", doc) == "in 2019-2020 it"
    assert join_hyphen("one line", "and the next", doc) == "one line and the next"


def refused(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(BriefbookError) as info:
        extract(path)
    (problem,) = info.value.problems
    return str(problem)


def test_scan_without_text_layer_is_refused(tmp_path):
    message = refused(tmp_path, "scan.pdf", (FIXTURES / "scan.pdf").read_bytes())
    assert "scan.pdf: has no text layer (a scanned document?)" in message
    assert "ocrmypdf in.pdf out.pdf" in message and "iconv" not in message


@pytest.mark.parametrize("name, data, expected", [
    ("photo.png", PNG, "is an image (PNG), which has no text to cite."),
    ("report.docx", docx_bytes(), "is a Word document (.docx)"),
    ("blob.bin", b"\x00\x01\x02binary", "is a binary file (it contains NUL bytes)"),
    ("page.txt", news_html(), "is named .txt but looks like a saved web page (HTML). Fix: rename it to .html"),
    ("report.txt", (FIXTURES / "report.pdf").read_bytes(), "is named .txt but looks like a PDF document"),
    ("notes.txt", "caf\u00e9".encode("utf-16"), "is UTF-16 text"),
    ("x.gz", gzip.compress(b"hello"), "is a gzip-compressed file that is not a web archive"),
    ("latin1.txt", "Caf\u00e9 au lait.\n".encode("latin-1"), "is not UTF-8 text (byte 0xe9"),
], ids=["png", "docx", "binary", "html-as-txt", "pdf-as-txt", "utf16", "gzip", "latin1"])
def test_what_cannot_be_read_is_refused_with_what_to_do(tmp_path, name, data, expected):
    message = refused(tmp_path, name, data)
    assert expected in message and " Fix: " in message
    assert ("iconv" in message) == (name in ("latin1.txt", "notes.txt"))  # never for a binary or a PDF


def test_kind_is_chosen_by_content_not_name(tmp_path):
    assert sniff(tmp_path / "a.html", (FIXTURES / "report.pdf").read_bytes()) == "pdf"
    assert sniff(tmp_path / "download", news_html()) == "html"
    assert sniff(tmp_path / "a.bin", warc_bytes()) == "warc.gz"
    assert sniff(tmp_path / "a.zip", wacz_bytes()) == "wacz"
    assert sniff(tmp_path / "a.eml", mhtml_bytes()) == "mhtml"
    assert sniff(tmp_path / "a.html", b"Just text.\n") == "text"
