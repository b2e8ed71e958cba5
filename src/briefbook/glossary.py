"""The glossary: terms with aliases and cited definitions, indexed names, and the linker for source text."""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Union

import ahocorasick
from pydantic import Field

from .errors import BriefbookError, Problem
from .escape import escape_inline
from .model import FullDateField, Line, Prose, Strict
from .yamlio import LineMap, line_of, load_yaml, validate

FILENAME = "glossary.yaml"


class Alias(Strict):
    """Another name for a term; `match_case` for one that is also an ordinary word in lower case."""

    text: str = Field(min_length=1)
    match_case: bool = False


AliasSpec = Union[str, Alias]


class Term(Strict):
    """A glossary entry."""

    term: str = Field(min_length=1, pattern=r"^[^`<>{}]+$")
    aliases: list[AliasSpec] = Field(default_factory=list)
    match_case: bool = False
    definition: Prose = Field(description="MyST, with citations")
    as_of: FullDateField
    see_also: list[str] = Field(default_factory=list)
    category: Line | None = Field(default=None, description="index group, for example 'Weapon systems'")


class Entity(Strict):
    """A person, organisation or system that is indexed wherever a source names it (not defined)."""

    name: Line = Field(description="the index form, for example 'Lavrov, Sergey'")
    category: Line
    aliases: list[AliasSpec] = Field(default_factory=list)
    match_case: bool = True


class Glossary(Strict):
    """sources/glossary.yaml."""

    link: Literal["first-in-paragraph", "every"] = "first-in-paragraph"
    terms: list[Term] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)


def _aliases(specs: list[AliasSpec], default_case: bool) -> list[Alias]:
    return [Alias(text=s, match_case=default_case) if isinstance(s, str) else s for s in specs]


@dataclass(frozen=True)
class Name:
    """One matchable name: the text, whether case matters, and what it stands for."""

    text: str
    match_case: bool
    kind: Literal["term", "entity"]
    target: str
    category: str | None


def names(glossary: Glossary) -> list[Name]:
    """Every term, alias and entity name the linker looks for."""
    out = []
    for t in glossary.terms:
        out.append(Name(t.term, t.match_case, "term", t.term, t.category))
        out += [Name(a.text, a.match_case, "term", t.term, t.category) for a in _aliases(t.aliases, t.match_case)]
    for e in glossary.entities:
        out += [Name(a.text, a.match_case, "entity", e.name, e.category) for a in _aliases(e.aliases, e.match_case)]
    return out


def check(glossary: Glossary, path: Path, node) -> list[Problem]:
    """Terms defined twice, an alias claimed by two terms, a see-also to a missing term."""
    problems = []
    seen: dict[str, int] = {}
    for i, t in enumerate(glossary.terms):
        key = t.term.casefold()
        if key in seen:
            problems.append(Problem(path, f"the term {t.term!r} is defined twice (terms[{seen[key]}] and terms[{i}]).",
                                    line_of(node, ("terms", i, "term")), "merge the two entries into one."))
        seen.setdefault(key, i)
    owner: dict[str, str] = {}
    for n in names(glossary):
        key = n.text.casefold()
        if key in owner and owner[key].casefold() != n.target.casefold():
            idx = next(i for i, t in enumerate(glossary.terms) if t.term == n.target) if n.kind == "term" else None
            where = line_of(node, ("terms", idx)) if idx is not None else None
            problems.append(Problem(path, f"the name {n.text!r} is claimed by both {owner[key]!r} and {n.target!r}.", where,
                                    "keep it as an alias of one of them only."))
        owner.setdefault(key, n.target)
    for i, t in enumerate(glossary.terms):
        for j, other in enumerate(t.see_also):
            if other.casefold() not in seen:
                close = difflib.get_close_matches(other, [x.term for x in glossary.terms], n=1, cutoff=0.5)
                problems.append(Problem(path, f"{t.term!r} has a see-also to {other!r}, which is not a term"
                                              f"{f' (nearest: {close[0]})' if close else ''}.",
                                        line_of(node, ("terms", i, "see_also", j)),
                                        f"write a term as its `term:` spells it{f', for example {close[0]}' if close else ''}"
                                        ", or add the term."))
    return problems


def load_glossary(sources_dir: Path, report: list[Problem] | None = None) -> tuple[Glossary, LineMap]:
    """Load and check sources/glossary.yaml (an empty glossary when there is none), with its line map.

    A glossary that does not validate raises BriefbookError; the problems of one that does (a term
    defined twice, …) are raised too, or added to `report` when given (the glossary is then returned)."""
    path = sources_dir / FILENAME
    if not path.exists():
        return Glossary(), LineMap()
    data, node = load_yaml(path)
    glossary = validate(path, Glossary, data, node)
    problems = check(glossary, path, node)
    if report is not None:
        report.extend(problems)
    elif problems:
        raise BriefbookError(problems)
    return glossary, node


#: White space that may stand between the words of a name in the text.
_GAPS = re.compile(r"[ \t\u00a0]{2,}|[\t\u00a0]")


def _is_word(ch: str) -> bool:
    """True for the characters regular expressions call \\w (letters, digits, the underscore)."""
    return ch.isalnum() or ch == "_"


def _fold(text: str) -> str:
    """text case-folded one character for one, as regular expressions compare without case ("İ" as "i",
    "ẞ" as "ß"), so that every offset into the result is the same offset into text."""
    folded = text.casefold()
    if len(folded) == len(text):  # folding never shortens: equal length means one character for one
        return folded
    return text.translate({ord(c): _fold_one(c) for c in set(text)})


def _fold_one(c: str) -> str:
    folded = c.casefold()
    if len(folded) == 1:
        return folded
    lower = c.lower()
    return lower if len(lower) == 1 else lower[0]


def _spaced(text: str) -> tuple[str, list[int], list[int]]:
    """text with every gap between words (spaces, tabs, no-break spaces) written as one space, and the
    offsets where the two differ: (spaced text, positions in it, how far each moves back in text)."""
    at: list[int] = []
    moved: list[int] = []
    if _GAPS.search(text) is None:
        return text, at, moved
    parts, last, shift = [], 0, 0
    for m in _GAPS.finditer(text):
        parts += [text[last:m.start()], " "]
        shift += len(m.group()) - 1
        last = m.end()
        at.append(m.end() - shift)
        moved.append(shift)
    parts.append(text[last:])
    return "".join(parts), at, moved


@dataclass(frozen=True)
class Mention:
    """A name found in text: where, and what it stands for."""

    start: int
    end: int
    name: Name


class Linker:
    """Finds glossary names in source text: one Aho–Corasick automaton of every name, built once per build.

    Its cost is linear in the text (plus the names found), whatever the number of names. A name
    matches whole words only, with any spaces, tabs or no-break spaces between its words, and
    case-insensitively unless it is marked `match_case`; where names overlap, the leftmost wins,
    and of those starting at one place the longest name."""

    def __init__(self, glossary: Glossary):
        self.every = glossary.link == "every"
        self.names = sorted(names(glossary), key=lambda n: (-len(n.text), n.text))
        self._exact = [" ".join(n.text.split()) for n in self.names]
        found: dict[str, list[int]] = {}
        for rank, exact in enumerate(self._exact):
            found.setdefault(_fold(exact), []).append(rank)
        self._automaton = None
        if found:
            self._automaton = ahocorasick.Automaton()
            for key, ranks in found.items():
                self._automaton.add_word(key, (len(key), tuple(ranks)))
            self._automaton.make_automaton()

    def mentions(self, text: str) -> list[Mention]:
        """Every non-overlapping mention, left to right."""
        if self._automaton is None or not text:
            return []
        spaced, at, moved = _spaced(text)
        folded = _fold(spaced)

        def original(i: int) -> int:
            k = bisect.bisect_right(at, i)
            return i + (moved[k - 1] if k else 0)

        best: dict[int, tuple[int, int]] = {}  # start -> (rank of the preferred name, end)
        for last, (length, ranks) in self._automaton.iter(folded):
            start, end = original(last - length + 1), original(last) + 1
            if (start and _is_word(text[start - 1])) or (end < len(text) and _is_word(text[end])):
                continue
            for rank in ranks:  # in order of preference: the first that fits is the best here
                if rank >= best.get(start, (len(self.names), 0))[0]:
                    break
                if not self.names[rank].match_case or spaced[last - length + 1:last + 1] == self._exact[rank]:
                    best[start] = (rank, end)
                    break
        out, pos = [], 0
        for start in sorted(best):
            if start >= pos:
                rank, end = best[start]
                out.append(Mention(start, end, self.names[rank]))
                pos = end
        return out

    def link(self, text: str) -> tuple[str, list[str]]:
        """MyST for a paragraph: escaped text with term links, and index entries for the names in it."""
        out, index, linked, pos = [], [], set(), 0
        for m in self.mentions(text):
            name = m.name
            # Each name once in the index, with all its pages: a term under its own name (where its glossary
            # entry is), a person, organisation or system under its category ("People; Lavrov, Sergey").
            if name.kind == "entity":
                index.append(f"single: {name.category}; {name.target}" if name.category else f"single: {name.target}")
                continue
            index.append(f"single: {name.target}")
            if name.target in linked and not self.every:
                continue
            linked.add(name.target)
            out.append(escape_inline(text[pos:m.start], line_start=pos == 0, line_end=False))
            shown = text[m.start:m.end]
            out.append(f"{{term}}`{shown}`" if shown == name.target else f"{{term}}`{shown} <{name.target}>`")
            pos = m.end
        out.append(escape_inline(text[pos:], line_start=pos == 0))
        return "".join(out), list(dict.fromkeys(index))

    def terms_in(self, text: str) -> set[str]:
        """The terms a text mentions."""
        return {m.name.target for m in self.mentions(text) if m.name.kind == "term"}
