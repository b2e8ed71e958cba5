"""The timeline: validated against glossary, bibliography and sources; sorted; rendered with its citations."""

from __future__ import annotations

import re

import pytest

from briefbook.errors import BriefbookError
from briefbook.generate import load_book
from helpers import REPO


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
