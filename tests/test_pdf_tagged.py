"""The accessible, archival PDF: tagged (the machine-checkable PDF/UA-1 rules), PDF/A-2b, read in the right order."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from briefbook import pdf as pdfmod
from briefbook.clean import clean
from briefbook.load import load_sources
from pdfcheck import marked_text, problems, structure_text

pytestmark = pytest.mark.pdf
MARKING = "UNCLASSIFIED — open sources — for briefing use"


def fold(text: str) -> str:
    """Extracted text compared without line-end hyphens or spacing."""
    return re.sub(r"[\s\-\u00ad]", "", text)


@pytest.fixture(scope="module")
def book_pdf(built_pdf) -> Path:
    return built_pdf / "out" / "pdf" / "briefing-book.pdf"


def test_the_book_passes_every_machine_check_and_pdfinfo_says_tagged(book_pdf):
    assert problems(book_pdf) == []
    info = subprocess.run(["pdfinfo", str(book_pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M) and re.search(r"^Metadata Stream:\s+yes$", info, re.M)


def test_the_checker_fails_an_untagged_or_damaged_pdf(book_pdf, tmp_path):
    """Each check can fail: take the real PDF apart one property at a time."""

    def damaged(change) -> list[str]:
        with pikepdf.open(book_pdf) as pdf:
            change(pdf)
            out = tmp_path / "damaged.pdf"
            pdf.save(out)
        return problems(out)

    def untag(pdf):
        for key in ("/StructTreeRoot", "/MarkInfo", "/Lang", "/Metadata", "/OutputIntents", "/ViewerPreferences"):
            del pdf.Root[key]

    found = damaged(untag)
    for wanted in ("no structure tree", "MarkInfo Marked is not true", "no document language", "DisplayDocTitle",
                   "no XMP metadata", "no PDF/A output intent"):
        assert any(wanted in p for p in found), (wanted, found)

    def unlink(pdf):
        for page in pdf.pages:
            for annot in page.obj.get("/Annots", []):
                if annot.get("/Subtype") == "/Link":
                    del annot["/StructParent"]
                    return

    assert any("not in a Link structure element" in p for p in damaged(unlink))

    def skip_level(pdf):
        from pdfcheck import elements

        next(e for e in elements(pdf) if e.S == "/H2").S = pikepdf.Name("/H4")

    assert any("heading level skipped: H4 after H1" in p for p in damaged(skip_level))

    def untagged_text(pdf):
        page = pdf.pages[3]
        page.contents_add(pdf.make_stream(b"BT /F1 12 Tf 72 72 Td (loose) Tj ET"), prepend=False)

    assert any(p.startswith("page 4: 1 painting operators") for p in damaged(untagged_text))

    def aside_as_note(pdf):
        pdf.Root.StructTreeRoot.RoleMap["/Aside"] = pikepdf.Name("/Note")

    assert any("a Note (/Aside) without an ID" in p for p in damaged(aside_as_note))

    def other_date(pdf):
        pdf.docinfo["/CreationDate"] = "D:20200101000000Z"

    assert any("CreationDate" in p for p in damaged(other_date))


def test_text_in_structure_order_puts_each_note_right_after_its_paragraph(book_pdf, built_pdf):
    blocks = structure_text(book_pdf)
    for source in load_sources(built_pdf / "sources"):
        start = next(i for i, (tag, text) in enumerate(blocks) if tag == "H2" and fold(source.meta.title) in fold(text))
        end = next((i for i in range(start + 1, len(blocks)) if blocks[i][0] in ("H1", "H2")), len(blocks))
        section = blocks[start:end]
        paras = {int(m.group(1)): i for i, (tag, text) in enumerate(section) if tag == "P" and (m := re.match(r"¶(\d+) ", text))}
        assert paras and sorted(paras) == list(range(1, len(paras) + 1)), "every paragraph, in order"
        notes: dict[int, int] = {}
        for note in source.meta.notes:
            notes[note.para] = notes.get(note.para, 0) + 1
        assert notes, source.meta.key
        for number, at in paras.items():
            i = at + 1
            titles = []
            while i < len(section) and section[i][0].startswith("Aside/"):
                if m := re.fullmatch(r"Analyst note on ¶(\d+)", section[i][1]):
                    titles.append(int(m.group(1)))
                i += 1
            assert titles == [number] * notes.get(number, 0), (source.meta.key, number, titles)
            if number + 1 in paras:
                assert i == paras[number + 1], "text, note, text: nothing else in between"
    assert not any(tag.startswith("Aside") and "Analyst note" in text for tag, text in blocks[:5])


def test_the_tagged_text_has_every_sentence_of_each_seed_verbatim(book_pdf, built_pdf):
    """Read as a screen reader reads it (structure order, artifacts left out), each sentence is whole."""
    text = " ".join(text for _, text in structure_text(book_pdf))
    for source in load_sources(built_pdf / "sources"):
        for para in clean(source).paragraphs:
            for sentence in re.split(r"(?:(?<=[.!?])|(?<=[.!?][”’])) (?=[“A-Z])", para.text):
                wanted = " ".join(sentence.split())
                assert wanted in text or fold(wanted) in fold(text), wanted


def test_the_marking_is_read_once_and_is_an_artifact_on_every_page(book_pdf):
    blocks = structure_text(book_pdf)
    assert [text for _, text in blocks].count(MARKING) == 1
    assert sum(text.count(MARKING) for _, text in blocks) == 1
    assert blocks[0] == ("P", MARKING), "stated first, on the cover"
    device = marked_text(book_pdf)
    pages = len(PdfReader(book_pdf).pages)
    assert all(MARKING in device.artifacts[page] for page in range(pages)), "on every page, as an artifact"
    with pikepdf.open(book_pdf) as pdf:
        assert str(pdf.docinfo["/Marking"]) == MARKING


def test_headings_lists_tables_and_bookmarks(book_pdf):
    blocks = structure_text(book_pdf)
    headings = [(int(tag[1]), text) for tag, text in blocks if re.fullmatch(r"H\d", tag)]
    assert headings[0] == (1, "Contents")
    outline: list[tuple[int, str]] = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                outline.append((level, item.title))

    walk(PdfReader(book_pdf).outline, 1)
    # Each heading reads "2.1 Title" (its number, a space, the title); its bookmark is the title.
    assert [(level, re.sub(r"^\d+(\.\d+)* ", "", text)) for level, text in headings[1:]] == outline, \
        "the bookmarks are the headings"
    assert all(re.match(r"\d+(\.\d+)* \S", text) for _, text in headings[1:-1]), "numbered headings"
    tags = {tag for tag, _ in blocks}
    assert {"L/LI/LBody/P", "Table/TR/TH/P", "Table/TR/TD/P", "Aside/P"} <= tags
    header = [text for tag, text in blocks if tag == "Table/TR/TH/P"]
    runs = [header[i:i + 3] for i in range(len(header))]
    assert ["Date", "Outlet", "Title"] in runs, "the sources index's header cells are TH"
    assert "Term" in header, "so are the likelihood scale's"


def test_pdfa_identification_fonts_and_output_intent(book_pdf):
    with pikepdf.open(book_pdf) as pdf:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("2", "B")
            assert meta["xmp:CreateDate"].startswith("2025-11-23"), "SOURCE_DATE_EPOCH"
            assert "snapback" in meta["pdf:Keywords"]
        intent = pdf.Root.OutputIntents[0]
        assert str(intent.OutputConditionIdentifier) == "IEC sRGB" and intent.DestOutputProfile.read_bytes()[36:40] == b"acsp"
        assert str(pdf.Root.Lang) == "en"


@pytest.mark.sphinx("latex", testroot="unicode", confoverrides={
    "latex_documents": [("index", "one.tex", "One", "A", "manual"), ("index", "two.tex", "Two", "A", "howto")]})
def test_every_latex_document_is_tagged(app):
    app.build()
    for name in ("one.tex", "two.tex"):
        text = (Path(app.outdir) / name).read_text()
        assert text.startswith("\\DocumentMetadata{lang=en, pdfstandard=A-2b, testphase=phase-II}\n"), name
        assert text.count("\\DocumentMetadata{") == 1


def png(width: int = 8, height: int = 8) -> bytes:
    """A small grey PNG, written here so no binary file is needed."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def test_an_image_is_a_figure_with_its_alternative_text_and_one_without_is_an_artifact(make_app, rootdir, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-unicode", src)
    (src / "grey.png").write_bytes(png())
    index = src / "index.md"
    index.write_text(index.read_text().replace(
        "# Unicode names\n",
        "# Unicode names\n\n![A grey square {with} 100% $pecial & characters](grey.png)\n\n"
        "```{image} grey.png\n```\n\nAfter the images.\n", 1))
    app = make_app("latex", srcdir=src)
    app.build()
    assert pdfmod.run_latex(Path(app.outdir), tmp_path / "pdf") == 0
    path = tmp_path / "pdf" / "unicode.pdf"
    assert problems(path) == []
    with pikepdf.open(path) as pdf:
        from pdfcheck import elements

        figures = [e for e in elements(pdf) if e.S == "/Figure"]
        assert [str(e.Alt) for e in figures] == ["A grey square with 100 pecial characters"]
    content = b"".join(page.obj.Contents.read_bytes() if "/Contents" in page.obj else b"" for page in pikepdf.open(path).pages)
    assert content.count(b" Do") >= 2, "both images are drawn"


@pytest.mark.sphinx("latex", testroot="unicode", confoverrides={"briefbook_tagged_pdf": False})
def test_tagging_can_be_switched_off(app):
    app.build()
    text = (Path(app.outdir) / "unicode.tex").read_text()
    assert "\\DocumentMetadata{" not in text and "\\bbHeading{1}" in text, "the macros stay, and do nothing"


def test_a_source_in_another_language_is_read_in_it(tmp_path):
    """A source whose metadata says `language: ru` in an English book: its paragraphs carry lang="ru" in the
    HTML and sit in a Div with /Lang (ru) in the tagged pack; the book's other text stays English."""
    from bs4 import BeautifulSoup

    from helpers import build_copy, copy_book

    root = copy_book(tmp_path)
    meta = root / "sources" / "tehran-times-2020-lavrov-full-right.yaml"
    meta.write_text(meta.read_text().replace("language: en", "language: ru"))
    build_copy(root, "html")
    build_copy(root, "packs")
    count = len(clean(next(s for s in load_sources(root / "sources") if s.slug.startswith("tehran"))).paragraphs)
    for slug, lang in (("tehran-times-2020-lavrov-full-right", "ru"), ("interbellum-2025-lavrov-no-limits", None)):
        soup = BeautifulSoup((root / "out" / "html" / "sources" / f"{slug}.html").read_text(), "html.parser")
        paras = soup.select("p.bb-para")
        assert paras and {p.get("lang") for p in paras} == {lang}, slug
        with pikepdf.open(root / "out" / "pdf" / "packs" / f"{slug}.pdf") as pdf:
            from pdfcheck import elements

            divs = [e for e in elements(pdf) if str(e.S) == "/Div" and "/Lang" in e]
            assert len(divs) == (count if lang else 0), slug
            assert all(str(d.Lang) == "ru" for d in divs)
            assert all(str(kid.S) == "/P" for d in divs for kid in d.K if isinstance(kid, pikepdf.Dictionary)), \
                "each Div holds its paragraph"
            assert str(pdf.Root.Lang) == "en"
        assert problems(root / "out" / "pdf" / "packs" / f"{slug}.pdf") == []
