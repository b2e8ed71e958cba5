"""Cleaning: residue set aside and listed, article text never dropped or changed."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from briefbook.clean import clean, split_lines, split_long
from briefbook.load import load_sources
from helpers import REPO, line_events

SOURCES = {s.slug: s for s in load_sources(REPO / "sources")}
INTERBELLUM = SOURCES["interbellum-2025-lavrov-no-limits"]
TEHRAN = SOURCES["tehran-times-2020-lavrov-full-right"]


def test_seed_000_residue_is_set_aside_and_listed():
    cleaned = clean(INTERBELLUM)
    aside = {(s.line, s.text) for s in cleaned.set_aside}
    lines = split_lines(INTERBELLUM.text)
    expected_residue = [1, 4, 5, 6, 7, 21, 22, 23, 24, 25, 26, 28, 30, 31, 32]
    assert sorted(line for line, _ in aside) == expected_residue
    assert all((n, lines[n - 1]) in aside for n in expected_residue)
    # Every other non-empty line is a body paragraph, unchanged and in order.
    body = [l for i, l in enumerate(lines, 1) if l.strip() and i not in expected_residue]
    assert [p.text for p in cleaned.paragraphs] == body
    assert [p.number for p in cleaned.paragraphs] == list(range(1, len(body) + 1))


def test_seed_002_licence_moves_to_metadata_and_body_is_split_exactly():
    cleaned = clean(TEHRAN)
    licence = "All Content by Mehr News Agency is licensed under a Creative Commons Attribution 4.0 International License."
    assert cleaned.licence == licence
    assert [s.text for s in cleaned.set_aside] == [licence]
    body = TEHRAN.text[: TEHRAN.text.index(licence)].rstrip()
    assert " ".join(p.text for p in cleaned.paragraphs) == body
    assert len(cleaned.paragraphs) >= 5
    # Splits fall at sentence ends only.
    assert all(re.search(r"[.!?][”\"’]?$", p.text) for p in cleaned.paragraphs)


def test_no_sentence_of_a_seed_is_lost():
    for source in SOURCES.values():
        cleaned = clean(source)
        kept = " ".join(p.text for p in cleaned.paragraphs) + " " + " ".join(s.text for s in cleaned.set_aside)
        for line in split_lines(source.text):
            for sentence in re.split(r"(?<=[.!?])\s+", line):
                assert sentence.strip() in kept


def test_abbreviations_do_not_end_sentences():
    text = ("The U.S. had no legal right. " * 40) + "Mr. Lavrov said so. Dr. Who agreed."
    parts = split_long(text)
    assert not any(p.endswith("U.S.") or p.endswith("Mr.") or p.endswith("Dr.") for p in parts)


@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\r\n"), max_size=200), max_size=30))
def test_split_long_never_changes_a_character(words):
    text = ". ".join(words) + "."
    assert " ".join(split_long(text)) == text


def test_analyst_overrides(tmp_path: Path):
    (tmp_path / "x.txt").write_text("Headline\n\nStandfirst without stop\n\nBody sentence.\n\nTrailing link\n")
    (tmp_path / "x.yaml").write_text(
        "title: Headline\noutlet: O\nurl: https://o.example/x\ndate: 2024\n"
        "cleaning:\n  keep_lines: [7]\n  set_aside_lines: [3]\n"
    )
    cleaned = clean(load_sources(tmp_path)[0])
    assert [p.text for p in cleaned.paragraphs] == ["Body sentence.", "Trailing link"]
    assert [(s.line, s.reason) for s in cleaned.set_aside][1] == (3, "set aside by the analyst (cleaning.set_aside_lines)")


def _captioned(n: int):
    """A capture with n photo captions, each shown twice and once with its credit run on, between paragraphs."""
    from dataclasses import replace

    lines = []
    for k in range(n):
        lines += [f"Caption {k} of a photo by the agency", f"Body paragraph {k} of the article.",
                  f"Caption {k} of a photo by the agency", f"Caption {k} of a photo by the agencyReuters"]
    return replace(TEHRAN, text="\n".join(lines) + "\nThe end of the article.\n", left_out=())


def test_repeated_captions_are_found_in_linear_work():
    small, large = line_events(clean, _captioned(200)), line_events(clean, _captioned(800))
    assert large < 4.5 * small, f"4x the captions took {large / small:.1f}x the work (quadratic would be 16x)"
    cleaned = clean(_captioned(800))
    reasons = {s.reason for s in cleaned.set_aside}
    assert reasons == {"repeated line (photo caption)", "photo caption and credit"}
    assert len(cleaned.paragraphs) == 801


@given(st.sets(st.text("ab ", max_size=4), max_size=8), st.text("ab ", max_size=6))
def test_prefixes_answer_as_checking_every_member_would(members, text):
    from briefbook.clean import Prefixes

    assert Prefixes(members).begins(text) == any(text.startswith(m) for m in members)


def test_a_long_capitalised_line_is_no_byline_and_ends_at_once():
    import subprocess
    import sys

    code = "from briefbook.clean import byline_authors as b; print(b('By ' + 'Aa' * 140 + '!'), b('By ' + 'A' * 5000))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.stdout.strip() == "() ()"
