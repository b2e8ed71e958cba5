"""Metadata gets the source text's character policy: one-line fields stay one line, controls and bidi
overrides become visible markers everywhere, and every address is http(s)."""

from __future__ import annotations

import pytest

from briefbook.bib import bibliography
from briefbook.book import load_book
from briefbook.errors import BriefbookError
from briefbook.escape import visible


def test_a_javascript_address_in_references_bib_is_refused_at_its_line(book):
    bib = book / "sources" / "references.bib"
    bib.write_text(bib.read_text() + "\n@misc{evil,\n  title = {Evil},\n  url = {javascript:alert(1)}\n}\n")
    with pytest.raises(BriefbookError) as info:
        load_book(book / "sources")
    [problem] = [p for p in info.value.problems if "evil" in p.message]
    assert "is not an http(s) address" in problem.message and problem.path == bib
    assert problem.line == bib.read_text().splitlines().index("@misc{evil,") + 1


@pytest.mark.parametrize("field, value", [("authors", '["Jane\\nDoe"]'), ("date_approximate", '"one\\ntwo"')])
def test_one_line_fields_refuse_line_breaks(book, field, value):
    meta = book / "sources" / "tehran-times-2020-lavrov-full-right.yaml"
    meta.write_text(meta.read_text() + f"{field}: {value}\n")
    with pytest.raises(BriefbookError) as info:
        load_book(book / "sources")
    assert any("must be one line" in p.message and p.line for p in info.value.problems)


def test_controls_in_metadata_become_markers_in_labels_and_bibtex(book):
    meta = book / "sources" / "tehran-times-2020-lavrov-full-right.yaml"
    meta.write_text(meta.read_text().replace("outlet: Tehran Times", 'outlet: "Tehran\\a Times\\u202e"'))
    loaded = load_book(book / "sources")
    source, _ = loaded.source("tehran-times-2020")
    assert source.meta.outlet == "Tehran⟪U+0007⟫ Times⟪U+202E⟫"
    assert source.label.startswith("Tehran⟪U+0007⟫ Times⟪U+202E⟫")
    text = bibliography(loaded.sources, loaded.references)
    assert "\a" not in text and "\u202e" not in text and "⟪U+0007⟫" in text


def test_line_and_paragraph_separators_are_shown_not_obeyed():
    assert visible("a\u2028b\u2029c") == "a⟪U+2028⟫b⟪U+2029⟫c"


def test_a_capture_cannot_send_escape_sequences_to_the_terminal(book, capsys):
    from briefbook.cli import main

    meta = book / "sources" / "tehran-times-2020-lavrov-full-right.yaml"
    meta.write_text(meta.read_text().replace("- text: There is no such thing as an arms embargo against Iran.",
                                             '- text: "There is no such thing as an \\x1b[2Jembargo against Iran."'))
    assert main(["check", "--sources", str(book / "sources")]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "⟪U+001B⟫" in err
