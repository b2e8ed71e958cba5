"""Every cross-check of a loaded book, each rule in one function; `load_book` runs them all.

Each problem names the file the analyst edits and its line, says what was expected, and
gives a fix that is valid input. `briefbook check` and the build report the same list.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import bib
from .errors import Problem
from .model import check_url
from .quotes import verify
from .refs import Target, nearest, para_problem, parse_target
from .timeline import FILENAME as TIMELINE_FILE

if TYPE_CHECKING:
    from .book import Book


def check_book(book: Book, glossary_ok: bool = True, timeline_ok: bool = True) -> list[Problem]:
    """All cross-checks: notes, metadata quotations, the timeline, and keys shared with references.bib."""
    problems = check_notes(book) + check_metadata_quotes(book) + check_reference_keys(book) + check_references(book)
    if timeline_ok:
        problems += check_timeline(book, check_terms=glossary_ok)
    return problems


def check_notes(book: Book) -> list[Problem]:
    """A note pinned past the last paragraph would never be shown."""
    problems = []
    for source, cleaned in book.sources:
        count = len(cleaned.paragraphs)
        for i, note in enumerate(source.meta.notes):
            if note.para > count:
                problems.append(Problem(
                    source.yaml_path, f"notes[{i}] is pinned to ¶{note.para}, but the text has ¶1 to ¶{count}; "
                    "the note would not be shown.", source.lines.line(("notes", i, "para")),
                    f"pin it to the paragraph it is about, for example `para: {count}`."))
    return problems


def check_metadata_quotes(book: Book) -> list[Problem]:
    """The `quotes:` of every source's metadata must occur in its own text (or the named paragraph)."""
    problems = []
    for source, _ in book.sources:
        for i, quote in enumerate(source.meta.quotes):
            message = verify(book, Target(source.key, quote.para), " ".join(quote.text.split()))
            if message:
                where = ("quotes", i, "para") if "has paragraphs" in message else ("quotes", i, "text")
                problems.append(Problem(source.yaml_path, f"quotes[{i}]: {message}.", source.lines.line(where),
                                        "quote the source exactly (only white space and the style of quote marks "
                                        "may differ), and name the paragraph it is in with `para:`."))
    return problems


def check_reference_keys(book: Book) -> list[Problem]:
    """A hand-kept reference may not reuse a captured source's citation key."""
    path = book.folder / bib.HAND_KEPT
    problems = []
    for key in book.references.entries:
        found = book.source(key)
        if found is not None:
            name = found[0].yaml_path.name
            problems.append(Problem(path, f"defines the key {key!r}, which the captured source {name} already uses.",
                                    None, f"rename the hand-kept entry (for example @misc{{{key}-ref, …}}), or set "
                                          f"another `key:` in {name}."))
    return problems


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def check_references(book: Book) -> list[Problem]:
    """Hand-kept references: addresses are http(s), and no field holds a control or bidi-override character."""
    path = book.folder / bib.HAND_KEPT
    text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
    problems = []
    for key, entry in book.references.entries.items():
        found = re.search(r"@\w+\s*\{\s*" + re.escape(key) + r"\s*,", text)
        line = text[: found.start()].count("\n") + 1 if found else None
        url = entry.fields.get("url")
        if url is not None:
            try:
                check_url(url)
            except ValueError as exc:
                problems.append(Problem(path, f"@{entry.type}{{{key}}}: url: {exc}.", line,
                                        "give the work's http(s) address, for example url = {https://…}."))
        for name, value in entry.fields.items():
            if _CONTROL.search(value):
                problems.append(Problem(path, f"@{entry.type}{{{key}}}: {name} holds a control or bidirectional-"
                                              "override character, which would be hidden or reorder the text.", line,
                                        f"retype the {name} without it."))
    return problems


def check_timeline(book: Book, check_terms: bool = True) -> list[Problem]:
    """Every term, citation and paragraph an event names must exist; each event must cite something."""
    path = book.folder / TIMELINE_FILE
    lines = book.timeline_lines
    terms = {t.term.casefold(): t.term for t in book.glossary.terms}
    problems = []
    for i, ev in enumerate(book.timeline.events):
        if check_terms:
            for j, term in enumerate(ev.terms):
                if term.casefold() not in terms:
                    problems.append(Problem(
                        path, f"events[{i}] ({ev.date.iso()}) names the term {term!r}, which is not in the glossary"
                              f"{nearest(term, terms.values())}.", lines.line(("events", i, "terms", j)),
                        "correct the name, or add the term to glossary.yaml."))
        for j, key in enumerate(ev.cite):
            if key not in book.bib_keys:
                problems.append(Problem(
                    path, f"events[{i}] ({ev.date.iso()}) cites {key!r}, which is not in the bibliography"
                          f"{nearest(key, book.bib_keys)}.", lines.line(("events", i, "cite", j)),
                    "correct the key, or add the work to references.bib."))
        for j, ref in enumerate(ev.sources):
            where = lines.line(("events", i, "sources", j))
            target = parse_target(ref)
            if target is None or target.para is None:
                problems.append(Problem(path, f"events[{i}] ({ev.date.iso()}) source {ref!r} is not of the form key:N.",
                                        where, "write a source's citation key and paragraph, for example "
                                               f"`- \"{next(iter(book.paragraphs), 'tehran-times-2020')}:1\"`."))
                continue
            message = para_problem(target, book.paragraphs)
            if message:
                problems.append(Problem(path, f"events[{i}] ({ev.date.iso()}) names {ref!r}: {message}.", where,
                                        "correct the key or paragraph number (`briefbook check` lists them)."))
        if not ev.cite and not ev.sources:
            problems.append(Problem(path, f"events[{i}] ({ev.date.iso()}) cites nothing.", lines.line(("events", i)),
                                    "add `cite: [key]` or `sources: [\"key:N\"]`: the book states no fact it cannot cite."))
    return problems
