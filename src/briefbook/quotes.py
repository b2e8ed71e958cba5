"""Check quotations against their source: exact up to white space and the style of quote marks."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

_DOUBLE = "\"“”„‟«»〝〞＂"
_SINGLE = "'‘’‚‛`´′"
# Double and single marks fold together: a quotation within a quotation swaps one for the other.
_TABLE = str.maketrans({c: "'" for c in _DOUBLE + _SINGLE})


def normalise(text: str) -> str:
    """Fold every quotation mark and apostrophe to one, and runs of white space to one space."""
    return " ".join(text.translate(_TABLE).split())


@dataclass(frozen=True)
class QuoteCheck:
    """The outcome of checking one quotation."""

    found: bool
    closest: str = ""


def closest_passage(haystack: str, quote: str) -> str:
    """The passage of haystack most like quote, about as long as it (for the error message)."""
    words, target = haystack.split(), quote.split()
    if not words or not target:
        return ""
    n = len(target)
    # Case is ignored in finding the passage (not in the check): "back in October" is closest to "Back in October,".
    fold = [normalise(w).casefold() for w in words]
    matcher = difflib.SequenceMatcher(None, fold, [normalise(w).casefold() for w in target], autojunk=False)
    block = matcher.find_longest_match(0, len(words), 0, n)
    start = max(0, block.a - block.b)
    best, best_ratio = (start, n), -1.0
    # A word added or dropped changes the length: windows one word shorter or longer are tried too.
    for size in (n, n + 1, max(1, n - 1)):
        for s in range(max(0, start - 3), min(len(words) - 1, start + 3) + 1):
            ratio = difflib.SequenceMatcher(None, " ".join(fold[s:s + size]), normalise(quote).casefold()).ratio()
            if ratio > best_ratio:
                best, best_ratio = (s, size), ratio
    # The source's own quotation marks around the passage are not part of it (their style is not checked).
    return " ".join(words[best[0]:best[0] + best[1]]).strip(_DOUBLE + _SINGLE)


def check_quote(haystack: str, quote: str) -> QuoteCheck:
    """Does quote occur in haystack, up to white space and quote-mark style?"""
    if normalise(quote) and normalise(quote) in normalise(haystack):
        return QuoteCheck(True)
    return QuoteCheck(False, closest_passage(haystack, quote))


def verify(book, target, words: str) -> str | None:
    """What is wrong with a quotation of `words` from `target` (a refs.Target), or None when it is exact.

    The one quotation rule: metadata quotes (checks.py), ``{quote}`` and ``{bb-quote}`` all call it."""
    from .labels import para_label
    from .refs import para_problem

    problem = para_problem(target, book.paragraphs)
    if problem:
        return f"quotation “{words}”: {problem}"
    source, cleaned = book.source(target.key)
    if target.para is not None:
        paragraph = cleaned.paragraphs[target.para - 1]
        haystack, where = paragraph.text, para_label(source.label, paragraph)
    else:
        haystack, where = source.text, source.label
    result = check_quote(haystack, words)
    if result.found:
        return None
    return f"quotation not found in {where}: “{words}”; the closest passage is “{result.closest}”"
