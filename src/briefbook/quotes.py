"""Check quotations against their source: exact up to white space and the style of quote marks."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from .errors import Problem
from .yamlio import line_of, load_yaml

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
    matcher = difflib.SequenceMatcher(None, [normalise(w) for w in words], [normalise(w) for w in target], autojunk=False)
    block = matcher.find_longest_match(0, len(words), 0, n)
    start = max(0, block.a - block.b)
    best, best_ratio = start, -1.0
    for s in range(max(0, start - 3), min(len(words) - 1, start + 3) + 1):
        ratio = difflib.SequenceMatcher(None, normalise(" ".join(words[s:s + n])), normalise(quote)).ratio()
        if ratio > best_ratio:
            best, best_ratio = s, ratio
    return " ".join(words[best:best + n])


def check_quote(haystack: str, quote: str) -> QuoteCheck:
    """Does quote occur in haystack, up to white space and quote-mark style?"""
    if normalise(quote) and normalise(quote) in normalise(haystack):
        return QuoteCheck(True)
    return QuoteCheck(False, closest_passage(haystack, quote))


def check_metadata_quotes(book) -> list[Problem]:
    """Check the `quotes:` of every source's metadata against its own text."""
    problems = []
    for source, cleaned in book.sources:
        if not source.meta.quotes:
            continue
        _, node = load_yaml(source.yaml_path)
        for i, quote in enumerate(source.meta.quotes):
            where = line_of(node, ("quotes", i, "text"))
            if quote.para is not None:
                if quote.para > len(cleaned.paragraphs):
                    problems.append(Problem(source.yaml_path, f"quotes[{i}] names ¶{quote.para}, but the text has "
                                            f"¶1 to ¶{len(cleaned.paragraphs)}.", where, "correct `para:`."))
                    continue
                haystack = cleaned.paragraphs[quote.para - 1].text
            else:
                haystack = source.text
            result = check_quote(haystack, quote.text)
            if not result.found:
                problems.append(Problem(
                    source.yaml_path,
                    f"quotes[{i}] is not in the source{f' at ¶{quote.para}' if quote.para else ''}: "
                    f"“{quote.text}”; the closest passage is “{result.closest}”.",
                    where, "quote the source exactly (only white space and the style of quote marks may differ).",
                ))
    return problems

