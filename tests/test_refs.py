"""refs: the one parser of key and key:N, and the one paragraph-range rule."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from briefbook.refs import Target, para_problem, parse_target


def test_parse_target():
    assert parse_target("tehran-times-2020:4") == Target("tehran-times-2020", 4)
    assert parse_target(" tehran-times-2020 ") == Target("tehran-times-2020", None)
    for bad in ("", "Tehran:1", "a:b", "key:", ":3", "key:1:2", "-key:1"):
        assert parse_target(bad) is None, bad


@given(st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}[a-z0-9]", fullmatch=True), st.integers(0, 10**6))
def test_str_and_parse_are_inverse(key, para):
    assert parse_target(str(Target(key, para))) == Target(key, para)


def test_paragraph_range_and_nearest_keys():
    paragraphs = {"tehran-times-2020": 7, "inter-bellum-news-2025": 7}
    assert para_problem(Target("tehran-times-2020", 7), paragraphs) is None
    assert para_problem(Target("tehran-times-2020"), paragraphs) is None
    assert para_problem(Target("tehran-times-2020", 8), paragraphs) == "'tehran-times-2020' has paragraphs ¶1 to ¶7, not ¶8"
    assert para_problem(Target("tehran-times-2020", 0), paragraphs) is not None
    assert "(nearest: tehran-times-2020)" in para_problem(Target("tehran-time-2020", 1), paragraphs)
