"""The glossary: terms with aliases and cited definitions, indexed names, and the linker for source text."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Union

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


def _pattern(name: Name) -> str:
    body = r"[ \t\u00a0]+".join(re.escape(word) for word in name.text.split())
    return body if name.match_case else f"(?i:{body})"


@dataclass(frozen=True)
class Mention:
    """A name found in text: where, and what it stands for."""

    start: int
    end: int
    name: Name


class Linker:
    """Finds glossary names in source text in one pass of one compiled pattern, longest name first."""

    def __init__(self, glossary: Glossary):
        self.every = glossary.link == "every"
        self.names = sorted(names(glossary), key=lambda n: (-len(n.text), n.text))
        alternatives = "|".join(f"(?P<n{i}>{_pattern(n)})" for i, n in enumerate(self.names))
        self.regex = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)") if self.names else None

    def mentions(self, text: str) -> list[Mention]:
        """Every non-overlapping mention, left to right."""
        if self.regex is None:
            return []
        return [Mention(m.start(), m.end(), self.names[int((m.lastgroup or 'n0')[1:])]) for m in self.regex.finditer(text)]

    def link(self, text: str) -> tuple[str, list[str]]:
        """MyST for a paragraph: escaped text with term links, and index entries for the names in it."""
        out, index, linked, pos = [], [], set(), 0
        for m in self.mentions(text):
            name = m.name
            if name.category:
                index.append(f"single: {name.category}; {name.target}")
            if name.kind == "entity":
                index.append(f"single: {name.target}")
                continue
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
