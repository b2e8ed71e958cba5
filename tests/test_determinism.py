"""Two builds of the same sources give the same files; the PDF honours SOURCE_DATE_EPOCH."""

from __future__ import annotations

import datetime as dt
import filecmp
import json
import re
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from briefbook.generate import load_book, render_book
from briefbook.reproducible import trailer_id_line
from helpers import REPO, build_copy, copy_book


def test_generated_myst_and_bibtex_are_byte_identical_across_runs(tmp_path):
    first = render_book(load_book(REPO / "sources"), REPO / "sources", tmp_path)
    second = render_book(load_book(REPO / "sources"), REPO / "sources", tmp_path)
    assert first == second
    assert set(first) >= {tmp_path / "book.bib", tmp_path / "glossary.md", tmp_path / "timeline.md"}


def build(root: Path, out: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-W", "-n", "--keep-going", "-E", "-b", "html",
                          str(root / "docs"), str(out)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def differing(a: Path, b: Path) -> list[str]:
    out = []
    cmp = filecmp.dircmp(a, b, ignore=[".buildinfo", ".doctrees", "_sphinx_design_static"])
    stack = [(cmp, Path())]
    while stack:
        node, rel = stack.pop()
        out += [str(rel / n) for n in node.left_only + node.right_only + node.diff_files + node.funny_files]
        stack += [(sub, rel / name) for name, sub in node.subdirs.items()]
    return out


def test_two_html_builds_are_identical_but_for_sphinx_build_info(tmp_path):
    one, two = copy_book(tmp_path / "one"), copy_book(tmp_path / "two")
    build(one, tmp_path / "html-one")
    build(two, tmp_path / "html-two")
    assert differing(one / "docs", two / "docs") == [], "generated MyST and BibTeX"
    assert differing(tmp_path / "html-one", tmp_path / "html-two") == []


@pytest.mark.pdf
def test_the_pdf_carries_the_source_date(built_pdf):
    reader = PdfReader(built_pdf / "out" / "pdf" / "briefing-book.pdf")
    assert reader.metadata.creation_date == dt.datetime(2025, 11, 23, tzinfo=dt.UTC)


def test_two_builds_in_different_folders_write_the_same_manifest(tmp_path, monkeypatch):
    """Two copies of the book at different paths, each built by `briefbook build` with no SOURCE_DATE_EPOCH:
    the same inputs, outputs and date, to the byte (the date comes from the book, not the clock)."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    one = build_copy(copy_book(tmp_path / "one"), "html")
    two = build_copy(copy_book(tmp_path / "a-longer-folder" / "two"), "html")
    first, second = (root / "out" / "manifest.json" for root in (one, two))
    assert first.read_bytes() == second.read_bytes()
    assert len(json.loads(first.read_text())["outputs"]) > 100
    assert differing((one / "out" / "html").resolve(), (two / "out" / "html").resolve()) == []


@pytest.mark.pdf
def test_pdfs_built_in_different_folders_are_byte_identical(built_pdf, tmp_path):
    """The book's PDF, built again in another folder: the same bytes; its trailer /ID is its .tex's digest
    (LuaTeX's own hashes the output's path)."""
    other = build_copy(copy_book(tmp_path / "elsewhere" / "copy"), "pdf", SOURCE_DATE_EPOCH="1763856000")
    first, second = (json.loads((root / "out" / "manifest.json").read_text()) for root in (built_pdf, other))
    assert first["outputs"] == second["outputs"] and "pdf/briefing-book.pdf" in first["outputs"]
    assert first == second
    pdf = built_pdf / "out" / "pdf" / "briefing-book.pdf"
    assert (other / "out" / "pdf" / "briefing-book.pdf").read_bytes() == pdf.read_bytes()
    tex = (built_pdf / "out" / "latex" / "briefing-book.tex").read_text(encoding="utf-8")
    assert trailer_id_line(tex) in tex
    digest = re.search(r"trailerid \{\[<([0-9A-F]{32})>", tex).group(1)
    with pikepdf.open(pdf) as doc:
        assert [bytes(x).hex().upper() for x in doc.trailer.ID] == [digest, digest]
