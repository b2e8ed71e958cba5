"""Two builds of the same sources give the same files; the PDF honours SOURCE_DATE_EPOCH."""

from __future__ import annotations

import datetime as dt
import filecmp
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefbook.generate import load_book, render_book
from helpers import REPO, copy_book


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
