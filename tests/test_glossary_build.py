"""Glossary pages, backlinks and broken references in real Sphinx builds."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup


def html(app, name: str) -> BeautifulSoup:
    return BeautifulSoup(Path(app.outdir, name).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.sphinx("html", testroot="glossary")
def test_terms_link_and_used_in_lists_every_use(app, warning):
    app.build()
    assert warning.getvalue() == ""
    page = html(app, "sources/daily-2024-one.html")
    link = page.select_one("p.bb-para a.bb-term")
    assert link.get_text() == "dashes" and link["href"] == "../glossary.html#term-dashes"
    assert link["title"] == "Marks like – and —."
    used = html(app, "glossary.html").select_one("p.bb-usedin")
    hrefs = [a["href"] for a in used.select("a")]
    assert "sources/daily-2024-one.html#p-1" in hrefs, "the source paragraph"
    assert any(h.startswith("index.html") for h in hrefs), "a hand-written page using {term} counts too"
    assert "The Daily 2024, ¶1" in used.get_text()


@pytest.mark.sphinx("html", testroot="glossary")
def test_unknown_term_fails_with_its_file(app, warning):
    (Path(app.srcdir) / "index.md").write_text("# Index\n\n{term}`nonsense`\n\n:::{toctree}\nsources/index\nglossary\n:::\n")
    app.build()
    assert "index.md:3: WARNING: term not in glossary: 'nonsense'" in warning.getvalue()


@pytest.mark.sphinx("html", testroot="glossary")
def test_term_defined_twice_by_hand_warns(app, warning):
    (Path(app.srcdir) / "extra.md").write_text("# Extra\n\n:::{glossary}\ndashes\n  again\n:::\n")
    app.build()
    assert "duplicate term description of dashes" in warning.getvalue()
