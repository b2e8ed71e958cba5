"""This book's content: the glossary terms and timeline events it must hold, and how its timeline reads."""

from __future__ import annotations

from bs4 import BeautifulSoup

from briefbook.book import load_book
from briefbook.glossary import load_glossary
from briefbook.timeline import sorted_events
from helpers import REPO

# The dated events of shared/FACTS.md, which the timeline must hold (issue 5: "at least the events in FACTS.md"),
# less those for which FACTS.md names no primary document (issue 13: the JCPOA's day, 14 July 2015; the end of
# the missile restrictions, 18 October 2023; the Majlis's ratification, 21 May 2025; the war's first day,
# 13 June 2025), which the timeline gives only as far as a cited document or source does ("July 2015", "June 2025").
FACTS_DATES = [
    "20 July 2015", "18 October 2015", "16 January 2016", "8 May 2018", "14 August 2020", "20 August 2020",
    "25 August 2020", "19 September 2020", "21 September 2020", "18 October 2020", "29 December 2020",
    "19 June 2024", "4 December 2024", "17 January 2025", "21 April 2025",
    "28 August 2025", "12 September 2025", "19 September 2025", "26 September 2025",
    "27 September 2025", "2 October 2025", "13 October 2025", "18 October 2025", "24 October 2025",
    "July 2015", "June 2025",
]


def test_events_are_sorted_and_every_fact_sheet_date_is_there():
    events = sorted_events(load_book(REPO / "sources").timeline)
    keys = [e.sort_key() for e in events]
    assert keys == sorted(keys)
    dates = {e.date.human() for e in events}
    assert set(FACTS_DATES) <= dates, set(FACTS_DATES) - dates


def test_the_built_timeline_marks_approximate_dates_links_terms_and_paragraphs(built_book):
    html = BeautifulSoup((built_book / "out" / "html" / "timeline.html").read_text(), "html.parser")
    items = html.select("article section li")
    text = " ".join(li.get_text(" ") for li in items)
    assert "approx." in text
    assert [h.get_text().rstrip("#") for h in html.select("article h2")] == ["2015", "2016", "2018", "2020", "2024", "2025"]
    may_2018 = next(li for li in items if li.get_text().startswith("8 May 2018"))
    assert may_2018.select_one("a[href$='tehran-times-2020-lavrov-full-right.html#p-3']").get_text() == "Tehran Times 2020, ¶3"
    assert may_2018.select_one("a.bb-term, a[href*='#term-JCPOA']") is not None
    cited = [li for li in items if li.select("a[href^='references.html#']") or li.select("a[href*='#p-']")]
    assert len(cited) == len(items), "every event cites something"



def test_the_books_glossary_has_the_required_terms():
    terms = {t.term for t in load_glossary(REPO / "sources")[0].terms}
    required = {"JCPOA", "Resolution 2231", "snapback", "UN Security Council", "IAEA", "E3", "P5+1", "arms embargo",
                "Termination Day", "Chapter VII", "S-400", "Su-35", "military-technical cooperation",
                "Iran–Russia Treaty on Comprehensive Strategic Partnership"}
    assert required <= terms
