"""analyst.py: every reference, citation, term and quoted phrase in analyst MyST, with its line."""

from __future__ import annotations

from pathlib import Path

from briefbook.analyst import Found, Page, cite_keys, hand_written, page_text, scan
from briefbook.refs import Target
from briefbook.write import MARK


def found_in(text: str) -> Found:
    found = Found()
    scan(page_text(Page(Path("docs/index.md"), text)), found)
    return found


def phrases(text: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(q.words, q.cites) for q in found_in(text).quotations if q.kind == "the quoted phrase"]


def test_roles_are_found_with_their_targets_and_lines():
    found = found_in("# Title\n\nSee {para}`daily-2024:2` and {para}`the text <daily-2024:3>`,\n"
                     "{cite:p}`a,{see}b{p. 2}` {cite:t}`c` and {term}`dashes` or {term}`a dash <dashes>`.\n"
                     "{quote}`A second paragraph <daily-2024:2>`\n")
    assert [(r.target, r.place.line) for r in found.refs] == [
        (Target("daily-2024", 2), 3), (Target("daily-2024", 3), 3), (Target("daily-2024", 2), 5)]
    assert [c.keys for c in found.cites] == [("a", "b"), ("c",)]
    assert [t.term for t in found.terms] == ["dashes", "dashes"]
    assert [(q.words, q.cites, q.place.line) for q in found.quotations] == [
        ("A second paragraph", ("daily-2024:2",), 5)]
    assert found.refs[1].spell(5) == "{para}`the text <daily-2024:5>`"


def test_a_phrase_is_checked_against_the_first_citation_after_it_in_its_sentence():
    assert phrases('He said "no limits" at a press conference {para}`a-2025:2`.') == [("no limits", ("a-2025:2",))]
    assert phrases('He said “no limits” ({para}`a-2025:2`, {para}`a-2025:3`).') == [
        ("no limits", ("a-2025:2", "a-2025:3"))], "a group of citations: the phrase may be in any of them"
    assert phrases('It was “legally null and void” {cite:p}`mfa-2025` ({para}`a-2025:7`).') == [
        ("legally null and void", ("mfa-2025", "a-2025:7"))]
    assert phrases('Not “back in October”. The U.S. report says so {para}`a-2025:6`.') == [("back in October", ())]
    assert phrases('The U.S. and “the Council” met, e.g. in Vienna {para}`a-2025:6`.') == [
        ("the Council", ("a-2025:6",))], "abbreviations do not end a sentence"


def test_single_quotes_code_links_and_html_are_not_quoted_phrases():
    assert phrases("Captions, ‘2 min read’, and 'word' as a word.") == []
    assert phrases('Code `say "x"` and [a link](https://x.example "a title") and <span title="y">z</span>.') == []
    assert phrases('A {term}`role <with "quotes">` here.') == []
    assert phrases('Markup is dropped: “*no* {term}`limits <Limit>`” {para}`a-2025:1`.') == [
        ("no limits", ("a-2025:1",))]


def test_block_quotes_are_quotations_and_other_directives_are_not_prose():
    found = found_in('# T\n\n:::{bb-quote} daily-2024:1\n:speaker: The Daily\nA first "paragraph"\n:::\n\n'
                     ':::{toctree}\n:caption: "Contents"\nsources/index\n:::\n\n```\ncode "not a quote"\n```\n')
    assert [(r.target, r.written) for r in found.refs] == [(Target("daily-2024", 1), "`{bb-quote} daily-2024:1`")]
    assert [(q.words, q.cites) for q in found.quotations] == [('A first "paragraph"', ("daily-2024:1",))]


def test_cite_keys_follow_the_bibtex_grammar():
    assert cite_keys("a,b") == ("a", "b")
    assert cite_keys("{see}fact-sheet{p. 3}, unsc-2231") == ("fact-sheet", "unsc-2231")


def test_hand_written_pages_exclude_generated_files_and_build_folders(tmp_path):
    (tmp_path / "index.md").write_text("# Hand-written\n")
    (tmp_path / "glossary.md").write_text(f"% {MARK} from sources/glossary.yaml.\n# Glossary\n")
    (tmp_path / "_build").mkdir()
    (tmp_path / "_build" / "x.md").write_text("# built\n")
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "README.md").write_text("# sources folder\n")
    assert hand_written(tmp_path, skip=[tmp_path / "raw"]) == [tmp_path / "index.md"]
