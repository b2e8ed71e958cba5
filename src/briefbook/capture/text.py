"""Plain-text captures: kept byte for byte as the source's text; a byline near the top offers the authors."""

from __future__ import annotations

from pathlib import Path

from ..clean import byline_authors, split_lines
from ..yamlio import decode
from . import Capture, Prefill, refuse

#: A byline is looked for among this many non-empty lines at the top.
BYLINE_WITHIN = 8


def extract_text(path: Path, data: bytes) -> Capture:
    """A UTF-8 text file, as captured."""
    text = decode(path, data)  # a Problem naming the line of the first bad byte, with the iconv hint
    if not text.strip():
        raise refuse(path, "is empty: there is no captured text.", "capture the article's text first.")
    authors: tuple[str, ...] = ()
    for line in [l for l in split_lines(text) if l.strip()][:BYLINE_WITHIN]:
        if found := byline_authors(line):
            authors = found
            break
    notes = (f"authors {', '.join(authors)} from the byline",) if authors else ()
    return Capture("text", data, text.removeprefix("\ufeff"), Prefill(authors=authors), None, (), None, notes)
