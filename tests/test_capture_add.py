"""`briefbook add` with real captures: every kind added in one command, keys and slugs, refusals that write nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from briefbook.clean import clean
from briefbook.cli import main
from briefbook.errors import BriefbookError, Problem
from briefbook.load import load_sources
from capture_fixtures import (
    FIXTURES,
    PAGE_URL,
    PNG,
    TEXT_A,
    TEXT_B,
    TEXT_FLAGS,
    docx_bytes,
    news_html,
    save_from_local_server,
    warc_bytes,
)
from helpers import tree_state

OTHER_URL = "https://caspianledger.example/business/2024/09/anzali-second-phase"


def other_page() -> bytes:
    """A second article of the same outlet and year (for the web archive)."""
    html = news_html().replace(PAGE_URL.encode(), OTHER_URL.encode())
    return (html.replace(b"Port of Anzali opens grain terminal after two-year delay",
                         b"Anzali terminal opens cold-storage wing")
            .replace(b"2024-03-05", b"2024-09-12").replace(b"5 March 2024", b"12 September 2024")
            .replace(b"on Monday, two years later", b"on Thursday, a year after its grain terminal and two years later"))


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefbook.cli", *args], capture_output=True, text=True)


@pytest.fixture
def captures(tmp_path) -> Path:
    folder = tmp_path / "captures"
    folder.mkdir()
    save_from_local_server(folder / "anzali.html")
    (folder / "anzali.warc.gz").write_bytes(warc_bytes())  # the same page as anzali.html
    (folder / "anzali-updated.html").write_bytes(news_html().replace(b"on Monday", b"on Monday 4 March"))
    (folder / "second.warc.gz").write_bytes(_warc_of(other_page()))
    (folder / "crs-report.pdf").write_bytes((FIXTURES / "report.pdf").read_bytes())
    (folder / "aktau.txt").write_text(TEXT_A, encoding="utf-8")
    (folder / "ferries.txt").write_text(TEXT_B, encoding="utf-8")
    return folder


def _warc_of(html: bytes) -> bytes:
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(OTHER_URL, "response", payload=io.BytesIO(html), http_headers=http,
                                                  warc_headers_dict={"WARC-Date": "2024-09-13T08:00:00Z"}))
    return buf.getvalue()


def test_every_kind_of_capture_in_an_empty_folder_then_check(tmp_path, captures):
    book = tmp_path / "book"
    book.mkdir()
    sources = book / "sources"

    def add(name: str, *flags: str) -> str:
        run = subprocess.run([sys.executable, "-m", "briefbook.cli", "add", str(captures / name), *flags],
                             capture_output=True, text=True, cwd=book)
        assert run.returncode == 0, run.stderr
        assert "Traceback" not in run.stderr
        return run.stdout

    out = add("anzali.html")
    assert "slug: the-caspian-ledger-2024-port-of-anzali-opens-grain-terminal" in out
    assert 'key:  the-caspian-ledger-2024  (cited as "The Caspian Ledger 2024")' in out
    out = add("second.warc.gz")
    assert 'key:  the-caspian-ledger-2024b  (cited as "The Caspian Ledger 2024b")' in out
    out = add("crs-report.pdf", "--outlet", "CRS", "--url", "https://crs.example/R40001")
    assert "key:  crs-2025" in out
    add("aktau.txt", *[f.replace("The Caspian Ledger", "Aktau Herald") for f in TEXT_FLAGS["a"]])
    out = add("ferries.txt", *[f.replace("The Caspian Ledger", "Aktau Herald") for f in TEXT_FLAGS["b"]])
    assert 'key:  aktau-herald-2024b  (cited as "Aktau Herald 2024b")' in out

    check = subprocess.run([sys.executable, "-m", "briefbook.cli", "check"], capture_output=True, text=True, cwd=book)
    assert check.returncode == 0, check.stderr
    assert "5 sources in sources: all valid." in check.stdout

    found = {s.slug: (s, clean(s)) for s in load_sources(sources)}
    labels = sorted(s.label for s, _ in found.values())
    assert labels == ["Aktau Herald 2024a", "Aktau Herald 2024b", "CRS 2025", "The Caspian Ledger 2024a",
                      "The Caspian Ledger 2024b"]
    # The saved page: article text only; navigation, ads and footer listed as set aside.
    page, page_clean = next((s, c) for s, c in found.values() if s.meta.capture and s.meta.capture.type == "html")
    assert page.original_path.read_bytes() == (captures / "anzali.html").read_bytes()
    assert [p.text for p in page_clean.paragraphs][0].startswith("The new terminal doubles")
    body = " ".join(p.text for p in page_clean.paragraphs)
    assert "Advertisement" not in body and "Share on" not in body and "All rights reserved" not in body
    left = {s.text for s in page_clean.set_aside if s.file}
    assert {"Politics", "© 2024 The Caspian Ledger. All rights reserved.", "Share on Facebook Share on X"} <= left
    # The archive: the capture date is `accessed`, the record digest is kept.
    archive = next(s for s, _ in found.values() if s.meta.capture and s.meta.capture.type == "warc")
    assert archive.meta.accessed.iso() == "2024-09-13" and archive.meta.capture.record_digest.startswith("sha1:")
    assert archive.meta.url == OTHER_URL
    # The PDF: paragraphs know their page; headers and page numbers set aside.
    pdf, pdf_clean = next((s, c) for s, c in found.values() if s.meta.capture and s.meta.capture.type == "pdf")
    assert pdf.meta.title == "Caspian Sea Shipping: Background and Issues" and pdf.meta.date.iso() == "2025-05-06"
    assert {p.page for p in pdf_clean.paragraphs} == {1, 2, 3}
    assert {s.reason for s in pdf_clean.set_aside} >= {"page number", "running header (repeated on 3 pages)"}
    # Plain text: byte for byte, the byline offered as authors.
    aktau = next(s for s, _ in found.values() if s.meta.outlet == "Aktau Herald" and s.meta.date.month == 2)
    assert aktau.txt_path.read_bytes() == (captures / "aktau.txt").read_bytes()
    assert aktau.meta.authors == ["Daniyar Seitkali", "Mina Rostami"]
    # Every key is written, and fixed.
    for s, _ in found.values():
        assert yaml.safe_load(s.yaml_path.read_text())["key"] == s.key


def _refusal(capsys, sources: Path, *args: str) -> str:
    before = tree_state(sources.parent)
    assert main(["add", *args, "--sources", str(sources)]) == 1
    err = capsys.readouterr().err
    assert tree_state(sources.parent) == before
    assert err.count(" Fix: ") == 1 and "1 problem found; nothing was written." in err
    return err


def test_refusals_write_nothing(tmp_path, captures, capsys):
    sources = tmp_path / "book" / "sources"
    assert main(["add", str(captures / "anzali.html"), "--sources", str(sources)]) == 0
    capsys.readouterr()
    # The same capture again, and the same page in a web archive (same address).
    err = _refusal(capsys, sources, str(captures / "anzali.html"), "--title", "Another title")
    assert "is already a source:" in err and "the-caspian-ledger-2024-port-of-anzali-opens-grain-terminal.yaml" in err
    err = _refusal(capsys, sources, str(captures / "anzali.warc.gz"))
    assert "has the same capture" in err
    err = _refusal(capsys, sources, str(captures / "anzali-updated.html"))
    assert f"has the same address ({PAGE_URL})" in err
    # A scan, an image, an office file, a saved page named .txt, a binary.
    err = _refusal(capsys, sources, str(FIXTURES / "scan.pdf"), "--outlet", "X", "--url", "https://x.example/s")
    assert "has no text layer (a scanned document?)" in err and "ocrmypdf" in err
    for name, data, expected in [("image.png", PNG, "is an image (PNG)"),
                                 ("brief.docx", docx_bytes(), "is a Word document (.docx)"),
                                 ("page.txt", news_html(), "looks like a saved web page (HTML). Fix: rename it to .html"),
                                 ("data.bin", b"\x00" * 64, "is a binary file")]:
        (captures / name).write_bytes(data)
        assert expected in _refusal(capsys, sources, str(captures / name), *TEXT_FLAGS["a"])
    # A PDF says neither outlet nor address: one message names both flags.
    err = _refusal(capsys, sources, str(captures / "crs-report.pdf"))
    assert "does not give the source's outlet or address: the PDF does not say." in err
    assert '--outlet "OUTLET NAME" --url https://…' in err


def test_a_failed_validation_removes_exactly_what_add_wrote(tmp_path, captures, capsys, monkeypatch):
    import briefbook.book as generate

    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "README.md").write_text("the analyst's file\n")  # not add's: stays
    real = generate.load_book
    calls = []

    def failing(folder):
        calls.append(folder)
        if len(calls) == 2:  # the check after writing
            raise BriefbookError([Problem(folder, "simulated problem.", None, "none.")])
        return real(folder)

    monkeypatch.setattr(generate, "load_book", failing)
    before = tree_state(tmp_path)
    assert main(["add", str(captures / "anzali.html"), "--sources", str(sources)]) == 1
    assert "sources: simulated problem." in capsys.readouterr().err and len(calls) == 2
    assert tree_state(tmp_path) == before


def test_keys_once_written_are_never_renamed(tmp_path, capsys):
    sources = tmp_path / "sources"
    for n, (month, title) in enumerate([("06", "Second story"), ("01", "First story"), ("03", "Third story")]):
        capture = tmp_path / f"c{n}.txt"
        capture.write_text(f"Text of story {n}.\n")
        assert main(["add", str(capture), "--sources", str(sources), "--title", title, "--outlet", "Tehran Times",
                     "--url", f"https://tehrantimes.example/{n}", "--date", f"2020-{month}-01"]) == 0
    keys = {s.meta.title: (s.key, s.label) for s in load_sources(sources)}
    # Letters follow the order of adding: a key once written does not change when an earlier-dated story arrives.
    assert keys == {"Second story": ("tehran-times-2020", "Tehran Times 2020a"),
                    "First story": ("tehran-times-2020b", "Tehran Times 2020b"),
                    "Third story": ("tehran-times-2020c", "Tehran Times 2020c")}


def test_cyrillic_outlet_and_long_titles_give_readable_slugs_and_keys(tmp_path, capsys):
    sources = tmp_path / "sources"
    title = "Лавров: у России нет ограничений на военно-техническое сотрудничество с Ираном и другими странами"
    for n in range(2):
        capture = tmp_path / f"c{n}.txt"
        capture.write_text(f"Текст статьи {n}.\n")
        assert main(["add", str(capture), "--sources", str(sources), "--title", title, "--outlet", "Российская газета",
                     "--url", f"https://rg.example/{n}", "--date", "2025-10-13"]) == 0
    out = capsys.readouterr().out
    assert "slug: rossiiskaia-gazeta-2025-lavrov-u-rossii-net-ogranichenii-na\n" in out  # cut at a word, <= 60
    assert "slug: rossiiskaia-gazeta-2025-lavrov-u-rossii-net-ogranichenii-na-2\n" in out
    assert "key:  rossiiskaia-gazeta-2025b" in out
    assert sorted(s.label for s in load_sources(sources)) == ["Российская газета 2025a", "Российская газета 2025b"]


def test_the_loader_checks_the_original_and_refuses_stray_files(tmp_path, captures, capsys):
    sources = tmp_path / "sources"
    assert main(["add", str(captures / "crs-report.pdf"), "--sources", str(sources), "--outlet", "CRS",
                 "--url", "https://crs.example/R40001"]) == 0
    (src,) = load_sources(sources)
    original = src.original_path
    (sources / "stray.pdf").write_bytes(original.read_bytes())
    data = original.read_bytes()
    original.write_bytes(data + b"\n% changed")
    with pytest.raises(BriefbookError) as info:
        load_sources(sources)
    messages = [str(p) for p in info.value.problems]
    assert any(f"{original.name}: no longer matches the SHA-256 recorded in {src.yaml_path.name} (capture.sha256"
               in m and "Fix: restore the file as captured; if the change is deliberate, set `sha256: " in m
               for m in messages)
    assert any("stray.pdf: is neither a captured text (.txt) nor its metadata (.yaml)" in m for m in messages)
    original.unlink()
    with pytest.raises(BriefbookError) as info:
        load_sources(sources)
    assert any(f"names the original capture {original.name} (capture.file), which is not in the sources folder" in str(p)
               for p in info.value.problems)
