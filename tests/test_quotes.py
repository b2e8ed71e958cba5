"""Quotations are checked against their sources: exact up to white space and quote-mark style."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefbook.cli import main
from briefbook.quotes import check_quote, closest_passage

TEXT = "Lavrov said: “We have no restrictions on military and technical cooperation with Iran.” Then he left."


@pytest.mark.parametrize("quote", [
    "We have no restrictions on military and technical cooperation with Iran.",
    '"We have no   restrictions\non military',
    "no restrictions on military",
])
def test_exact_quotes_up_to_spacing_and_quote_marks_are_found(quote):
    assert check_quote(TEXT, quote).found


@pytest.mark.parametrize("quote", [
    "We have no limits on military and technical cooperation with Iran.",
    "We have no restriction on military",
    "we have no restrictions",  # case matters
])
def test_changed_words_are_not_found_and_the_closest_passage_is_given(quote):
    result = check_quote(TEXT, quote)
    assert not result.found
    assert "restrictions on military" in result.closest or "We have no restrictions" in result.closest


def test_closest_passage_of_long_text_is_local():
    text = "filler words " * 2000 + "the arms embargo lapsed on 18 October 2020 " + "more filler " * 2000
    assert "arms embargo lapsed" in closest_passage(text, "the arms embargo ended on 18 October 2020")


@pytest.mark.sphinx("html", testroot="quotes")
def test_correct_quotations_build_clean_and_render_with_their_source(app, warning):
    app.build()
    assert warning.getvalue() == ""
    html = Path(app.outdir, "index.html").read_text()
    assert "“A second paragraph: &lt;b&gt;not bold&lt;/b&gt; &amp; $x$”" in html
    assert "The Daily 2024, ¶2" in html and 'href="sources/daily-2024-one.html#p-2"' in html


@pytest.mark.sphinx("html", testroot="quotes")
def test_a_changed_word_fails_with_the_quote_and_the_closest_passage(app, warning):
    index = Path(app.srcdir, "index.md")
    index.write_text(index.read_text().replace("not bold</b> & $x$", "not bold</b> and $x$"))
    app.build()
    text = warning.getvalue()
    assert "index.md:3: WARNING: quotation not found in The Daily 2024, ¶2: “A second paragraph: <b>not bold</b> and $x$”" in text
    assert "the closest passage is “A second paragraph: <b>not bold</b> & $x$" in text
    assert "[briefbook.quote]" in text


@pytest.mark.sphinx("html", testroot="quotes")
def test_block_quote_with_a_wrong_paragraph_fails(app, warning):
    index = Path(app.srcdir, "index.md")
    index.write_text(index.read_text().replace("{bb-quote} daily-2024:1", "{bb-quote} daily-2024:2"))
    app.build()
    assert "quotation not found in The Daily 2024, ¶2: “A first paragraph with \"straight quotes\"”" in warning.getvalue()


def test_metadata_quotes_are_checked_by_check_and_by_the_build(book, capsys):
    meta = book / "sources" / "tehran-times-2020-lavrov-full-right.yaml"
    meta.write_text(meta.read_text().replace("There is no such thing as an arms embargo", "There is no such thing as an embargo"))
    assert main(["check", "--sources", str(book / "sources")]) == 1
    err = capsys.readouterr().err
    assert "tehran-times-2020-lavrov-full-right.yaml:" in err
    assert "quotes[1]: quotation not found in Tehran Times 2020, ¶5: “There is no such thing as an embargo against Iran.”" in err
    assert "the closest passage is “" in err
    assert main(["build", "-q", "--sources", str(book / "sources"), "--docs", str(book / "docs"),
                 "--out", str(book / "out")]) != 0


def test_a_byte_changed_in_a_captured_text_fails_check(book, capsys):
    txt = book / "sources" / "interbellum-2025-lavrov-no-limits.txt"
    data = bytearray(txt.read_bytes())
    data[data.index(b"Saturday")] = ord("s")
    txt.write_bytes(bytes(data))
    assert main(["check", "--sources", str(book / "sources")]) == 1
    assert "interbellum-2025-lavrov-no-limits.txt: no longer matches the SHA-256 recorded" in capsys.readouterr().err
