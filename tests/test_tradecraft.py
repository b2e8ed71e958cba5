"""Key judgments, scales and source grades (issue 16): each rule of the analytic-standards linter triggered by a
small book and passed by one; the directives in a built book; `briefbook check` and the build agree."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from briefbook.cli import main
from briefbook.init import Settings, init
from briefbook.scales import ICD_203, UK_PHIA, find_terms

WIRE = """\
The ministry said on Monday that it would sign the agreement within a month.

Officials declined to say which systems the agreement covers.

The statement was issued in the capital.
"""
BLOG = """\
A blog reports that the agreement has already been signed in secret.

It names no source for the claim.
"""
META = """\
title: {title}
outlet: {outlet}
url: https://example.org/{key}
date: 2024-01-02
key: {key}
reliability: {{grade: {r}, reason: {rr}}}
credibility: {{grade: {c}, reason: {cr}}}
"""
JUDGMENTS = """\
scale: {scale}
grade_threshold: C3
judgments:
  - id: sign
    statement: |
      The ministry will {word} sign the agreement this year ({{para}}`wire-2024:1`).
    likelihood: {likelihood}
    confidence:
      level: high
      basis: |
        The wire report is confirmed by the ministry's own statement.
    sources: ["wire-2024:1"]
    assumptions:
      - text: The ministry's statement is its government's policy.
        linchpin: true
    indicators:
      - The signing is postponed.
    change: |
      Raised a step: the ministry has now named a month.
"""


def make_book(folder: Path, scale: str = "icd-203", word: str = "very likely", likelihood: str = "very likely") -> Path:
    """A new book (briefbook init) with a wire report graded A1, a blog graded E5 and one judgment that passes."""
    init(folder, Settings(title="Test book"))
    src = folder / "sources"
    (src / "wire-2024.txt").write_text(WIRE)
    (src / "wire-2024.yaml").write_text(META.format(
        title="Ministry to sign", outlet="Wire", key="wire-2024", r="A", rr="A wire agency with a checked record.",
        c=1, cr="Confirmed by the ministry's own statement."))
    (src / "blog-2024.txt").write_text(BLOG)
    (src / "blog-2024.yaml").write_text(META.format(
        title="Signed in secret", outlet="Blog", key="blog-2024", r="E", rr="An anonymous blog.", c=5,
        cr="Contradicted by the ministry."))
    (src / "judgments.yaml").write_text(JUDGMENTS.format(scale=scale, word=word, likelihood=likelihood))
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def line_of(path: Path, text: str) -> int:
    before = path.read_text().split(text, 1)
    assert len(before) == 2, f"{text!r} not in {path}"
    return before[0].count("\n") + 1


def check(book: Path, capsys) -> tuple[int, list[str], str]:
    status = main(["check", "--sources", str(book / "sources"), "--docs", str(book / "docs")])
    captured = capsys.readouterr()
    return status, [line for line in captured.err.splitlines() if not line.startswith("briefbook: ")], captured.out


def test_the_small_book_passes(tmp_path, capsys):
    status, lines, out = check(make_book(tmp_path / "b"), capsys)
    assert (status, lines) == (0, []), lines
    assert "all valid" in out


J = "sources/judgments.yaml"
#: (case, edits: (file, old, new), subtype, file of the finding, the words on its line)
CASES = [
    ("a word of another scale in a judgment", [(J, "will very likely sign", "will highly likely sign")],
     "likelihood", J, "highly likely"),
    ("a vague word in the overview", [("docs/index.md", "## Sources and method", "The deal will possibly slip.\n\n"
                                                                             "## Sources and method")],
     "likelihood", "docs/index.md", "possibly slip"),
    ("a word of another scale in a source's note", [("sources/blog-2024.yaml", "key: blog-2024\n",
                                                     "key: blog-2024\nnotes:\n  - para: 2\n    text: |\n      A "
                                                     "realistic possibility, no more.\n")],
     "likelihood", "sources/blog-2024.yaml", "realistic possibility"),
    ("likelihood and confidence in one sentence",
     [(J, "The wire report is confirmed by the ministry's own statement.",
       "The wire report is confirmed, and we have high confidence that signing is likely.")],
     "mixed", J, "high confidence that signing"),
    ("a judgment that cites no source paragraph", [(J, 'sources: ["wire-2024:1"]', "sources: []"),
                                                   (J, "level: high", "level: moderate")],
     "sourcing", J, "sources: []"),
    ("a judgment resting only on low-graded sources, unsaid",
     [(J, 'sources: ["wire-2024:1"]', 'sources: ["blog-2024:1"]'), (J, "level: high", "level: moderate")],
     "sourcing", J, 'sources: ["blog-2024:1"]'),
    ("high confidence on unconfirmed, low-graded sources",
     [(J, 'sources: ["wire-2024:1"]', 'sources: ["blog-2024:1"]\n    sourcing: An anonymous blog, graded E5.')],
     "confidence", J, "level: high"),
    ("an assumption written into the statement",
     [(J, "The ministry will very likely", "Assuming the talks hold, the ministry will very likely")],
     "assumption", J, "Assuming the talks hold"),
    ("an assumption with an estimate in it",
     [(J, "- text: The ministry's statement is its", "- text: The ministry's statement is probably its")],
     "assumption", J, "statement is probably its"),
    ("an assumption that repeats the judgment",
     [(J, "- text: The ministry's statement is its government's policy.",
       "- text: The ministry will sign the agreement this year.")],
     "assumption", J, "- text: The ministry will sign the agreement"),
]


@pytest.mark.parametrize("case, edits, subtype, where, words", CASES, ids=[c[0] for c in CASES])
def test_each_rule_warns_at_the_line_with_a_fix(tmp_path, capsys, case, edits, subtype, where, words):
    book = make_book(tmp_path / "b")
    for name, old, new in edits:
        edit(book / name, old, new)
    status, lines, _ = check(book, capsys)
    path = book / where
    assert status == 1
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{path}:{line_of(path, words)}: warning [briefbook.{subtype}]: "), lines[0]
    assert " Fix: " in lines[0]


def test_saying_why_a_low_graded_source_is_used_passes(tmp_path, capsys):
    book = make_book(tmp_path / "b")
    edit(book / J, 'sources: ["wire-2024:1"]', 'sources: ["blog-2024:1"]\n    sourcing: An anonymous blog, graded E5.')
    edit(book / J, "level: high", "level: low")
    assert check(book, capsys)[:2] == (0, [])


def test_the_uk_yardstick_is_the_scale_when_configured(tmp_path, capsys):
    book = make_book(tmp_path / "b", scale="uk-phia", word="highly likely", likelihood="highly likely")
    assert check(book, capsys)[:2] == (0, [])
    edit(book / J, "will highly likely sign", "will very likely sign")
    status, lines, _ = check(book, capsys)
    assert status == 1 and len(lines) == 1
    assert "[briefbook.likelihood]" in lines[0] and "ICD 203" in lines[0] and "UK PHIA" in lines[0]
    assert "write “highly likely” (80–90%)" in lines[0], "the fix names the yardstick's term for the same band"


def test_a_likelihood_off_the_scale_and_a_broken_custom_scale_stop_the_check(tmp_path, capsys):
    book = make_book(tmp_path / "b")
    edit(book / J, "likelihood: very likely", "likelihood: fairly likely")
    status, lines, _ = check(book, capsys)
    assert status == 1
    assert lines == [f"{book / J}:{line_of(book / J, 'likelihood: fairly')}: judgments[0] ('sign'): likelihood "
                     "'fairly likely' is not a term of the book's scale (ICD 203) (nearest: very likely, very unlikely, likely). "
                     "Fix: write one of: almost no chance, very unlikely, unlikely, roughly even chance, likely, "
                     "very likely, almost certain."]
    edit(book / J, "likelihood: fairly likely", "likelihood: very likely")
    edit(book / J, "scale: icd-203", "scale: icd203")
    assert check(book, capsys)[1] == [f"{book / J}:1: scale: Input should be 'icd-203' or 'uk-phia'."]
    edit(book / J, "scale: icd203", "scale:\n  name: Ours\n  terms:\n    - {term: remote, low: 0, high: 40}\n"
                                    "    - {term: possible, low: 30, high: 70}\n    - {term: likely, low: 70, high: 100}")
    status, lines, _ = check(book, capsys)
    assert status == 1 and len(lines) == 1
    assert "the terms must be in order" in lines[0] and "'possible' (30–70)" in lines[0]


def test_a_custom_scale_is_complete_and_its_words_are_the_only_ones(tmp_path, capsys):
    book = make_book(tmp_path / "b", word="probably", likelihood="probable")
    edit(book / J, "scale: icd-203", "scale:\n  name: Ours\n  terms:\n    - {term: remote, low: 0, high: 30}\n"
                                     "    - {term: possible, low: 30, high: 70}\n"
                                     "    - {term: probable, low: 70, high: 100, also: [probably]}")
    assert check(book, capsys)[:2] == (0, [])
    edit(book / J, "will probably sign", "will very likely sign")
    status, lines, _ = check(book, capsys)
    assert status == 1 and "“very likely” is a term of ICD 203" in lines[0] and "write “probable”" in lines[0]


@pytest.mark.parametrize("text, found", [
    ("It is highly likely, not very likely.", ["highly likely", "very likely"]),
    ("An unlikely, improbable and almost\ncertain outcome.", ["unlikely", "improbable", "almost\ncertain"]),
    ("Likelihood, likelihoods and likely-looking words.", []),
    ("Perhaps it is a realistic possibility.", ["Perhaps", "realistic possibility"]),
])
def test_likelihood_words_are_found_longest_first(text, found):
    assert [f.written for f in find_terms(text, ICD_203)] == found
    assert ICD_203.term("Almost  Certainly") is not None and UK_PHIA.term("very likely") is None


def build(book: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefbook.cli", "build", "--format", "html", "--sources",
                           str(book / "sources"), "--docs", str(book / "docs"), "--out", str(book / "out")],
                          capture_output=True, text=True)


def test_the_build_warns_as_check_does_at_the_same_line_and_stops(tmp_path, capsys):
    book = make_book(tmp_path / "b")
    edit(book / J, "will very likely sign", "will highly likely sign")
    (said,) = check(book, capsys)[1]
    where, _, message = said.partition(" warning [briefbook.likelihood]: ")
    run = build(book)
    assert run.returncode != 0
    assert where == f"{book / J}:{line_of(book / J, 'highly likely')}:"
    assert f"{where} WARNING: {message} [briefbook.likelihood]" in run.stderr, run.stderr
    assert message.startswith("judgments[0] ('sign'): “highly likely” is a term of the UK PHIA probability yardstick")
    assert " Fix: write “very likely” (80–95%)" in message


def test_the_built_overview_and_a_brief_show_the_judgments_the_box_and_the_table(tmp_path):
    book = make_book(tmp_path / "b")
    run = build(book)  # the generated brief.md shows the short form
    assert run.returncode == 0, run.stderr
    html = book / "out" / "html"
    index = BeautifulSoup((html / "index.html").read_text(), "html.parser")
    (judgment,) = index.select("div.bb-judgment")
    assert judgment["id"] == "kj-sign"
    text = " ".join(judgment.get_text(" ").split())
    assert text.startswith("1. Bottom line. The ministry will very likely sign the agreement this year")
    fields = {dt.get_text(strip=True).rstrip(":"): " ".join(dt.find_next_sibling("dd").get_text(" ").split())
              for dt in judgment.select("dt")}
    assert fields["Likelihood"] == "very likely (80–95%)"
    assert fields["Confidence"].startswith("high. The wire report is confirmed")
    assert fields["Sources"] == "Wire 2024, ¶1"
    assert judgment.select_one("dd a[href='sources/wire-2024.html#p-1']")
    assert fields["Assumptions"] == "Linchpin: The ministry's statement is its government's policy."
    assert fields["Would change it"] == "The signing is postponed."
    assert fields["Since the last edition"] == "Raised a step: the ministry has now named a month."
    box = index.select_one("div.bb-likelihood-scale")
    assert box.select_one(".admonition-title").get_text() == "What we mean when we say"
    rows = [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in box.select("tbody tr")]
    assert [r[:2] for r in rows] == [["almost no chance", "01–05%"], ["very unlikely", "05–20%"],
                                     ["unlikely", "20–45%"], ["roughly even chance", "45–55%"], ["likely", "55–80%"],
                                     ["very likely", "80–95%"], ["almost certain", "95–99%"]]
    assert "High confidence:" in box.get_text() and "Low confidence:" in box.get_text()
    weights = index.select_one("table.bb-source-weights")
    cells = [[" ".join(td.get_text(" ").split()) for td in tr.select("td")] for tr in weights.select("tbody tr")]
    assert cells[0][:2] == ["Blog 2024", "E5 (below threshold)"] and cells[0][3] == "–"
    assert cells[1][:2] == ["Wire 2024", "A1"] and cells[1][3] == "1"
    assert "A (completely reliable): A wire agency with a checked record." in cells[1][2]
    assert weights.select_one("a[href='#kj-sign']")
    behind = index.select_one("table.bb-judgment-sources tbody tr")
    assert [" ".join(td.get_text(" ").split()) for td in behind.select("td")] == [
        "1", "very likely (80–95%)", "high", "Wire 2024 (A1)"]
    source = BeautifulSoup((html / "sources" / "wire-2024.html").read_text(), "html.parser")
    headnote = " ".join(source.select_one(".bb-headnote").get_text(" ").split())
    assert "Reliability : A , completely reliable: A wire agency with a checked record." in headnote
    assert "Credibility : 1 , confirmed by other sources: Confirmed by the ministry's own statement." in headnote
    brief = BeautifulSoup((html / "brief.html").read_text(), "html.parser")
    (short,) = brief.select("div.bb-judgment.bb-compact")
    assert not short.get("id"), "the short form defines no anchor beside the full one"
    line = " ".join(short.select("p")[-1].get_text(" ").split())
    assert line == "Likelihood: very likely (80–95%) · Confidence: high · Sources: Wire 2024, ¶1"


def test_an_edited_judgment_is_shown_after_an_incremental_build(tmp_path):
    book = make_book(tmp_path / "b")
    assert build(book).returncode == 0
    edit(book / J, "will very likely sign", "will likely sign")
    edit(book / J, "likelihood: very likely", "likelihood: likely")
    run = build(book)
    assert run.returncode == 0, run.stderr
    index = BeautifulSoup((book / "out" / "html" / "index.html").read_text(), "html.parser")
    assert "likely (55–80%)" in index.select_one("div.bb-judgment dd").get_text()


def test_a_new_book_has_an_empty_judgments_file_and_the_box(tmp_path, capsys):
    init(tmp_path / "b", Settings(title="New"))
    assert "judgments: []" in (tmp_path / "b" / "sources" / "judgments.yaml").read_text()
    assert check(tmp_path / "b", capsys)[:2] == (0, [])


def test_every_subtype_of_the_linter_is_a_typed_warning_of_the_build():
    from briefbook import tradecraft
    from briefbook.sphinx.warnings import Subtype

    ours = {tradecraft.LIKELIHOOD, tradecraft.MIXED, tradecraft.SOURCING, tradecraft.CONFIDENCE, tradecraft.ASSUMPTION}
    assert ours <= {s.value for s in Subtype}


def test_the_weights_table_without_the_full_judgments_shows_their_numbers_as_text(tmp_path):
    book = make_book(tmp_path / "b")
    index = book / "docs" / "index.md"
    edit(index, "```{key-judgments}\n```", "```{key-judgments}\n:compact:\n```")
    run = build(book)
    assert run.returncode == 0, run.stderr
    page = BeautifulSoup((book / "out" / "html" / "index.html").read_text(), "html.parser")
    first = page.select_one("table.bb-judgment-sources tbody tr td")
    assert first.get_text(strip=True) == "1" and first.find("a") is None


def test_a_link_to_a_judgment_that_does_not_exist_stops_the_build(tmp_path):
    book = make_book(tmp_path / "b")
    edit(book / "docs" / "index.md", "## Sources and method", "See {ref}`kj-sign` and {ref}`kj-sing`.\n\n## Sources and method")
    run = build(book)
    assert run.returncode != 0
    assert "kj-sing" in run.stderr and "kj-sign" not in run.stderr.replace("kj-sing", ""), run.stderr
