"""The brief and the reading packs, read as an official would: pages, text, links, and what is in them."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from briefbook.book import load_book
from briefbook.clean import clean
from briefbook.glossary import load_glossary
from briefbook.load import load_sources
from helpers import ARTIFACTS, build_copy, copy_book
from pdfcheck import problems
from test_pdf import MARKING, flat, pdf_text

pytestmark = pytest.mark.pdf
BASE = "https://briefing.example.org/book/"


@pytest.fixture(scope="module")
def products(tmp_path_factory) -> Path:
    """The repository's book with its brief and packs built (no html_baseurl); returns the root."""
    root = build_copy(copy_book(tmp_path_factory.mktemp("products")), "brief", SOURCE_DATE_EPOCH="1763856000")
    return build_copy(root, "packs", SOURCE_DATE_EPOCH="1763856000")


def key_judgment_leads(root: Path) -> list[str]:
    """The opening words of each judgment's statement in sources/judgments.yaml (up to its first markup)."""
    book = load_book(root / "sources")
    return [" ".join(j.statement.split("{", 1)[0].split()[:6]) for j in book.judgments]


def body(page, title: str) -> str:
    """A page's text without its running head (the book's title) and footer (the marking, the page number)."""
    lines = (page.extract_text() or "").splitlines()
    if lines and lines[0].startswith(title):
        lines = lines[1:]
    if lines and lines[-1].startswith(MARKING):
        lines = lines[:-1]
    return "\n".join(lines)


def links(reader: PdfReader) -> tuple[list[str], list[str], set[str]]:
    """Every link's URI (external) or destination name (internal), and the document's named destinations."""
    uris, dests = [], []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            action = annot.get("/A")
            if action is not None and "/URI" in action:
                uris.append(str(action["/URI"]))
            elif action is not None and "/D" in action:
                dests.append(str(action["/D"]))
            elif "/Dest" in annot:
                dests.append(str(annot["/Dest"]))
    return uris, dests, set(reader.named_destinations)


def test_the_brief_is_two_pages_with_the_key_judgments_terms_and_sources(products):
    reader = PdfReader(products / "out" / "pdf" / "brief.pdf")
    assert len(reader.pages) <= 2
    first = flat(reader.pages[0].extract_text())
    assert MARKING in first and "Russia–Iran Military-Technical Cooperation" in first
    assert "Information as of 31 October 2025" in first
    text = flat(pdf_text(reader))
    leads = key_judgment_leads(products)
    assert len(leads) == len(load_book(products / "sources").judgments) >= 4
    positions = [text.index(lead) for lead in leads]
    assert positions == sorted(positions), "the judgments in their order, the bottom line first"
    judgments = text.split("Key judgments", 1)[1].split("Key terms", 1)[0]
    for term in re.findall(r"\{term\}`([^`<]+)`", "".join(j.statement for j in load_book(products / "sources").judgments)):
        assert re.search(rf"Key terms .*{re.escape(term.strip())}", text), term
    assert "Chapter VII" not in text, "only the terms the key judgments mention"
    assert re.search(r"very likely|almost certain", judgments) and "confidence" in judgments.lower()
    compact = text.replace(" ", "").replace("-", "")
    uris = links(reader)[0]
    for source in load_sources(products / "sources"):
        assert f"{source.label}: {flat(source.meta.title)}" in text
        assert source.meta.url.replace("-", "") in compact and source.meta.url in uris
    assert text.index("Key judgments") < text.index("Key terms") < text.index("Sources • ")


def test_a_brief_link_never_points_at_a_page_it_lacks(products):
    uris, dests, named = links(PdfReader(products / "out" / "pdf" / "brief.pdf"))
    assert all(u.startswith("https://") for u in uris)
    assert set(dests) <= named, "every internal link has its target in the brief"
    tex = (products / "out" / "latex" / "brief.tex").read_text()
    assert "\\hyperref[\\detokenize{sources/" not in tex and "\\hyperlink{cite." not in tex
    assert "(Tehran Times 2020, ¶1)" in flat(pdf_text(PdfReader(products / "out" / "pdf" / "brief.pdf")))


def test_with_a_base_address_the_brief_links_into_the_html_book(tmp_path):
    root = copy_book(tmp_path)
    with (root / "docs" / "conf.py").open("a") as conf:
        conf.write(f'\nhtml_baseurl = "{BASE}"\n')
    run = subprocess.run([sys.executable, "-m", "sphinx", "-b", "latex", "-q", "-W", "-n", "--keep-going",
                          "-D", f"briefbook_sources={root / 'sources'}", str(root / "docs"), str(tmp_path / "latex")],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    tex = (tmp_path / "latex" / "brief.tex").read_text()
    assert rf"\sphinxhref{{{BASE}sources/tehran-times-2020-lavrov-full-right.html\#p-1}}" in tex
    assert rf"\href{{{BASE}references.html\#" in tex, "citations of references.bib go to the bibliography"
    book = (tmp_path / "latex" / "briefing-book.tex").read_text()
    assert BASE not in book, "inside the book, links stay inside the book"


def test_a_brief_that_does_not_fit_says_which_part_is_too_long(book):
    padding = "".join(f"""
  - id: further-{n}
    statement: |
      A further judgment {n} ({{para}}`tehran-times-2020:1`). {"The same evidence again. " * 40}
    likelihood: likely
    confidence:
      level: low
      basis: The one report it rests on.
    sources: ["tehran-times-2020:1"]
""" for n in range(8))
    with (book / "sources" / "judgments.yaml").open("a") as judgments:
        judgments.write(padding)
    run = subprocess.run(
        [sys.executable, "-m", "briefbook.cli", "build", "-q", "--format", "brief", "--sources", str(book / "sources"),
         "--docs", str(book / "docs"), "--out", str(book / "out")], capture_output=True, text=True)
    assert run.returncode != 0
    assert re.search(r"the brief is \d+ pages; it must fit on 2", run.stderr), run.stderr
    assert "The longest is the key judgments" in run.stderr
    assert "Traceback" not in run.stderr


def test_each_source_has_a_pack_with_its_text_notes_set_aside_lines_and_glossary(products):
    sources = load_sources(products / "sources")
    packs = sorted((products / "out" / "pdf" / "packs").glob("*.pdf"))
    assert [p.stem for p in packs] == sorted(s.slug for s in sources)
    glossary, _ = load_glossary(products / "sources")
    for source in sources:
        reader = PdfReader(products / "out" / "pdf" / "packs" / f"{source.slug}.pdf")
        pages = [flat(page.extract_text()) for page in reader.pages]
        assert all(MARKING in page for page in pages), "the marking on every page"
        text = flat("\n".join(body(page, "Russia–Iran Military-Technical") for page in reader.pages))
        assert flat(source.meta.title) in pages[0] and "A reading pack from the briefing book" in pages[0]
        cleaned = clean(source)
        for para in cleaned.paragraphs:
            assert f"¶{para.number}" in text
            for sentence in re.split(r"(?:(?<=[.!?])|(?<=[.!?][”’])) (?=[“A-Z])", para.text):
                wanted = " ".join(sentence.split())
                assert wanted in text or wanted.replace("-", "") in text.replace("-", ""), wanted
        for note in source.meta.notes:
            assert f"Analyst note on ¶{note.para}" in text
        for line in cleaned.set_aside:
            assert flat(line.text)[:40] in text
        used = text.split("Glossary entries used in this source", 1)[1]
        mentioned = [t.term for t in glossary.terms if t.term in used]
        assert mentioned, "the glossary entries the source uses"
        uris, dests, named = links(reader)
        assert set(dests) <= named, f"{source.slug}: a link to a page the pack lacks"
        assert all(u.startswith("http") for u in uris)


def test_product_logs_are_clean_and_pages_are_kept_to_look_at(products):
    latex = products / "out" / "latex"
    for log in [latex / "brief.log", *latex.glob("pack-*.log")]:
        text = log.read_text(errors="replace")
        assert not re.search(r"(Reference|Citation|Hyper reference) `[^']*' on page \d+ undefined", text), log
        assert "Missing character" not in text, log
    ARTIFACTS.mkdir(exist_ok=True)
    pdfs = [products / "out" / "pdf" / "brief.pdf", *sorted((products / "out" / "pdf" / "packs").glob("*.pdf"))[:1]]
    for pdf in pdfs:
        subprocess.run(["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "2", str(pdf),
                        str(ARTIFACTS / f"product-{pdf.stem}")], check=True)
    assert len(list(ARTIFACTS.glob("product-*.png"))) >= 3


def test_the_brief_and_every_pack_are_tagged_pdf_a(products):
    """The PDF/UA-1 and PDF/A-2b checks the book passes (tests/pdfcheck.py), on every printed product."""
    for pdf in [products / "out" / "pdf" / "brief.pdf", *sorted((products / "out" / "pdf" / "packs").glob("*.pdf"))]:
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"^Tagged:\s+yes$", info, re.M), pdf
        assert problems(pdf) == [], pdf


def test_each_product_has_its_own_title_in_its_metadata(products):
    """The window title a reader sees: the brief's, each pack's source title (document information and XMP alike)."""
    import pikepdf


    book = load_book(products / "sources")
    project = "Russia–Iran Military-Technical Cooperation and the UN Framework"  # docs/conf.py
    expected = {products / "out" / "pdf" / "brief.pdf": f"Brief: {project}"}
    expected |= {products / "out" / "pdf" / "packs" / f"{s.slug}.pdf": s.meta.title for s, _ in book.sources}
    for path, title in expected.items():
        with pikepdf.open(path) as pdf:
            assert str(pdf.docinfo["/Title"]) == title, path
            assert pdf.open_metadata().get("dc:title") == title, path


def test_the_html_brief_page_shows_the_key_judgments_in_short(built_book):
    html = built_book / "out" / "html"
    brief = BeautifulSoup((html / "brief.html").read_text(), "html.parser")
    shown = " ".join(brief.find("section", id="key-judgments").get_text(" ", strip=True).split())
    leads = key_judgment_leads(built_book)
    assert [shown.index(lead) for lead in leads] == sorted(shown.index(lead) for lead in leads)
    terms = [dt.get_text(" ", strip=True) for dt in brief.find("section", id="key-terms").find_all("dt")]
    assert "military-technical cooperation" in terms and "Chapter VII" not in terms
    assert brief.find("a", href="sources/tehran-times-2020-lavrov-full-right.html")


@pytest.mark.parametrize("text, first", [
    ("The U.S. said no. Then more.", "The U.S. said no."),
    ("See Art. 25 of the Charter. Next.", "See Art. 25 of the Charter."),
    ("France, Germany and the E3. Later.", "France, Germany and the E3."),
    ("Signed by Gen. Smith in Jan. 2025. Then.", "Signed by Gen. Smith in Jan. 2025."),
    ("No full stop here", None),
])
def test_the_key_terms_first_sentence_is_not_cut_at_an_abbreviation(text, first):
    from briefbook.sphinx.product_content import _sentence_end

    end = _sentence_end(text)
    assert (text[:end.start() + 1] if end else None) == first
