"""The related-sources index gives the list that comparing a page with every other page gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from briefbook.sphinx.related import RelatedIndex

TERMS = [f"term-{i}" for i in range(10)]


def naive(termsets: dict[str, frozenset[str]], order: list[str], doc: str, limit: int):
    """Every other page sharing a term, most shared terms first, then in list order."""
    mine = termsets.get(doc, frozenset())
    found = [(-len(mine & termsets[o]), order.index(o), o) for o in order if o != doc and mine & termsets[o]]
    return [(o, mine & termsets[o]) for _, _, o in sorted(found)[:limit]]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.frozensets(st.sampled_from(TERMS)), max_size=40), st.integers(1, 9), st.randoms())
def test_the_index_lists_what_comparing_every_page_lists(sets, limit, rnd):
    order = [f"sources/page-{i}" for i in range(len(sets))]
    rnd.shuffle(order)  # list order (label order) is not name order
    termsets = dict(zip(order, sets, strict=True))
    index = RelatedIndex(termsets, order)
    for doc in [*order, "glossary"]:
        assert index.related(doc, limit) == naive(termsets, order, doc, limit)


def test_a_page_sharing_nothing_has_no_related_pages():
    index = RelatedIndex({"a": frozenset({"x"}), "b": frozenset({"y"})}, ["a", "b"])
    assert index.related("a", 8) == [] and index.related("missing", 8) == []
