"""The repository's book, built once: what a reader of the HTML must find."""

from __future__ import annotations

from bs4 import BeautifulSoup

from briefbook.book import load_book
from briefbook.scales import band_text
from helpers import REPO


def page(built_book, name: str) -> BeautifulSoup:
    return BeautifulSoup((built_book / "out" / "html" / name).read_text(encoding="utf-8"), "html.parser")


def entry(glossary: BeautifulSoup, term_id: str):
    dt = glossary.find(id=term_id)
    return dt, dt.find_next_sibling("dd")


def test_required_glossary_entries_are_cited_and_link_back(built_book):
    glossary = page(built_book, "glossary.html")
    for term_id in ("term-JCPOA", "term-Resolution-2231", "term-snapback"):
        dt, dd = entry(glossary, term_id)
        assert dt is not None, term_id
        cites = [a for a in dd.select("a.reference.internal") if a["href"].startswith("references.html#")]
        assert cites, f"{term_id} has a citation"
        used = dd.select_one("p.bb-usedin")
        assert used.select("a[href^='sources/tehran-times-2020-lavrov-full-right.html#p-']"), term_id
    _, snapback = entry(glossary, "term-snapback")
    hrefs = [a["href"] for a in snapback.select("p.bb-usedin a")]
    assert any(h.startswith("sources/interbellum-2025-lavrov-no-limits.html#p-") for h in hrefs)
    text = snapback.get_text(" ")
    assert "2020" in text and "2025" in text and "E3" in text, "tells the two episodes apart"


def test_each_seed_page_links_its_terms_and_related_sources(built_book):
    for slug, expected in [
        ("interbellum-2025-lavrov-no-limits", {"snapback", "S-400", "Su-35", "UN Security Council"}),
        ("tehran-times-2020-lavrov-full-right", {"JCPOA", "snapback", "Resolution 2231", "Chapter VII"}),
    ]:
        doc = page(built_book, f"sources/{slug}.html")
        linked = {a["href"].rsplit("#term-", 1)[1].replace("-", " ") for a in doc.select("p.bb-para a.bb-term")}
        assert {e.replace("-", " ") for e in expected} <= linked, (slug, linked)
        related = doc.select_one(".bb-related")
        assert related is not None and "shares" in related.get_text()


def test_index_lists_terms_people_organisations_and_systems(built_book):
    index = page(built_book, "genindex.html").get_text(" ")
    for name in ("JCPOA", "snapback", "People", "Lavrov, Sergey", "Ryabkov, Sergey", "Putin, Vladimir",
                 "Pezeshkian, Massoud", "Weapon systems", "S-400", "Su-35", "MiG-29", "Organisations and groups"):
        assert name in index, name
    # Each name once, with all its pages (a term beside its glossary entry, a person under People).
    entries = []
    for item in page(built_book, "genindex.html").select("table.indextable li"):
        first = item.contents[0]
        entries.append(first.get_text(" ", strip=True) if hasattr(first, "get_text") else str(first).strip())
    for name in ("Putin, Vladimir", "Lavrov, Sergey", "JCPOA", "S-400", "snapback"):
        assert entries.count(name) == 1, (name, entries)


def test_paragraph_references_read_outlet_year_and_paragraph(built_book):
    glossary = page(built_book, "glossary.html")
    link = glossary.find("a", string="Tehran Times 2020, ¶5")
    assert link is not None and link["href"] == "sources/tehran-times-2020-lavrov-full-right.html#p-5"


def _judgments():
    return load_book(REPO / "sources")


def test_the_overview_shows_each_key_judgment_with_likelihood_confidence_and_citations(built_book):
    book = _judgments()
    data = book.judgment_data
    index = page(built_book, "index.html")
    shown = index.select("section#key-judgments div.bb-judgment")
    assert [div["id"] for div in shown] == [f"kj-{j.id}" for j in book.judgments] and len(shown) >= 4
    assert shown[0].find("p").get_text().startswith("1. Bottom line.")
    for number, (div, judgment) in enumerate(zip(shown, book.judgments, strict=True), 1):
        fields = {dt.get_text(strip=True).rstrip(":"): dt.find_next_sibling("dd") for dt in div.select("dt")}
        band = data.the_scale.term(judgment.likelihood)
        assert fields["Likelihood"].get_text(strip=True) == f"{judgment.likelihood} ({band_text(data.scale_id, band)})"
        assert fields["Confidence"].get_text(strip=True).startswith(f"{judgment.confidence.level}.")
        cited = [a["href"] for a in fields["Sources"].select("a")]
        assert len(cited) == len(judgment.sources) and all(h.startswith("sources/") and "#p-" in h for h in cited)
        if any(a.linchpin for a in judgment.assumptions):
            assert fields["Assumptions"].select_one("strong").get_text() == "Linchpin:"
        assert div.find("p").get_text().startswith(f"{number}.")
    box = index.select_one("div.bb-likelihood-scale")
    assert box.select_one(".admonition-title").get_text() == "What we mean when we say"
    assert [tr.select_one("td").get_text(strip=True) for tr in box.select("tbody tr")] == \
        [b.term for b in data.the_scale.terms]


def test_the_sources_and_their_weight_table_lists_every_source_and_every_judgment(built_book):
    book = _judgments()
    index = page(built_book, "index.html")
    rows = index.select("table.bb-source-weights tbody tr")
    assert len(rows) == len(book.sources)
    for tr, (source, _) in zip(rows, book.sources, strict=True):
        cells = tr.select("td")
        meta = source.meta
        assert cells[0].get_text(strip=True) == source.label
        assert cells[1].get_text(strip=True).startswith(f"{meta.reliability.grade}{meta.credibility.grade}")
        assert meta.reliability.reason in cells[2].get_text() and meta.credibility.reason in cells[2].get_text()
        supported = {a["href"] for a in cells[3].select("a")}
        assert supported == {f"#kj-{j.id}" for j in book.judgments
                             if any(ref.startswith(source.key + ":") for ref in j.sources)}
    behind = index.select("table.bb-judgment-sources tbody tr")
    assert len(behind) == len(book.judgments)
    inter_bellum = page(built_book, "sources/interbellum-2025-lavrov-no-limits.html").select_one(".bb-headnote")
    assert "Reliability" in inter_bellum.get_text() and "not usually reliable" in inter_bellum.get_text()
