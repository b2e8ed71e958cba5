"""Which sources a source page lists as related: those sharing the most glossary terms with it.

Done naively, each page compares its terms with every other source page: a cost per page that
grows with the number of sources (at N = 1,000 it was as long as the rest of briefbook's work on a
page). Here the pages are indexed once per build: each term is a bit mask of the source pages
that use it, the pages numbered in the order lists show them (by label, then name). A page adds
up the masks of its terms in bit-sliced counters (a few integer operations each) and reads off
the pages with the most shared terms, lowest bit (first label) first: the same list, in the same
order, as comparing with every page, for a cost that depends on the page's own terms.
"""

from __future__ import annotations

from collections.abc import Iterable


class RelatedIndex:
    """Source pages by the terms they use, for "Related sources" lists."""

    def __init__(self, termsets: dict[str, frozenset[str]], pages: Iterable[str]):
        #: the source pages in list order; page i is bit i of every mask
        self.pages = list(pages)
        self.bit = {doc: i for i, doc in enumerate(self.pages)}
        self.termsets = termsets
        self.masks: dict[str, int] = {}
        for i, doc in enumerate(self.pages):
            for term in termsets.get(doc, ()):
                self.masks[term] = self.masks.get(term, 0) | (1 << i)

    def related(self, doc: str, limit: int) -> list[tuple[str, frozenset[str]]]:
        """Up to limit other source pages sharing terms with doc, most shared terms first, then in list order;
        each with the terms it shares."""
        mine = self.termsets.get(doc, frozenset())
        counters: list[int] = []  # counters[j]: bit j of each page's count of shared terms
        for term in sorted(mine):
            carry = self.masks.get(term, 0)
            for j in range(len(counters)):
                counters[j], carry = counters[j] ^ carry, counters[j] & carry
                if not carry:
                    break
            if carry:
                counters.append(carry)
        everyone = (1 << len(self.pages)) - 1
        if doc in self.bit:
            everyone &= ~(1 << self.bit[doc])
        found: list[str] = []
        for count in range(len(mine), 0, -1):
            pages = everyone
            for j, counter in enumerate(counters):
                pages &= counter if count >> j & 1 else ~counter
            if count >> len(counters):
                pages = 0  # a count that needs more bits than any page reached
            while pages and len(found) < limit:
                low = pages & -pages
                found.append(self.pages[low.bit_length() - 1])
                pages ^= low
            if len(found) == limit:
                break
        return [(other, mine & self.termsets[other]) for other in found]
