"""Hostile sources: nothing a source or its metadata carries is rendered, run or read, in HTML, BibTeX or PDF."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pybtex.database import parse_file
from pypdf import PdfReader

from briefbook import pdf as pdfmod
from briefbook.bibstyle import decode_literal
from briefbook.clean import clean
from briefbook.escape import BIDI_CONTROLS, visible
from briefbook.load import load_sources
from briefbook.products import PRINT_FORMATS
from helpers import para_texts, write_conf

HOSTILE = {
    "html-2025": "<script>alert('x')</script> and <img src=x onerror=alert(1)> and <iframe src=//evil.example></iframe>.\n"
                 "<div class=\"x\" style=\"display:none\">hidden?</div> &amp; &lt;b&gt; &#x3c;script&#x3e;\n",
    "myst-2025": "```{include} /etc/passwd\n```\n```{raw} html\n<script>alert(2)</script>\n```\n"
                 "```{eval-rst}\n.. include:: /etc/passwd\n```\n{eval-rst}`:math:x` and {ref}`x` and {{ sub }} here.\n"
                 "(target)=\n[^1] and [^1]: a footnote\n$x^2$ and $$y$$\n:::{note}\nadmonition\n:::\n"
                 "% a comment\n<!-- an html comment -->\n+++\n# not a heading\n> not a quote\n- not a list\n"
                 "| not | a table |\n|---|---|\n***bold-italic*** __b__ ~~s~~ [l](javascript:alert(1)) <http://x.example>\n",
    "tex-2025": "TeX specials { } % \\ # & $ _ ^ ~ and \\input{/etc/passwd} and \\write18{touch /tmp/briefbook-pwned}.\n"
                "\\catcode`\\@=11 \\def\\x{y} \\end{document} @article{x, title={y}} %% {unbalanced\n",
    "controls-2025": "Bell\x07 escape\x1b[31m red, \u202eRIGHT-TO-LEFT OVERRIDE\u202c, \u2066isolate\u2069, "
                     "zero\u200bwidth\u200djoiner\u200cnon-joiner, \ufeffbom and \u0085next-line.\n",
    "long-2025": "Longword " + "A" * 20000 + " ends.\n" + " ".join(["word"] * 40000) + ".\n",
}
TITLE = "<script>alert(1)</script> {role}`x` \\input{/etc/passwd} {{ sub }} {unbalanced $x$ 100% #1 & Co."
OUTLET = "Daily {News} & Co. 100% \\textbf{x}"


def write_book(root: Path, big: bool) -> Path:
    write_conf(root, {"latex_documents": [("index", "hostile.tex", "Hostile", "tests", "manual")]})
    (root / "index.md").write_text("# Hostile\n\n:::{toctree}\nsources/index\n:::\n\n:::{bibliography}\n:::\n")
    raw = root / "raw"
    raw.mkdir()
    for i, (slug, text) in enumerate(HOSTILE.items()):
        (raw / f"{slug}.txt").write_text(text, encoding="utf-8")
        title, outlet = (TITLE, OUTLET) if slug == "tex-2025" else (f"Case {slug}", f"Outlet {i}")
        (raw / f"{slug}.yaml").write_text(
            f"title: {yaml_str(title)}\noutlet: {yaml_str(outlet)}\nurl: https://example.org/{slug}?q=1&r=%20#frag\n"
            f"date: 2025-01-0{i + 1}\nkey: {slug}\nauthors: [{yaml_str('O’Brien, {x} & <y>')}]\n", encoding="utf-8")
    if big:
        rng = random.Random(1)
        words = "Russia Iran Lavrov said the Security Council arms embargo {x} <b> *y* $z$ 100% #tag".split()
        paras = [" ".join(rng.choice(words) for _ in range(40)) + "." for _ in range(13000)]
        (raw / "big-2025.txt").write_text("\n\n".join(paras) + "\n")
        (raw / "big-2025.yaml").write_text("title: Big\noutlet: Big Daily\nurl: https://example.org/big\ndate: 2025\nkey: big-2025\n")
    return root


def yaml_str(value: str) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


@pytest.fixture(scope="session")
def hostile_html(tmp_path_factory) -> Path:
    root = write_book(tmp_path_factory.mktemp("hostile"), big=True)
    assert (root / "raw" / "big-2025.txt").stat().st_size > 2_500_000, "an article of several megabytes"
    run = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-W", "-n", "--keep-going", "-b", "html", str(root),
                          str(root / "_build" / "html")], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return root


def test_html_shows_every_hostile_text_exactly_and_nothing_runs(hostile_html):
    html = hostile_html / "_build" / "html"
    for source in load_sources(hostile_html / "raw"):
        page = BeautifulSoup((html / "sources" / f"{source.slug}.html").read_text(encoding="utf-8"), "html.parser")
        assert para_texts(page) == [visible(p.text) for p in clean(source).paragraphs], source.slug
        article = page.select_one("div.body") or page.select_one("article")
        assert not article.select("script, iframe, img, object, embed, style, math, .math, .footnote, .admonition, table")
        assert not page.select("p.bb-para *:not(a.bb-paranum)"), "no element from the source inside a paragraph"
        assert page.select_one("h1").get_text().removesuffix("¶").rstrip("#") == source.meta.title


def test_bidirectional_controls_cannot_reorder_the_text(hostile_html):
    text = (hostile_html / "_build" / "html" / "sources" / "controls-2025.html").read_text(encoding="utf-8")
    assert not any(ch in text for ch in BIDI_CONTROLS)
    assert "⟪U+202E⟫RIGHT-TO-LEFT OVERRIDE⟪U+202C⟫" in text and "⟪U+0007⟫" in text
    assert "zero\u200bwidth\u200djoiner\u200cnon-joiner" in text, "zero-width characters stay, as captured"


def test_nothing_outside_the_sources_is_read(hostile_html):
    for path in (hostile_html / "_build").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".js", ".txt"):
            assert "root:x:0:0" not in path.read_text(errors="ignore"), path
    assert not Path("/tmp/briefbook-pwned").exists()


def test_metadata_is_exact_in_pages_bibtex_and_references(hostile_html):
    bib = parse_file(str(hostile_html / "book.bib"))
    entry = bib.entries["tex-2025"]
    assert decode_literal(entry.fields["title"]) == TITLE and decode_literal(entry.fields["organization"]) == OUTLET
    refs = BeautifulSoup((hostile_html / "_build" / "html" / "index.html").read_text(encoding="utf-8"), "html.parser")
    text = refs.get_text()
    assert TITLE in text and OUTLET in text
    labels = [label.get_text() for label in refs.select("div.citation span.label")]
    assert "Daily {News} & Co. 100% \\textbf{x} 2025" in labels, labels


def test_several_megabytes_convert_and_render(hostile_html):
    page = (hostile_html / "_build" / "html" / "sources" / "big-2025.html").read_text(encoding="utf-8")
    assert page.count('class="bb-para"') == 13000


@pytest.mark.pdf
def test_the_pdf_of_hostile_sources_builds_and_shows_them_as_text(tmp_path):
    root = write_book(tmp_path, big=False)
    run = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-W", "-n", "--keep-going", "-b", "latex", str(root),
                          str(root / "_build" / "latex")], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert pdfmod.run_latex(root / "_build" / "latex", tmp_path / "pdf", PRINT_FORMATS) == 0
    for product in (tmp_path / "pdf" / "brief.pdf", tmp_path / "pdf" / "packs" / "tex-2025.pdf"):
        shown = " ".join(" ".join((page.extract_text() or "") for page in PdfReader(product).pages).split())
        assert TITLE in shown.replace("- ", ""), product  # (undo hyphenation) the brief's list of sources; the pack's head
    reader = PdfReader(tmp_path / "pdf" / "hostile.pdf")
    text = " ".join(" ".join((page.extract_text() or "") for page in reader.pages).split())
    assert "\\input{/etc/passwd}" in text and "\\write18{touch /tmp/briefbook-pwned}" in text
    assert "<script>alert('x')</script>" in text
    assert "root:x:0:0" not in text and not Path("/tmp/briefbook-pwned").exists()
    assert "⟪U+202E⟫" in text
