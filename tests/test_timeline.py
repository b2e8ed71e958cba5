"""The timeline: validated against glossary, bibliography and sources; sorted; rendered with its citations."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from briefbook.errors import BriefbookError
from briefbook.generate import load_book
from briefbook.timeline import sorted_events
from helpers import REPO

# The dated events of shared/FACTS.md, which the timeline must hold (issue 5: "at least the events in FACTS.md").
FACTS_DATES = [
    "20 July 2015", "18 October 2015", "16 January 2016", "8 May 2018", "14 August 2020", "20 August 2020",
    "25 August 2020", "19 September 2020", "21 September 2020", "18 October 2020", "29 December 2020",
    "18 October 2023", "19 June 2024", "4 December 2024", "17 January 2025", "21 April 2025", "21 May 2025",
    "13 June 2025", "28 August 2025", "12 September 2025", "19 September 2025", "26 September 2025",
    "27 September 2025", "2 October 2025", "13 October 2025", "18 October 2025", "24 October 2025", "14 July 2015",
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
    assert [h.get_text().rstrip("#") for h in html.select("article h2")] == ["2015", "2016", "2018", "2020", "2023", "2024", "2025"]
    may_2018 = next(li for li in items if li.get_text().startswith("8 May 2018"))
    assert may_2018.select_one("a[href$='tehran-times-2020-lavrov-full-right.html#p-3']").get_text() == "Tehran Times 2020, ¶3"
    assert may_2018.select_one("a.bb-term, a[href*='#term-JCPOA']") is not None
    cited = [li for li in items if li.select("a[href^='references.html#']") or li.select("a[href*='#p-']")]
    assert len(cited) == len(items), "every event cites something"


def bad_timeline(tmp_path, body: str) -> str:
    import shutil
    shutil.copytree(REPO / "sources", tmp_path / "s")
    (tmp_path / "s" / "timeline.yaml").write_text(body)
    with pytest.raises(BriefbookError) as info:
        load_book(tmp_path / "s")
    return str(info.value)


@pytest.mark.parametrize("event, message", [
    ("{date: 2020-01-01, event: x, terms: [Nope], cite: [unsc-2231]}", "names the term 'Nope', which is not in the glossary"),
    ("{date: 2020-01-01, event: x, cite: [nope-2020]}", "cites 'nope-2020', which is not in the bibliography"),
    ("{date: 2020-01-01, event: x, sources: ['tehran-times-2020:99']}", "events[0] (2020-01-01): `\"tehran-times-2020:99\"`: 'tehran-times-2020' has paragraphs ¶1 to ¶7, not ¶99"),
    ("{date: 2020-01-01, event: x}", "cites nothing"),
    ("{date: 2020-13-01, event: x, cite: [unsc-2231]}", "is not a real date"),
])
def test_bad_events_are_reported_with_their_line(tmp_path, event, message):
    error = bad_timeline(tmp_path, f"events:\n  - {event}\n")
    assert re.search(r"timeline\.yaml:\d+: ", error) and message in error
