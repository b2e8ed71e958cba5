"""Sphinx builds: a small test root per scenario, and the whole book with warnings as errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from briefbook.clean import clean
from briefbook.load import load_sources
from helpers import para_texts, tree_state


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.sphinx("html", testroot="minimal")
def test_minimal_root_builds_clean_and_exact(app, warning):
    app.build()
    assert warning.getvalue() == ""
    page = soup(Path(app.outdir, "sources", "daily-2024-one.html"))
    assert para_texts(page) == [
        'A first paragraph with "straight quotes" -- and dashes... and *stars* and {role}`x`.',
        "A second paragraph: <b>not bold</b> & $x$ and \\input{/etc/passwd}.",
    ]
    assert page.select_one("h1").get_text().startswith("One Headline")
    assert not page.select("p.bb-para b"), "no HTML from the source is rendered"
    note = page.select_one("aside.bb-note")
    assert "Analyst note on ¶2" in note.get_text() and "A note on the second paragraph." in note.get_text()
    assert "Lines set aside as page furniture (1)" in page.select_one("details.bb-setaside summary").get_text()
    headnote = page.select_one(".bb-headnote").get_text(" ")
    assert "The Daily" in headnote and "5 March 2024" in headnote and "https://example.org/one" in headnote


@pytest.mark.sphinx("html", testroot="minimal")
def test_paragraph_role_and_citation_labels(app, warning):
    app.build()
    index = soup(Path(app.outdir, "index.html"))
    link = index.select_one("a.reference.internal[href$='#p-2']")
    assert link is not None and link.get_text() == "The Daily 2024, ¶2"
    assert link["href"] == "sources/daily-2024-one.html#p-2"
    cite = index.find("a", string="The Daily 2024")
    assert cite is not None and cite.parent.get_text() == "(The Daily 2024)", "in-text citation: outlet and year, in parentheses"
    entry = index.find(id=cite["href"].lstrip("#"))
    assert entry is not None and "https://example.org/one" in entry.get_text() and "One Headline" in entry.get_text()


@pytest.mark.sphinx("html", testroot="minimal", confoverrides={"nitpicky": True})
def test_paragraph_reference_past_the_end_warns(app, warning):
    (Path(app.srcdir) / "index.md").write_text(
        "# Index\n\nSee {para}`daily-2024:9` and {para}`nobody-2020:1`.\n\n:::{toctree}\nsources/index\n:::\n"
        ":::{bibliography}\n:::\n"
    )
    app.build()
    text = warning.getvalue()
    assert "index.md:3: WARNING: reference 'daily-2024:9': 'daily-2024' has paragraphs ¶1 to ¶2, not ¶9" in text
    assert "index.md:3: WARNING: reference 'nobody-2020:1': there is no source with the key 'nobody-2020' " \
           "(nearest: daily-2024)" in text
    assert "target not found" not in text, "each problem is reported once"
    assert len(text.strip().splitlines()) == 2, text
    assert "[briefbook.para]" in text


def sphinx_build(docs: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-n", "--keep-going", *extra, "-b", "html", str(docs), str(out)],
        capture_output=True, text=True,
    )


def test_whole_book_builds_warning_free_and_every_sentence_is_there(book):
    run = sphinx_build(book / "docs", book / "out", "-E")
    assert run.returncode == 0, run.stderr
    assert "WARNING" not in run.stderr
    for source in load_sources(book / "sources"):
        page = soup(book / "out" / "sources" / f"{source.slug}.html")
        assert para_texts(page) == [p.text for p in clean(source).paragraphs]
        assert source.sha256 in page.get_text()
    refs = soup(book / "out" / "references.html").get_text()
    assert "https://www.tehrantimes.com/news/456360/" in refs and "Tehran Times 2020" in refs


def test_second_build_rewrites_nothing(book):
    assert sphinx_build(book / "docs", book / "out").returncode == 0
    generated = {p: p.stat().st_mtime_ns for p in (book / "docs").rglob("*") if p.is_file() and "_build" not in p.parts}
    run = sphinx_build(book / "docs", book / "out")
    assert run.returncode == 0
    assert "wrote 0 files" in run.stdout
    assert "0 changed" in run.stdout or "no targets are out of date" in run.stdout
    assert {p: p.stat().st_mtime_ns for p in generated} == generated


def test_bad_sources_fail_the_build_and_leave_docs_untouched(book):
    assert sphinx_build(book / "docs", book / "out").returncode == 0
    before = tree_state(book / "docs")
    meta = book / "sources" / "tehran-times-2020-lavrov-full-right.yaml"
    meta.write_text(meta.read_text().replace("date: 2020-12-29", "date: 29/12/2020"))
    run = sphinx_build(book / "docs", book / "out")
    assert run.returncode != 0
    assert "tehran-times-2020-lavrov-full-right.yaml:5: ERROR: date: '29/12/2020' is not a date in ISO form" in run.stderr
    assert "nothing was written" in run.stderr
    assert "Traceback" not in run.stderr
    assert tree_state(book / "docs") == before
