"""Key judgments as data (sources/judgments.yaml): the records, the scale in use and the grade threshold.

Each judgment has a statement, a likelihood term of the book's scale (scales.py), a confidence level with
its basis, the paragraphs of captured sources it rests on (``key:N``, the one parser of refs.py), its
assumptions (a linchpin marked), the indicators that would change it, and what changed since the previous
edition. The first judgment is the bottom line. tradecraft.py lints them; render_judgments.py renders them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Discriminator, Field, Tag, field_validator

from .errors import Problem
from .mentions import Found, Place, Ref, yaml_text
from .model import Line, Prose, Strict
from .refs import nearest, parse_target
from .scales import BUILT_IN, ICD_203, Scale
from .yamlio import LineMap, load_yaml, validate

if TYPE_CHECKING:
    from collections.abc import Callable

    from .book import Book
    from .load import Source
    from .mentions import Text

FILENAME = "judgments.yaml"
GRADE = re.compile(r"^[A-F][1-6]$")


class Confidence(Strict):
    """How much the evidence supports the judgment (ICD 203 keeps it apart from the likelihood)."""

    level: Literal["high", "moderate", "low"]
    basis: Prose = Field(description="MyST: what the level rests on")


class Assumption(Strict):
    """Something the judgment takes as given; a linchpin is one that, if wrong, would overturn it."""

    text: Prose
    linchpin: bool = False


class Judgment(Strict):
    """One key judgment."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*[a-z0-9]$", description="its anchor: kj-<id>")
    statement: Prose = Field(description="MyST: the judgment, in a sentence or two")
    discussion: Prose | None = Field(default=None, description="MyST: the evidence and reasoning")
    likelihood: Line = Field(description="a term of the book's scale")
    confidence: Confidence
    sources: list[str] = Field(default_factory=list, description="paragraphs of captured sources, key:N")
    sourcing: Prose | None = Field(default=None, description="MyST: what the reader must know about the sources")
    assumptions: list[Assumption] = Field(default_factory=list)
    indicators: list[Prose] = Field(default_factory=list, description="what would change the judgment")
    change: Prose | None = Field(default=None, description="MyST: how it differs from the previous edition")


class Judgments(Strict):
    """sources/judgments.yaml."""

    scale: Annotated[Annotated[Literal["icd-203", "uk-phia"], Tag("name")] | Annotated[Scale, Tag("custom")],
                     Discriminator(lambda v: "name" if isinstance(v, str) else "custom")] = "icd-203"
    grade_threshold: str = Field(default="C3", description="sources graded below it (either half) are low")
    judgments: list[Judgment] = Field(default_factory=list)

    @field_validator("grade_threshold")
    @classmethod
    def _threshold(cls, value: str) -> str:
        if not GRADE.fullmatch(value):
            raise ValueError(f"{value!r} is not an Admiralty grade: expected a letter A–F and a digit 1–6, such as C3")
        return value

    @property
    def scale_id(self) -> str:
        """'icd-203', 'uk-phia' or 'custom'."""
        return self.scale if isinstance(self.scale, str) else "custom"

    @property
    def the_scale(self) -> Scale:
        """The scale in use."""
        return BUILT_IN.get(self.scale, ICD_203) if isinstance(self.scale, str) else self.scale


def load_judgments(folder: Path) -> tuple[Judgments, LineMap]:
    """sources/judgments.yaml and its line map; no file: no judgments, on the default scale."""
    path = folder / FILENAME
    if not path.exists():
        return Judgments(), LineMap()
    data, lines = load_yaml(path)
    if data is None:  # an empty file
        return Judgments(), lines
    return validate(path, Judgments, data, lines), lines


# ---- grades -------------------------------------------------------------------------------------------

def grade(source: Source) -> str | None:
    """'C2', or None when the source is not graded (both halves are needed)."""
    meta = source.meta
    return f"{meta.reliability.grade}{meta.credibility.grade}" if meta.reliability and meta.credibility else None


def below(source: Source, threshold: str) -> bool:
    """Whether the source is graded below the threshold in either half (an ungraded source is)."""
    graded = grade(source)
    return graded is None or graded[0] > threshold[0] or graded[1] > threshold[1]


def confirmed(source: Source) -> bool:
    """Whether its information is graded 1, confirmed by other sources."""
    return source.meta.credibility is not None and source.meta.credibility.grade == 1


def supporting(book: Book, judgment: Judgment) -> list[Source]:
    """The captured sources a judgment cites, once each, in the order cited."""
    out: list[Source] = []
    for ref in judgment.sources:
        target = parse_target(ref)
        found = book.source(target.key) if target is not None else None
        if found is not None and found[0] not in out:
            out.append(found[0])
    return out


# ---- what the analyst wrote in it, and its structural checks -------------------------------------------

def texts(book: Book) -> list[tuple[tuple, str, Text]]:
    """Every piece of analyst MyST in judgments.yaml: (YAML path, what it is, Text)."""
    path, lines = book.folder / FILENAME, book.judgment_lines
    out = []
    for i, j in enumerate(book.judgments):
        item = f"judgments[{i}] ({j.id!r})"
        parts: list[tuple[tuple, str, str | None]] = [
            (("statement",), "statement", j.statement), (("discussion",), "discussion", j.discussion),
            (("confidence", "basis"), "confidence basis", j.confidence.basis), (("sourcing",), "sourcing", j.sourcing),
            (("change",), "change", j.change)]
        parts += [(("assumptions", k, "text"), "assumption", a.text) for k, a in enumerate(j.assumptions)]
        parts += [(("indicators", k), "indicator", text) for k, text in enumerate(j.indicators)]
        for loc, what, text in parts:
            if text:
                full = ("judgments", i, *loc)
                out.append((full, what, yaml_text(text, path, lines, full, item, tuple(j.sources),
                                                   "the judgment's `sources:`")))
    return out


def find_in(book: Book, found: Found, scan: Callable[[Text, Found], None]) -> None:
    """Add the references, quotations, citations and terms of judgments.yaml to what analyst.find found."""
    path, lines = book.folder / FILENAME, book.judgment_lines
    for _, _, text in texts(book):
        scan(text, found)
    for i, j in enumerate(book.judgments):
        for k, ref in enumerate(j.sources):
            target = parse_target(ref)
            if target is not None and target.para is not None:
                place = Place(path, lines.line(("judgments", i, "sources", k)), f"judgments[{i}] ({j.id!r})")
                found.refs.append(Ref(target, place, f'`"{ref}"`', '`"{key}:{n}"`'))


def check_judgments(book: Book) -> list[Problem]:
    """Each id once; each likelihood a term of the scale; each of `sources:` a paragraph, key:N."""
    path, lines = book.folder / FILENAME, book.judgment_lines
    scale = book.judgment_data.the_scale
    problems, seen = [], set()
    for i, j in enumerate(book.judgments):
        item = f"judgments[{i}] ({j.id!r})"
        if j.id in seen:
            problems.append(Problem(path, f"{item}: the id {j.id!r} is used by an earlier judgment.",
                                    lines.line(("judgments", i, "id")), "give each judgment an id of its own."))
        seen.add(j.id)
        if scale.term(j.likelihood) is None:
            terms = [b.term for b in scale.terms]
            problems.append(Problem(
                path, f"{item}: likelihood {j.likelihood!r} is not a term of the book's scale ({scale.name})"
                      f"{nearest(j.likelihood, terms)}.", lines.line(("judgments", i, "likelihood")),
                f"write one of: {', '.join(terms)}."))
        for k, ref in enumerate(j.sources):
            target = parse_target(ref)
            if target is None or target.para is None:
                example = next(iter(book.paragraphs), "tehran-times-2020")
                problems.append(Problem(path, f"{item}: source {ref!r} is not a paragraph of a source (key:N).",
                                        lines.line(("judgments", i, "sources", k)),
                                        f'write the citation key and the paragraph, for example `- "{example}:1"`.'))
    return problems

