"""The validated records: source metadata and annotations (pydantic schema)."""

from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

MONTHS = (
    "January February March April May June July August September October November December"
).split()

KEY_PATTERN = r"^[a-z0-9][a-z0-9-]*[a-z0-9]$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
#: A file beside the source in sources/ (no folder part).
FILE_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"


@functools.total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A date known to the day, the month or only the year; a partial date sorts before full ones of its span."""

    year: int
    month: int | None = None
    day: int | None = None

    def key(self) -> tuple[int, int, int]:
        """Sorting key: the unknown parts count as zero."""
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: PartialDate) -> bool:
        return self.key() < other.key()

    @classmethod
    def parse(cls, value: str) -> PartialDate:
        """Parse ISO ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``."""
        m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
        if not m:
            raise ValueError(
                f"{value!r} is not a date in ISO form: expected YYYY-MM-DD, or YYYY-MM or YYYY "
                "when only that is known"
            )
        year = int(m.group(1))
        month, day = (int(g) if g else None for g in m.groups()[1:])
        try:
            _dt.date(year, month or 1, day or 1)
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a real date ({exc})") from None
        return cls(year, month, day)

    def iso(self) -> str:
        """The ISO form it was written in."""
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def human(self) -> str:
        """'29 December 2020', 'October 2025' or '2025'."""
        if self.day and self.month:
            return f"{self.day} {MONTHS[self.month - 1]} {self.year}"
        if self.month:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return str(self.year)


def _coerce_str(value: Any) -> Any:
    # YAML reads `date: 2025` as an int; the schema wants the text as written.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _date(value: Any) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    if not isinstance(value, str):
        raise ValueError("expected a date such as 2020-12-29, 2025-10 or 2025")
    return PartialDate.parse(value.strip())


def _full_date(value: Any) -> PartialDate:
    d = _date(value)
    if d.day is None:
        raise ValueError(f"{d.iso()!r} must be a full date, YYYY-MM-DD")
    return d


DateField = Annotated[PartialDate, BeforeValidator(_date), BeforeValidator(_coerce_str)]
FullDateField = Annotated[PartialDate, BeforeValidator(_full_date), BeforeValidator(_coerce_str)]
OneLine = Annotated[str, Field(min_length=1)]


def _one_line(value: str) -> str:
    if re.search(r"[\n\r\u2028\u2029\x85\x0b\x0c]", value):
        raise ValueError("must be one line: remove the line break")
    return value


def _visible(value: str) -> str:
    from .escape import visible

    return visible(value)


#: A one-line metadata value; control and bidirectional-override characters become visible markers (⟪U+202E⟫).
Line = Annotated[str, Field(min_length=1), AfterValidator(_one_line), AfterValidator(_visible)]
#: Analyst prose (MyST, any number of lines), with the same markers.
Prose = Annotated[str, Field(min_length=1), AfterValidator(_visible)]


def check_url(value: str) -> str:
    """Accept only absolute http(s) URLs without spaces, quotes or angle brackets."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{value!r} is not an http(s) address: expected https://host/path")
    if re.search(r"[\s<>\"`{}|\\^\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]", value):
        raise ValueError(
            f"{value!r} contains a space, quote, angle bracket or control character: "
            "percent-encode it (for example a space as %20)"
        )
    return value


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Note(Strict):
    """An analyst note pinned to a paragraph of the cleaned body."""

    para: int = Field(ge=1, description="paragraph number (¶) the note is pinned to")
    text: Prose = Field(description="the note, in MyST; cite what it states")


class Quote(Strict):
    """A key quotation; checked against the source text at build time."""

    text: OneLine
    para: int | None = Field(default=None, ge=1)
    speaker: str | None = Field(default=None, pattern=r"^[\w .'’-]+$")


class Cleaning(Strict):
    """Analyst overrides for the residue heuristics, by line number of the .txt."""

    keep_lines: list[int] = Field(default_factory=list)
    set_aside_lines: list[int] = Field(default_factory=list)


class CaptureMeta(Strict):
    """The original capture kept beside the text, and what derived the text from it."""

    file: str = Field(pattern=FILE_PATTERN, description="the original, byte for byte: <slug>.html, .pdf, .warc.gz, …")
    sha256: str = Field(pattern=SHA256_PATTERN, description="SHA-256 of the original")
    type: Literal["html", "mhtml", "pdf", "warc", "wacz"]
    extractor: str = Field(min_length=1, description="the program and version that made the text")
    record_digest: str | None = Field(default=None, pattern=r"^[a-z0-9]+:[A-Za-z0-9+/=]+$",
                                      description="web archives: the WARC record's digest")
    residue: str | None = Field(default=None, pattern=FILE_PATTERN,
                                description="the page's other text, which the extractor left out")
    residue_sha256: str | None = Field(default=None, pattern=SHA256_PATTERN)


#: The Admiralty (NATO) code: how reliable the source is, and how credible its information, assessed apart.
RELIABILITY = {"A": "completely reliable", "B": "usually reliable", "C": "fairly reliable",
               "D": "not usually reliable", "E": "unreliable", "F": "reliability cannot be judged"}
CREDIBILITY = {1: "confirmed by other sources", 2: "probably true", 3: "possibly true", 4: "doubtful",
               5: "improbable", 6: "truth cannot be judged"}


class Reliability(Strict):
    """The source's reliability, A (completely reliable) to F (cannot be judged), and why."""

    grade: Literal["A", "B", "C", "D", "E", "F"]
    reason: Line = Field(description="one line: what the grade rests on")


class Credibility(Strict):
    """The information's credibility, 1 (confirmed by other sources) to 6 (cannot be judged), and why."""

    grade: int = Field(ge=1, le=6)
    reason: Line = Field(description="one line: what the grade rests on")


class SourceMeta(Strict):
    """What `sources/<slug>.yaml` may say about `sources/<slug>.txt`."""

    title: Line
    outlet: Line
    url: str
    date: DateField
    date_approximate: Line | None = Field(
        default=None, description="present when the date is approximate: why, and how it was estimated"
    )
    key: str | None = Field(default=None, pattern=KEY_PATTERN)
    authors: list[Line] = Field(default_factory=list)
    license: Prose | None = None
    language: str | None = Field(default=None, pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
    accessed: FullDateField | None = None
    sha256: str | None = Field(default=None, pattern=SHA256_PATTERN)
    capture: CaptureMeta | None = None
    summary: Prose | None = None
    notes: list[Note] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    cleaning: Cleaning = Field(default_factory=Cleaning)
    reliability: Reliability | None = None
    credibility: Credibility | None = None
    category: Line | None = Field(
        default=None, description="the analyst's group for the source, for example 'UN documents': the sources index "
                                  "groups by it when conf.py sets briefbook_sources_group = \"category\"")

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        return check_url(value)


