"""Page furniture of paged text (PDF documents): running headers and footers, bare page numbers."""

from __future__ import annotations

import math
import re

#: A line that is only a page number: "7", "- 7 -", "Page 7", "7 of 12", "p. 7", "vii".
PAGE_NUMBER = re.compile(r"(?i)^[\W_]*(?:page|p\.|стр\.?)?\s*(?:\d{1,4}|[ivxlc]{1,6})(?:\s*(?:of|/|из)\s*\d{1,4})?[\W_]*$")
#: How many lines at the top and at the bottom of a page are looked at.
EDGE = 2
#: Running headers and footers are short.
MAX_LENGTH = 150


def _key(text: str) -> str:
    """Compare lines with their digits (page numbers, dates) normalised."""
    return re.sub(r"\d+", "#", " ".join(text.split()).casefold())


def running_furniture(pages: list[list[str]]) -> dict[tuple[int, int], str]:
    """(page index, entry index) -> reason, for running headers and footers and bare page numbers.

    A line counts as a running header (footer) when, digits aside, the same line is among the
    first (last) two of at least two pages and of at least 40% of the pages; a line that reads
    like a sentence (it ends with a full stop) needs three pages, and a long line is never one.
    """
    found: dict[tuple[int, int], str] = {}
    if len(pages) < 2:
        return found
    slots: dict[str, list] = {"top": [], "bottom": []}
    for p, entries in enumerate(pages):
        filled = [k for k, t in enumerate(entries) if t.strip()]
        slots["top"] += [(p, k) for k in filled[:EDGE]]
        slots["bottom"] += [(p, k) for k in filled[-EDGE:] if k not in filled[:EDGE] or len(filled) > EDGE]
    need = max(2, math.ceil(0.4 * len(pages)))
    for where, places in slots.items():
        on_pages: dict[str, set[int]] = {}
        for p, k in places:
            on_pages.setdefault(_key(pages[p][k]), set()).add(p)
        for p, k in places:
            text = pages[p][k].strip()
            if PAGE_NUMBER.match(text):
                found[(p, k)] = "page number"
            elif len(text) <= MAX_LENGTH and len(on_pages[_key(text)]) >= (
                    max(3, need) if re.search(r"[.!?]$", text) else need):
                name = "header" if where == "top" else "footer"
                found.setdefault((p, k), f"running {name} (repeated on {len(on_pages[_key(text)])} pages)")
    return found
