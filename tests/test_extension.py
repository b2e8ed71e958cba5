"""The Sphinx side as a whole: one load per build, every builder, prerequisites owned, parallel builds."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from briefbook import book as bookmod
from briefbook.cli import main
from briefbook.sphinx.warnings import Subtype
from helpers import REPO, para_texts, tree_state


@pytest.fixture
def count_loads(monkeypatch):
    """Counts calls of the book loader (the process-wide cache emptied first)."""
    calls = []
    real = bookmod.load_book
    monkeypatch.setattr(bookmod, "_CACHE", {})
    monkeypatch.setattr(bookmod, "load_book", lambda folder, docs=None, previous=None: calls.append(folder)
                        or real(folder, docs, previous))
    return calls


def _build(book: Path, fmt: str) -> int:
    return main(["build", "-q", "--format", fmt, "--sources", str(book / "sources"), "--docs", str(book / "docs"),
                 "--out", str(book / "out")])


def test_one_html_build_loads_the_book_once(book, count_loads):
    assert _build(book, "html") == 0
    assert len(count_loads) == 1


def test_html_and_latex_builds_share_one_load(book, count_loads, monkeypatch):
    from briefbook import pdf

    monkeypatch.setattr(pdf, "run_latex", lambda latex, out, wanted: 0)  # TeX itself is the PDF tests' business
    assert _build(book, "all") == 0
    assert (book / "out" / "latex" / "briefing-book.tex").exists()
    assert len(count_loads) == 1


def test_a_changed_source_is_loaded_again(book, count_loads):
    assert _build(book, "html") == 0
    meta = book / "sources" / "tehran-times-2020-lavrov-full-right.yaml"
    meta.write_text(meta.read_text().replace("summary: |", "summary: |\n  Changed.", 1))
    assert _build(book, "html") == 0
    assert len(count_loads) == 2
    assert "Changed." in (book / "out" / "html" / "sources" / "tehran-times-2020-lavrov-full-right.html").read_text()


@pytest.mark.parametrize("builder, suffix", [("man", ".1"), ("texinfo", ".texi"), ("text", ".txt")])
def test_every_builder_writes_the_book(book, builder, suffix):
    run = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-W", "-n", "--keep-going", "-b", builder,
                          str(book / "docs"), str(book / builder)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    text = "".join(p.read_text(errors="replace") for p in (book / builder).rglob(f"*{suffix}")).replace("\\-", "-")
    assert "Lines set aside as page furniture" in text and "Analyst note on" in text


def test_the_books_conf_holds_only_its_own_settings():
    tree = ast.parse((REPO / "docs" / "conf.py").read_text())
    names = {t.id for node in tree.body if isinstance(node, ast.Assign) for t in node.targets}
    assert names <= {"project", "author", "copyright", "extensions", "language", "release"} | {
        n for n in names if n.startswith("briefbook_")}, names
    assert ast.literal_eval(next(n.value for n in tree.body if isinstance(n, ast.Assign)
                                 and n.targets[0].id == "extensions")) == ["briefbook"]


@pytest.mark.sphinx("html", testroot="minimal", confoverrides={"smartquotes": True})
def test_smartquotes_cannot_be_switched_on(app, warning):
    app.build()
    assert "smartquotes = True is ignored" in warning.getvalue() and "[briefbook.config]" in warning.getvalue()
    page = BeautifulSoup(Path(app.outdir, "sources", "daily-2024-one.html").read_text(), "html.parser")
    assert para_texts(page)[0] == 'A first paragraph with "straight quotes" -- and dashes... and *stars* and {role}`x`.'


def test_parallel_build_equals_serial_build(built_book, tmp_path):
    from helpers import build_copy, copy_book

    parallel = build_copy(copy_book(tmp_path), "html", "-j", "2")
    serial, par = tree_state(built_book / "out" / "html"), tree_state(parallel / "out" / "html")
    pages = [name for name in serial if name.endswith(".html")]
    assert pages and [name for name in par if name.endswith(".html")] == pages
    differ = [name for name in pages if serial[name] != par[name]]
    assert not differ, differ


def test_every_warning_subtype_is_documented_in_the_readme():
    readme = (REPO / "README.md").read_text()
    section = readme.split("### Warnings", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"`briefbook\.([a-z_]+)`", section))
    assert documented == {s.value for s in Subtype}
