"""What analyst text points at, as typed records: references, quotations, citations and term uses, each with
the place (file, line, item) the analyst edits. analyst.py finds them; checks.py checks them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problem
from .refs import Target
from .yamlio import LineMap


@dataclass(frozen=True)
class Place:
    """Where the analyst wrote something: the file they edit, its line, and the item it is in."""

    path: Path
    line: int | None
    #: "notes[2] (on ¶4)", "terms[3] ('JCPOA')", "events[5] (2020-08-20)"; "" on a page.
    item: str = ""

    def problem(self, message: str, fix: str | None) -> Problem:
        """A Problem here, the item named first."""
        return Problem(self.path, f"{self.item}: {message}" if self.item else message, self.line, fix)


@dataclass(frozen=True)
class Ref:
    """A reference to a source or one of its paragraphs."""

    target: Target
    place: Place
    #: How it is written, for messages: "{para}`key:3`", "`para: 3`", '`"key:3"`'.
    written: str
    #: How to write another paragraph here (format with key and n): "{{para}}`{key}:{n}`", "`para: {n}`".
    form: str

    def spell(self, n: int, key: str | None = None) -> str:
        """This reference written to ¶n (of another source when key is given)."""
        return self.form.format(key=key or self.target.key, n=n)


@dataclass(frozen=True)
class Quotation:
    """Words that must occur in a source: a key quotation, a {quote}, a {bb-quote} or a quoted phrase."""

    words: str
    #: The citations it is checked against: "key:N", "key" (a source or a work in references.bib).
    cites: tuple[str, ...]
    place: Place
    #: "the quotation" or "the quoted phrase"; and, for a phrase, why it is checked against `cites`.
    kind: str = "the quotation"
    why: str = ""


@dataclass(frozen=True)
class Cite:
    """A {cite} role: the bibliography keys it names."""

    keys: tuple[str, ...]
    place: Place
    written: str


@dataclass(frozen=True)
class TermUse:
    """A {term} role: the glossary term it links to."""

    term: str
    place: Place
    written: str


@dataclass(frozen=True)
class Malformed:
    """A role or directive briefbook cannot read."""

    place: Place
    message: str
    fix: str


@dataclass
class Found:
    """Everything the analyst's text points at."""

    refs: list[Ref] = field(default_factory=list)
    quotations: list[Quotation] = field(default_factory=list)
    cites: list[Cite] = field(default_factory=list)
    terms: list[TermUse] = field(default_factory=list)
    malformed: list[Malformed] = field(default_factory=list)


@dataclass(frozen=True)
class Text:
    """A piece of analyst MyST: where it is, and what an uncited quoted phrase in it quotes."""

    text: str
    path: Path
    #: The line of the text at an offset, given the words written there.
    line_at: Callable[[int, str], int | None]
    item: str = ""
    implicit: tuple[str, ...] = ()
    why: str = ""

    def place(self, offset: int) -> Place:
        """The Place of the character at offset."""
        snippet = self.text[offset:offset + 40].split("\n", 1)[0]
        return Place(self.path, self.line_at(offset, snippet), self.item)


def yaml_text(text: str, path: Path, lines: LineMap, loc: tuple, item: str, implicit: tuple[str, ...] = (),
              why: str = "") -> Text:
    """A text value of a YAML file; a finding's line is the line of the block it is written on."""
    return Text(text, path, lambda offset, snippet: lines.find(loc, snippet), item, implicit, why)
