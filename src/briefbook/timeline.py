"""The timeline: dated events from sources/timeline.yaml, checked against the glossary, bibliography and sources."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import Field

from .errors import BriefbookError, Problem
from .model import DateField, Strict
from .yamlio import line_of, load_yaml, validate

FILENAME = "timeline.yaml"
PARA_REF = re.compile(r"^(?P<key>[a-z0-9][a-z0-9-]*[a-z0-9]):(?P<para>[1-9][0-9]*)$")


class Event(Strict):
    """One dated event."""

    date: DateField
    date_approximate: str | None = Field(default=None, description="present when the date is approximate: why")
    event: str = Field(min_length=1, description="one line, MyST")
    terms: list[str] = Field(default_factory=list, description="glossary terms it involves")
    cite: list[str] = Field(default_factory=list, description="bibliography keys")
    sources: list[str] = Field(default_factory=list, description="paragraphs of sources, as key:N")

    def sort_key(self) -> tuple[int, int, int]:
        """Month-only dates sort mid-month, year-only dates mid-year."""
        d = self.date
        return (d.year, d.month or 7, d.day or 15)


class Timeline(Strict):
    """sources/timeline.yaml."""

    events: list[Event] = Field(default_factory=list)


def load_timeline(sources_dir: Path) -> tuple[Timeline, object]:
    """The timeline and its YAML node tree (for line numbers), or an empty one when there is no file."""
    path = sources_dir / FILENAME
    if not path.exists():
        return Timeline(), None
    data, node = load_yaml(path)
    return validate(path, Timeline, data, node), node


def check(timeline: Timeline, node, path: Path, terms: set[str], bib_keys: set[str], paragraphs: dict[str, int]) -> None:
    """Every term, citation and paragraph an event names must exist; each event must cite something."""
    problems = []
    known_terms = {t.casefold() for t in terms}
    for i, ev in enumerate(timeline.events):
        for j, term in enumerate(ev.terms):
            if term.casefold() not in known_terms:
                problems.append(Problem(path, f"events[{i}] names the term {term!r}, which is not in the glossary.",
                                        line_of(node, ("events", i, "terms", j)), "correct it or add the term to glossary.yaml."))
        for j, key in enumerate(ev.cite):
            if key not in bib_keys:
                problems.append(Problem(path, f"events[{i}] cites {key!r}, which is not in the bibliography.",
                                        line_of(node, ("events", i, "cite", j)), "add it to references.bib or correct the key."))
        for j, ref in enumerate(ev.sources):
            m = PARA_REF.match(ref)
            where = line_of(node, ("events", i, "sources", j))
            if not m:
                problems.append(Problem(path, f"events[{i}] source {ref!r} is not of the form key:N.", where,
                                        "write the source's citation key and paragraph, for example tehran-times-2020:3."))
            elif m["key"] not in paragraphs:
                problems.append(Problem(path, f"events[{i}] names the source {m['key']!r}, which does not exist.", where,
                                        "use a citation key of a source in sources/."))
            elif int(m["para"]) > paragraphs[m["key"]]:
                problems.append(Problem(path, f"events[{i}] names ¶{m['para']} of {m['key']!r}, which has ¶1 to "
                                              f"¶{paragraphs[m['key']]}.", where, "correct the paragraph number."))
        if not ev.cite and not ev.sources:
            problems.append(Problem(path, f"events[{i}] ({ev.date.iso()}) cites nothing.", line_of(node, ("events", i)),
                                    "add `cite:` or `sources:`: the book states no fact it cannot cite."))
    if problems:
        raise BriefbookError(problems)


def sorted_events(timeline: Timeline) -> list[Event]:
    """Events in date order (stable for equal dates)."""
    return sorted(timeline.events, key=Event.sort_key)
