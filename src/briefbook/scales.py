"""Likelihood scales and confidence levels: the words an analyst may use for how likely a judgment is.

A book uses one scale (sources/judgments.yaml, ``scale:``): ICD 203's seven terms (the default), the UK
Professional Head of Intelligence Assessment's probability yardstick, or its own, given as a complete ordered
scale with bands. :func:`find_terms` finds every likelihood expression in a text: the terms of every scale
briefbook knows and vague ones that belong to none, so that a word outside the book's scale is caught.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from pydantic import Field, model_validator

from .model import Line, Strict

#: The confidence levels, strongest first, and what each means (the box "What we mean when we say").
CONFIDENCE = {
    "high": "the judgment rests on sound information from several sources, most of them confirmed or graded "
            "reliable, and the matter lends itself to a solid judgment; even so it can be wrong",
    "moderate": "the information is credibly sourced and plausible but not corroborated enough, or not of the "
                "quality, for a higher level",
    "low": "the information is scant, questionable, fragmented or poorly corroborated, or the sources are of "
           "doubtful reliability",
}


class Band(Strict):
    """One term of a scale and its band of probability, in percent."""

    term: Line
    low: int = Field(ge=0, le=100, description="the band's lower bound, in percent")
    high: int = Field(ge=0, le=100, description="the band's upper bound, in percent")
    also: list[Line] = Field(default_factory=list, description="other forms of the term ('probably' for 'likely')")

    def forms(self) -> list[str]:
        """Every way the term may be written, lower case."""
        return [f.casefold() for f in (self.term, *self.also)]

    def band(self) -> str:
        """'80–95%'."""
        return f"{self.low}–{self.high}%"


class Scale(Strict):
    """A complete ordered likelihood scale: every term with its band, from the least likely to the most."""

    name: Line
    terms: list[Band] = Field(min_length=3)

    @model_validator(mode="after")
    def _complete(self) -> Scale:
        bands = self.terms
        if bands[0].low != 0 or bands[-1].high != 100:
            raise ValueError("a scale must run from 0% (its first term's `low: 0`) to 100% (its last term's `high: 100`)")
        for before, after in zip(bands, bands[1:], strict=False):
            if after.low < before.high or after.high <= after.low:
                raise ValueError(f"the terms must be in order, least likely first, with bands that do not overlap: "
                                 f"{after.term!r} ({after.low}–{after.high}) comes after {before.term!r} "
                                 f"({before.low}–{before.high})")
        seen: set[str] = set()
        for band in bands:
            for form in band.forms():
                if form in seen:
                    raise ValueError(f"{form!r} is given twice: each word may name one band only")
                seen.add(form)
        return self

    def term(self, word: str) -> Band | None:
        """The band a word (a term or another form of it) names in this scale."""
        word = " ".join(word.casefold().split())
        return next((b for b in self.terms if word in b.forms()), None)

    def nearest(self, other: Band) -> Band:
        """This scale's term whose band's middle is nearest the other's."""
        middle = (other.low + other.high) / 2
        return min(self.terms, key=lambda b: abs((b.low + b.high) / 2 - middle))


def _band(term: str, low: int, high: int, *also: str) -> Band:
    return Band(term=term, low=low, high=high, also=list(also))


#: ICD 203 (Analytic Standards, 2015), section D.6.e(2)(a): seven terms, each with its alternative.
ICD_203 = Scale(name="ICD 203", terms=[
    _band("almost no chance", 0, 5, "remote", "remote chance", "remote possibility"),
    _band("very unlikely", 5, 20, "highly improbable"),
    _band("unlikely", 20, 45, "improbable", "improbably"),
    _band("roughly even chance", 45, 55, "roughly even odds", "even chance"),
    _band("likely", 55, 80, "probable", "probably"),
    _band("very likely", 80, 95, "highly probable"),
    _band("almost certain", 95, 100, "almost certainly", "nearly certain", "nearly certainly"),
])

#: The UK PHIA probability yardstick (2019): seven terms with deliberate gaps between the bands.
UK_PHIA = Scale(name="the UK PHIA probability yardstick", terms=[
    _band("remote chance", 0, 5),
    _band("highly unlikely", 10, 20),
    _band("unlikely", 25, 35),
    _band("realistic possibility", 40, 50),
    _band("likely", 55, 75, "probably", "probable", "likely or probably"),
    _band("highly likely", 80, 90),
    _band("almost certain", 95, 100, "almost certainly"),
])

BUILT_IN = {"icd-203": ICD_203, "uk-phia": UK_PHIA}

#: Estimative words on no scale: too vague to carry a probability.
VAGUE = ("possibly", "perhaps", "conceivably", "conceivable", "could well", "in all likelihood", "most likely",
         "a good chance", "a fair chance", "a real possibility", "a serious possibility", "a distinct possibility",
         "it is possible that", "maybe", "odds are", "chances are")


@dataclass(frozen=True)
class Found:
    """A likelihood expression in a text: where, as written, and lower case."""

    start: int
    end: int
    written: str

    @property
    def word(self) -> str:
        return " ".join(self.written.casefold().split())


@functools.cache
def _pattern(extra: tuple[str, ...]) -> re.Pattern[str]:
    words = {f for scale in BUILT_IN.values() for band in scale.terms for f in band.forms()} | set(VAGUE) | set(extra)
    alternatives = sorted(words, key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in alternatives)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.I)


def find_terms(text: str, scale: Scale) -> list[Found]:
    """Every likelihood expression in text: of any known scale, of this one, or vague (longest first)."""
    extra = tuple(sorted(f for band in scale.terms for f in band.forms()))
    return [Found(m.start(), m.end(), m.group()) for m in _pattern(extra).finditer(text)]


def scales_of(word: str) -> list[str]:
    """The names of the built-in scales a word belongs to."""
    return [scale.name for scale in BUILT_IN.values() if scale.term(word) is not None]


def known_band(word: str) -> Band | None:
    """The band a word names on any built-in scale (ICD 203 first)."""
    return next((b for scale in BUILT_IN.values() if (b := scale.term(word)) is not None), None)


def band_text(scale_id: str, band: Band) -> str:
    """The band as the scale prints it: ICD 203 writes 01–05% … 95–99%."""
    if scale_id == "icd-203":
        return f"{max(band.low, 1):02d}–{min(band.high, 99):02d}%"
    return band.band()
