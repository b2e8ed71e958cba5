"""One checker for `briefbook check` and the build: every problem in one run, once, at the line the analyst edits."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefbook.cli import main
from helpers import ROOTS, break_sources

TEHRAN = "tehran-times-2020-lavrov-full-right.yaml"


def line_of(path: Path, text: str) -> int:
    """The line of the first occurrence of text in the file."""
    before = path.read_text().split(text, 1)
    assert len(before) == 2, f"{text!r} not in {path}"
    return before[0].count("\n") + 1


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def check(book: Path, capsys) -> tuple[int, list[str]]:
    status = main(["check", "--sources", str(book / "sources"), "--docs", str(book / "docs")])
    err = capsys.readouterr().err
    return status, [line for line in err.splitlines() if not line.startswith("briefbook: ")]


def test_a_note_past_the_last_paragraph_is_an_error(book, capsys):
    meta = book / "sources" / TEHRAN
    edit(meta, "  - para: 7\n", "  - para: 8\n")
    status, problems = check(book, capsys)
    assert status == 1
    assert problems == [
        f"{meta}:{line_of(meta, '  - para: 8')}: notes[5] (on ¶8): `para: 8`: 'tehran-times-2020' has paragraphs ¶1 "
        "to ¶7, not ¶8; the note would not be shown. Fix: cite a paragraph from ¶1 to ¶7 (`briefbook paras "
        "tehran-times-2020-lavrov-full-right` lists them), for example `para: 7`."]


def test_a_miscased_quoted_phrase_in_a_note_fails_with_the_closest_passage(book, capsys):
    meta = book / "sources" / TEHRAN
    edit(meta, "{quote}`Back in October, <tehran-times-2020:6>`, but", '"back in October". But')
    status, problems = check(book, capsys)
    assert status == 1
    (problem,) = problems
    assert problem.startswith(f"{meta}:{line_of(meta, 'back in October')}: notes[4] (on ¶6): the quoted phrase "
                              "(checked against the paragraph the note is pinned to): quotation not found in Tehran "
                              "Times 2020, ¶6: “back in October”; the closest passage is “Back in October")
    assert "if it is not a quotation, use single quotation marks: ‘…’" in problem


def test_single_quotation_marks_are_not_checked_and_a_cited_work_not_ingested_is_accepted(book, capsys):
    meta = book / "sources" / TEHRAN
    edit(meta, "{quote}`Back in October, <tehran-times-2020:6>`, but", "‘back in October’. But")
    edit(meta, '(CC BY 4.0; set aside', '("CC BY 4.0" {cite:p}`mehr-2020`; set aside')
    assert check(book, capsys) == (0, [])


def test_check_and_the_build_report_the_same_problems_at_the_file_the_analyst_edits(book, capsys):
    glossary, index = book / "sources" / "glossary.yaml", book / "sources" / "judgments.yaml"
    edit(glossary, "this was no embargo ({para}`tehran-times-2020:5`)", "this was no embargo ({para}`tehran-times-2020:9`)")
    edit(index, "(see the {term}`snapback` entry)", "(see the {term}`snap-back` entry)")
    status, problems = check(book, capsys)
    assert status == 1
    assert sorted(problems) == [
        f"{glossary}:{line_of(glossary, 'tehran-times-2020:9')}: terms[7] ('arms embargo'): "
        "{para}`tehran-times-2020:9`: 'tehran-times-2020' has paragraphs ¶1 to ¶7, not ¶9. Fix: cite a paragraph "
        "from ¶1 to ¶7 (`briefbook paras tehran-times-2020-lavrov-full-right` lists them), for example "
        "{para}`tehran-times-2020:7`.",
        f"{index}:{line_of(index, 'snap-back')}: judgments[1] ('legal-basis'): {{term}}`snap-back` links to 'snap-back', which is another name for "
        "the term 'snapback', not a glossary entry. Fix: write {term}`snap-back <snapback>`.",
    ]
    expected = {re.sub(r"^\S*?(sources/glossary\.yaml|sources/judgments\.yaml)", r"\1", p) for p in problems}
    for command in ([sys.executable, "-m", "briefbook.cli", "build", "-q", "--sources", str(book / "sources"),
                     "--docs", str(book / "docs"), "--out", str(book / "out")],
                    [sys.executable, "-m", "sphinx", "-q", "-W", "-n", "-b", "html", str(book / "docs"),
                     str(book / "out" / "plain")]):
        run = subprocess.run(command, capture_output=True, text=True)
        assert run.returncode != 0
        assert "Traceback" not in run.stderr and "Exception" not in run.stderr
        assert "glossary.md" not in run.stderr, "never the generated page"
        said = {re.sub(r"^\S*?(sources/glossary\.yaml|sources/judgments\.yaml):(\d+): (ERROR: )?", r"\1:\2: ", line)
                .removesuffix(" [briefbook.source]")
                for line in run.stderr.splitlines() if "glossary.yaml:" in line or "judgments.yaml:" in line}
        assert said == expected, run.stderr


def test_ten_mistakes_are_reported_in_one_run_each_once_at_its_line(book, capsys):
    sources, docs = book / "sources", book / "docs"
    raw = ROOTS / "raw"
    # 1. schema: a misspelt key in a new source's metadata
    shutil.copy(raw / "daily-2024-one.txt", sources / "extra.txt")
    (sources / "extra.yaml").write_text((raw / "daily-2024-one.yaml").read_text().replace("key: daily-2024",
                                                                                          "key: extra-2024\ntitel: x"))
    # 2. duplicate keys
    for name in ("dup-a", "dup-b"):
        shutil.copy(raw / "daily-2024-one.txt", sources / f"{name}.txt")
        shutil.copy(raw / "daily-2024-one.yaml", sources / f"{name}.yaml")
    timeline, glossary, meta = sources / "timeline.yaml", sources / "glossary.yaml", sources / TEHRAN
    edit(timeline, "terms: [JCPOA, P5+1]", "terms: [JCPOA, P6+1]")  # 3. timeline: unknown term
    edit(timeline, "cite: [crs-if11583-2020]\n", "cite: [crs-if11538-2020]\n")  # 4. timeline: unknown citation
    edit(glossary, "see_also: [Resolution 2231, snapback, P5+1]", "see_also: [Resolution 2231, snapbac, P5+1]")  # 5.
    edit(glossary, "this was no embargo ({para}`tehran-times-2020:5`)", "this was no embargo ({para}`tehran-times-2020:9`)")  # 6.
    edit(meta, "  - para: 7\n", "  - para: 8\n")  # 7. a note past the end
    edit(meta, "There is no such thing as an arms embargo", "There is no such thing as an embargo")  # 8. a quotation
    edit(meta, "{quote}`Back in October, <tehran-times-2020:6>`, but", '"back in October". But')  # 9. a quoted phrase
    edit(docs / "index.md", "{cite:p}`un-sc14277`, leads", "{cite:p}`un-sc14278`, leads")  # 10. a page's citation
    status, problems = check(book, capsys)
    assert status == 1
    expected = [
        (sources / "dup-b.yaml", "key: daily-2024", "has the citation key 'daily-2024', which dup-a.yaml has too"),
        (sources / "extra.yaml", "titel: x", "unknown key 'titel'"),
        (timeline, "P6+1", "names the term 'P6+1', which is not in the glossary (nearest: P5+1)"),
        (timeline, "crs-if11538-2020", "cites 'crs-if11538-2020', which is not in the bibliography (nearest: crs-if11583-2020"),
        (glossary, "snapbac,", "'JCPOA' has a see-also to 'snapbac', which is not a term"),
        (glossary, "tehran-times-2020:9", "has paragraphs ¶1 to ¶7, not ¶9"),
        (meta, "  - para: 8", "notes[5] (on ¶8): `para: 8`: 'tehran-times-2020' has paragraphs ¶1 to ¶7, not ¶8"),
        (meta, "There is no such thing as an embargo", "quotes[1]: quotation not found in Tehran Times 2020, ¶5"),
        (meta, "back in October", "notes[4] (on ¶6): the quoted phrase"),
        (docs / "index.md", "un-sc14278", "cites 'un-sc14278', which is not in the bibliography (nearest: un-sc14277"),
    ]
    assert len(problems) == len(expected), "\n".join(problems)
    for path, where, what in expected:
        mine = [p for p in problems if p.startswith(f"{path}:{line_of(path, where)}: ") and what in p]
        assert len(mine) == 1, (path, where, what, problems)
        assert " Fix: " in mine[0]


@pytest.mark.parametrize("case", ["changed capture", "text without metadata", "hand-edited generated page",
                                  "generated page edited below its first line"])
def test_bad_input_gives_briefbooks_message_under_check_build_and_sphinx_build(book, case, capsys):
    said = break_sources(book, case)
    if said is None:
        assert main(["build", "-q", "--sources", str(book / "sources"), "--docs", str(book / "docs"),
                     "--out", str(book / "out")]) == 0
        page = book / "docs" / "glossary.md"
        if case == "hand-edited generated page":
            page.write_text("# My glossary\n\n" + page.read_text().split("\n", 1)[1])
            said = "glossary.md: exists and was not written by briefbook, so it is not replaced"
        else:
            page.write_text(page.read_text() + "\nA paragraph the analyst added here.\n")
            said = "glossary.md: was changed by hand since briefbook wrote it"
        assert main(["check", "--sources", str(book / "sources"), "--docs", str(book / "docs")]) == 1
        assert said in capsys.readouterr().err, "check finds what would stop the build"
    for command in ([sys.executable, "-m", "briefbook.cli", "build", "-q", "--sources", str(book / "sources"),
                     "--docs", str(book / "docs"), "--out", str(book / "out")],
                    [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(book / "docs"), str(book / "out" / "p")]):
        run = subprocess.run(command, capture_output=True, text=True)
        assert run.returncode != 0, command
        assert said in run.stderr
        assert run.stderr.count(said) == 1, run.stderr
        for noise in ("Traceback", "Extension error", "has no attribute"):
            assert noise not in run.stderr, run.stderr
    if case == "generated page edited below its first line":
        assert "A paragraph the analyst added here." in (book / "docs" / "glossary.md").read_text(), "nothing lost"
