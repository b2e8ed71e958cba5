"""The timeline: dated events from sources/timeline.yaml (checks.py checks what they cite)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from .model import DateField, Line, Prose, Strict
from .yamlio import LineMap, load_yaml, validate

FILENAME = "timeline.yaml"


class Event(Strict):
    """One dated event."""

    date: DateField
    date_approximate: Line | None = Field(default=None, description="present when the date is approximate: why")
    event: Prose = Field(description="MyST")
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


def load_timeline(sources_dir: Path) -> tuple[Timeline, LineMap]:
    """The timeline and its YAML node tree (for line numbers), or an empty one when there is no file."""
    path = sources_dir / FILENAME
    if not path.exists():
        return Timeline(), LineMap()
    data, node = load_yaml(path)
    return validate(path, Timeline, data, node), node


def sorted_events(timeline: Timeline) -> list[Event]:
    """Events in date order (stable for equal dates)."""
    return sorted(timeline.events, key=Event.sort_key)
