"""bib and bibstyle: source entries hold metadata literally; labels read "Outlet Year"."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from pybtex.database import parse_string

from briefbook.bib import bibliography
from briefbook.bibstyle import LabelStyle, decode_literal, encode_literal, label_text
from briefbook.book import load_book
from helpers import REPO


@given(st.text())
def test_literal_encoding_round_trips(value):
    assert decode_literal(encode_literal(value)) == value


def test_the_books_bibliography_parses_back_with_literal_fields():
    book = load_book(REPO / "sources")
    text = bibliography(book.sources, book.references)
    data = parse_string(text, "bibtex")
    entry = data.entries["tehran-times-2020"]
    assert decode_literal(entry.fields["title"]) == book.source("tehran-times-2020")[0].meta.title
    assert label_text(entry) == "Tehran Times 2020"
    assert set(book.references.entries) <= set(data.entries)


def test_labels_that_clash_get_letters():
    data = parse_string("@misc{a, organization={Daily}, year={2020}}\n@misc{b, organization={Daily}, year={2020}}\n"
                        "@misc{c, organization={Other}, year={2020}}\n", "bibtex")
    labels = list(LabelStyle().format_labels(data.entries.values()))
    assert labels == ["Daily 2020a", "Daily 2020b", "Other 2020"]
