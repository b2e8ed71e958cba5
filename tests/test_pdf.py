"""The printed briefing: built through Sphinx's LaTeX route with LuaLaTeX; its text, links, outline and log."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefbook import pdf as pdfmod
from briefbook.clean import clean
from briefbook.cli import main
from briefbook.load import load_sources
from pdfcheck import problems

pytestmark = pytest.mark.pdf
MARKING = "UNCLASSIFIED — open sources — for briefing use"


def flat(text: str) -> str:
    """PDF text with line-end hyphenation undone and white space folded."""
    text = text.replace("\u00ad", "")
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)
    return " ".join(text.split())


TITLE = "Russia–Iran Military-Technical Cooperation and the UN Framework"
#: A page's running head and foot ("Russia–Iran … Chapter 2. Sources", "UNCLASSIFIED — … 5"): not text.
FURNITURE = re.compile(rf"(?m)^(?:{re.escape(MARKING)}\s*[0-9ivx]*|Russia–Iran Military-Technical Cooperation and "
                       r"the UN Framework\s+(?:Chapter \d+\. .*|Index|References))$\n?")


def pdf_text(reader: PdfReader) -> str:
    """The text of every page, without the running heads and feet (a paragraph may run over a page)."""
    return "\n".join(FURNITURE.sub("", page.extract_text() or "") for page in reader.pages)


@pytest.fixture(scope="module")
def book_pdf(built_pdf):
    path = built_pdf / "out" / "pdf" / "briefing-book.pdf"
    return path, PdfReader(path)


def body_text(reader: PdfReader, title: str) -> str:
    """The PDF's text without each page's running head (the book's title, the chapter) and foot (the marking,
    the page number), which would otherwise stand in the middle of a sentence that runs on to the next page."""
    pages = []
    for page in reader.pages:
        lines = (page.extract_text() or "").splitlines()
        pages.append("\n".join(l for l in lines if not l.startswith((title, MARKING))))
    return "\n".join(pages)


def test_every_body_sentence_of_each_seed_is_in_the_pdf(book_pdf, built_pdf):
    _, reader = book_pdf
    title = reader.metadata.title
    assert title and title in pdf_text(reader)
    text = flat(body_text(reader, title))
    nohyphen = text.replace("-", "")
    for source in load_sources(built_pdf / "sources"):
        for para in clean(source).paragraphs:
            for sentence in re.split(r"(?:(?<=[.!?])|(?<=[.!?][”’])) (?=[“A-Z])", para.text):
                wanted = " ".join(sentence.split())
                assert wanted in text or wanted.replace("-", "") in nohyphen, wanted


def test_glossary_bibliography_and_index_are_in_the_pdf(book_pdf):
    _, reader = book_pdf
    text = flat(pdf_text(reader))
    for term in ("JCPOA", "Resolution 2231", "snapback", "Termination Day", "Chapter VII", "S-400", "Su-35"):
        assert term in text
    for label in ("(Tehran Times 2020)", "(Inter Bellum News 2025)", "(UN SC/14277)", "(CRS IF11583, 25 Sep 2020)"):
        assert label in text
    assert "https://www.tehrantimes.com/news/456360/" in text.replace(" ", "")
    assert text.count("Tehran Times 2020 Tehran Times.") == 1, "the bibliography appears once"
    assert "Lavrov, Sergey" in text and "Weapon systems" in text, "the index"


def test_links_outline_metadata_fonts_and_paper(book_pdf):
    path, reader = book_pdf
    links = [a for page in reader.pages for a in (page.get("/Annots") or []) if a.get_object().get("/Subtype") == "/Link"]
    internal = [a for a in links if "/Dest" in a.get_object() or "/GoTo" in str(a.get_object().get("/A", {}))]
    assert len(internal) > 50, "term, citation and paragraph references are clickable"
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    for wanted in ("Key judgments", "Sources and method", "Sources", "Timeline", "Glossary", "References",
                   "Lavrov Confirms “No Limits” on Military Cooperation with Iran"):
        assert wanted in titles, (wanted, titles)
    info = reader.metadata
    assert info.title.startswith("Russia–Iran") and info.subject and "snapback" in info["/Keywords"] and info.author
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), "every font embedded"
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842), "A4"


def test_cover_and_marking_on_every_page(book_pdf):
    _, reader = book_pdf
    cover = flat(reader.pages[0].extract_text())
    assert "Russia–Iran Military-Technical Cooperation and the UN Framework" in cover
    assert "Compiled 23 November 2025" in cover, "the compilation date honours SOURCE_DATE_EPOCH"
    assert all(MARKING in (page.extract_text() or "") for page in reader.pages[1:]), "the marking line on every page"


def test_the_latex_log_is_clean(built_pdf):
    log = (built_pdf / "out" / "latex" / "briefing-book.log").read_text(errors="replace")
    assert not re.search(r"(Reference|Citation|Hyper reference) `[^']*' on page \d+ undefined", log)
    assert "Missing character" not in log
    assert "Overfull \\hbox" not in log


@pytest.mark.sphinx("latex", testroot="unicode")
def test_cyrillic_persian_and_tex_specials_neither_break_nor_vanish(app, warning, tmp_path):
    app.build()
    assert warning.getvalue() == ""
    out = Path(app.outdir)
    assert pdfmod.run_latex(out, tmp_path) == 0
    text = flat(pdf_text(PdfReader(tmp_path / "unicode.pdf")))
    assert "Сергей Лавров" in text and "Тестовая газета" in text
    # Right-to-left words are extracted in visual order with presentation forms: accept either order.
    folded = unicodedata.normalize("NFKC", text).replace(" ", "")
    for word in ("مسعود", "پزشکیان"):
        assert word in folded or word[::-1] in folded, word
    assert "\\input{/etc/passwd} stay text" in text and "{ } % \\ # & $ _ ^ ~" in text
    log = (out / "unicode.log").read_text(errors="replace")
    assert "Missing character" not in log
    assert problems(tmp_path / "unicode.pdf") == [], "tagged and PDF/A with Cyrillic, Persian and TeX's specials too"


@pytest.mark.sphinx("latex", testroot="unicode", confoverrides={"briefbook_paper": "letter"})
def test_letter_paper_is_a_setting(app):
    app.build()
    assert "letterpaper" in (Path(app.outdir) / "unicode.tex").read_text()


def test_without_tex_the_html_builds_and_the_pdf_says_what_to_install(book, monkeypatch, capsys):
    real = shutil.which
    monkeypatch.setattr(pdfmod.shutil, "which", lambda name: None if name in pdfmod.TOOLS else real(name))
    status = main(["build", "-q", "--format", "all", "--sources", str(book / "sources"), "--docs", str(book / "docs"),
                   "--out", str(book / "out")])
    assert status != 0
    assert (book / "out" / "html" / "index.html").exists()
    err = capsys.readouterr().err
    assert "cannot build the PDF" in err and "apt-get install -y --no-install-recommends" in err and "texlive-luatex" in err


def test_the_key_judgments_the_scale_box_and_the_sources_weight_are_in_the_pdf(book_pdf, built_pdf):
    from briefbook.book import load_book

    _, reader = book_pdf
    text = flat(pdf_text(reader))
    book = load_book(built_pdf / "sources")
    start = text.index("1. Bottom line.")
    overview = text[start:text.index("Sources and method", start)]
    for judgment in book.judgments:
        band = book.judgment_data.the_scale.term(judgment.likelihood)
        assert f"Likelihood {judgment.likelihood} ({band.low:02d}–{min(band.high, 99):02d}%)" in overview
        assert f"Confidence {judgment.confidence.level}." in overview
        for ref in judgment.sources:
            key, para = ref.split(":")
            assert f"{book.label(key)}, ¶{para}" in overview
    assert "What we mean when we say" in text and "roughly even chance 45–55%" in text
    assert "Sources, their grades and the judgments they support" in text
    assert "The judgments and the sources behind them" in text
    for source, _ in book.sources:
        assert f"{source.meta.reliability.grade}{source.meta.credibility.grade}" in overview


def test_a_book_built_from_scratch_settles_in_two_lualatex_passes_three_tagged(built_pdf, book_pdf):
    latex = built_pdf / "out" / "latex"
    latexmk = (latex / "briefing-book.latexmk.out").read_text(errors="replace")
    tagged = (latex / "briefing-book.tex").read_text().startswith("\\DocumentMetadata")
    assert tagged, "this book is tagged"
    # tagpdf's structure records in the .aux settle one pass after the index is in
    assert len(re.findall(r"Run number \d+ of rule 'pdflatex'", latexmk)) == 3
    _, reader = book_pdf
    index = next(item for item in reader.outline if not isinstance(item, list) and item.title == "Index")
    first = reader.get_destination_page_number(index)
    body = FURNITURE.sub("", reader.pages[first].extract_text() or "")
    assert "Index" in [line.strip() for line in body.splitlines()], "the outline leads to the index's heading"
    contents = next(p.extract_text() for p in reader.pages[:6] if "Contents" in (p.extract_text() or ""))
    printed = int(re.search(r"Index\s*(\d+)", contents).group(1))
    footer = reader.pages[first].extract_text() or ""
    assert str(printed) in footer.split(), "the contents give the index's page number"
