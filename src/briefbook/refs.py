"""References to sources: the one parser of ``key`` and ``key:N``, and the one paragraph-range rule."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

TARGET = re.compile(r"(?P<key>[a-z0-9][a-z0-9-]*[a-z0-9])(?::(?P<para>[0-9]+))?")


@dataclass(frozen=True)
class Target:
    """A source (``tehran-times-2020``) or one of its paragraphs (``tehran-times-2020:4``)."""

    key: str
    para: int | None = None

    def __str__(self) -> str:
        return f"{self.key}:{self.para}" if self.para is not None else self.key


def parse_target(text: str) -> Target | None:
    """``key`` or ``key:N`` -> Target; None when the text has neither form."""
    m = TARGET.fullmatch(text.strip())
    if not m:
        return None
    return Target(m["key"], int(m["para"]) if m["para"] is not None else None)


def nearest(word: str, choices: Iterable[str], n: int = 3) -> str:
    """' (nearest: a, b)' naming the closest valid choices, or '' when none is close."""
    close = difflib.get_close_matches(word, list(choices), n=n, cutoff=0.5)
    return f" (nearest: {', '.join(close)})" if close else ""


def para_problem(target: Target, paragraphs: dict[str, int]) -> str | None:
    """What is wrong with a reference to a source paragraph, or None when it exists.

    paragraphs maps every source key to its number of paragraphs. The one rule that
    `briefbook check`, the timeline, notes, quotations and the Sphinx roles all apply."""
    if target.key not in paragraphs:
        return f"there is no source with the key {target.key!r}{nearest(target.key, paragraphs)}"
    count = paragraphs[target.key]
    if target.para is not None and not 1 <= target.para <= count:
        return f"{target.key!r} has paragraphs ¶1 to ¶{count}, not ¶{target.para}"
    return None
