"""Loading and validating sources: every bad-input case gives one clear message with file and line."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from briefbook.errors import BriefbookError
from briefbook.load import load_sources
from briefbook.model import PartialDate

GOOD_YAML = """\
title: A headline
outlet: The Daily
url: https://example.org/a
date: 2024-03-05
"""


def make(folder: Path, slug: str = "daily-2024-a", text: str | bytes = "Body text.\n", meta: str = GOOD_YAML) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / f"{slug}.txt").write_bytes(text.encode() if isinstance(text, str) else text)
    (folder / f"{slug}.yaml").write_text(meta, encoding="utf-8")
    return folder


def problems(folder: Path) -> list[str]:
    with pytest.raises(BriefbookError) as info:
        load_sources(folder)
    return [str(p) for p in info.value.problems]


def test_good_source_loads(tmp_path):
    (src,) = load_sources(make(tmp_path / "s"))
    assert src.key == "the-daily-2024"
    assert src.label == "The Daily 2024"
    assert src.sha256 == hashlib.sha256(b"Body text.\n").hexdigest()
    assert src.meta.date == PartialDate(2024, 3, 5)


@pytest.mark.parametrize(
    "meta, expected",
    [
        (GOOD_YAML + "titel: typo\n", ["daily-2024-a.yaml:5: unknown key 'titel'", "the keys allowed are: title, outlet"]),
        (GOOD_YAML.replace("outlet: The Daily\n", ""), ["daily-2024-a.yaml:1: the required key 'outlet' is missing", "add `outlet: …`"]),
        (GOOD_YAML.replace("2024-03-05", "2024-02-30"), ["daily-2024-a.yaml:4: date: '2024-02-30' is not a real date"]),
        (GOOD_YAML.replace("2024-03-05", "5 March 2024"), ["daily-2024-a.yaml:4: date: '5 March 2024' is not a date in ISO form", "YYYY-MM-DD"]),
        (GOOD_YAML.replace("https://example.org/a", "ftp://example.org/a"), ["daily-2024-a.yaml:3: url: 'ftp://example.org/a' is not an http(s) address"]),
        (GOOD_YAML.replace("https://example.org/a", "javascript:alert(1)"), ["daily-2024-a.yaml:3:", "is not an http(s) address"]),
        (GOOD_YAML + "notes:\n  - para: 0\n    text: x\n", ["daily-2024-a.yaml:6: notes.0.para: Input should be greater than or equal to 1"]),
        ("title: [unclosed\n", ["daily-2024-a.yaml:2: is not valid YAML", "check the indentation"]),
        ("- just\n- a list\n", ["daily-2024-a.yaml:1: must be a YAML mapping"]),
    ],
    ids=["unknown-key", "missing-key", "impossible-date", "bad-date", "ftp-url", "javascript-url", "bad-note", "malformed-yaml", "not-mapping"],
)
def test_bad_metadata(tmp_path, meta, expected):
    (message,) = problems(make(tmp_path / "s", meta=meta))
    for part in expected:
        assert part in message


def test_partial_dates_are_allowed(tmp_path):
    folder = make(tmp_path / "s", meta=GOOD_YAML.replace("2024-03-05", "2025-10") + "date_approximate: not printed\n")
    make(folder, slug="daily-2023-b", meta=GOOD_YAML.replace("2024-03-05", "2023"))
    dates = sorted(s.meta.date.human() for s in load_sources(folder))
    assert dates == ["2023", "October 2025"]


def test_text_without_metadata_and_metadata_without_text(tmp_path):
    folder = make(tmp_path / "s")
    (folder / "lonely.txt").write_text("Text.\n")
    (folder / "orphan.yaml").write_text(GOOD_YAML)
    found = problems(folder)
    assert any("lonely.txt: has no metadata file beside it (lonely.yaml)" in p for p in found)
    assert any("orphan.yaml: has no captured text beside it (orphan.txt)" in p for p in found)


def test_not_utf8_names_the_line(tmp_path):
    (message,) = problems(make(tmp_path / "s", text=b"line one\nline two caf\xe9\n"))
    assert "daily-2024-a.txt:2: is not UTF-8 text (byte 0xe9" in message
    assert "iconv" in message


def test_empty_text(tmp_path):
    (message,) = problems(make(tmp_path / "s", text=" \n\n"))
    assert "daily-2024-a.txt: is empty" in message


def test_same_outlet_and_year_without_keys_get_letters_by_date_then_title(tmp_path):
    folder = make(tmp_path / "s", slug="daily-2024-later", meta=GOOD_YAML.replace("2024-03-05", "2024-06-01"))
    make(folder, slug="daily-2024-b-title", meta=GOOD_YAML.replace("A headline", "B headline"))
    make(folder, slug="daily-2024-a-title", meta=GOOD_YAML)
    found = {s.slug: (s.key, s.label) for s in load_sources(folder)}
    assert found == {"daily-2024-a-title": ("the-daily-2024a", "The Daily 2024a"),
                     "daily-2024-b-title": ("the-daily-2024b", "The Daily 2024b"),
                     "daily-2024-later": ("the-daily-2024c", "The Daily 2024c")}


def test_written_keys_are_never_renamed_and_a_bare_key_counts_as_a(tmp_path):
    folder = make(tmp_path / "s", meta=GOOD_YAML + "key: the-daily-2024\n")
    make(folder, slug="daily-2024-b", meta=GOOD_YAML.replace("2024-03-05", "2024-01-01"))
    found = {s.slug: (s.key, s.label) for s in load_sources(folder)}
    assert found == {"daily-2024-a": ("the-daily-2024", "The Daily 2024a"),
                     "daily-2024-b": ("the-daily-2024b", "The Daily 2024b")}


def test_cyrillic_outlet_gets_a_readable_key(tmp_path):
    (src,) = load_sources(make(tmp_path / "s", meta=GOOD_YAML.replace("The Daily", "Российская газета")))
    assert (src.key, src.label) == ("rossiiskaia-gazeta-2024", "Российская газета 2024")


def test_duplicate_citation_key(tmp_path):
    folder = make(tmp_path / "s", meta=GOOD_YAML + "key: the-daily-2024\n")
    make(folder, slug="daily-2024-b", meta=GOOD_YAML + "key: the-daily-2024\n")
    (message,) = problems(folder)
    assert "daily-2024-b.yaml:5: has the citation key 'the-daily-2024', which daily-2024-a.yaml has too" in message
    assert "key: the-daily-2024b" in message


def test_the_duplicate_key_fix_is_a_valid_unused_key_that_resolves_it(tmp_path):
    import re

    from briefbook.model import KEY_PATTERN

    # Two metadata files that both write the same key (keys written by hand are never changed).
    folder = make(tmp_path / "s", slug="daily_2024.a", meta=GOOD_YAML + "key: the-daily-2024\n")
    make(folder, slug="daily_2024.b", meta=GOOD_YAML + "key: the-daily-2024\n")
    (message,) = problems(folder)
    key = re.search(r"`key: ([^`]+)`", message).group(1)
    assert re.fullmatch(KEY_PATTERN, key) and key != "the-daily-2024", key
    (folder / "daily_2024.b.yaml").write_text(GOOD_YAML + f"key: {key}\n")
    assert sorted(s.key for s in load_sources(folder)) == sorted(["the-daily-2024", key])


def test_problems_can_be_collected_with_the_sources_that_loaded(tmp_path):
    folder = make(tmp_path / "s")
    make(folder, slug="daily-2023-b", meta=GOOD_YAML.replace("2024-03-05", "yesterday"))
    found: list = []
    (loaded,) = load_sources(folder, found)
    assert loaded.slug == "daily-2024-a" and len(found) == 1 and "yesterday" in str(found[0])


def test_changed_text_fails_the_recorded_hash(tmp_path):
    digest = hashlib.sha256(b"Body text.\n").hexdigest()
    folder = make(tmp_path / "s", text="Body text!\n", meta=GOOD_YAML + f"sha256: {digest}\n")
    (message,) = problems(folder)
    assert "daily-2024-a.txt: no longer matches the SHA-256 recorded in daily-2024-a.yaml" in message


def test_all_problems_are_reported_together(tmp_path):
    folder = make(tmp_path / "s", meta=GOOD_YAML + "bogus: 1\n")
    make(folder, slug="daily-2024-b", meta=GOOD_YAML.replace("2024-03-05", "yesterday").replace("The Daily", "Other"))
    assert len(problems(folder)) == 2


def test_partial_and_full_dates_sort_together():
    from briefbook.model import PartialDate as D

    dates = [D(2025, 1, 2), D(2025), D(2024, 12), D(2025, 1)]
    assert sorted(dates) == [D(2024, 12), D(2025), D(2025, 1), D(2025, 1, 2)]
