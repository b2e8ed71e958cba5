"""A book's content as one comparable record: what `briefbook publish` keeps of an edition.

The snapshot holds what a reader of the book reads and an edition may change: each source's
metadata, paragraphs, summary, notes, quotes and grades; the key judgments with their likelihood
and confidence; the glossary's definitions; the timeline's events; the hand-written pages. It is
plain JSON (sorted keys, one value a line), so two editions compare with any diff tool and the
editions folder reads well under version control. Nothing here is rendered: editions.py compares
two snapshots; the pages are made from the changes it finds.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .book import Book

FORMAT = 1


def _source(source, cleaned) -> dict[str, Any]:
    meta = source.meta
    grades = {}
    if meta.reliability is not None:
        grades["reliability"] = f"{meta.reliability.grade}: {meta.reliability.reason}"
    if meta.credibility is not None:
        grades["credibility"] = f"{meta.credibility.grade}: {meta.credibility.reason}"
    return {
        "slug": source.slug,
        "label": source.label,
        "title": meta.title,
        "outlet": meta.outlet,
        "date": meta.date.iso(),
        "url": meta.url,
        "sha256": source.sha256,
        "capture_sha256": meta.capture.sha256 if meta.capture is not None else None,
        "paragraphs": [p.text for p in cleaned.paragraphs],
        "summary": meta.summary,
        "notes": [{"para": n.para, "text": n.text} for n in meta.notes],
        "quotes": [q.model_dump(mode="json", exclude_none=True) for q in meta.quotes],
        "grades": grades,
    }


def _judgment(judgment) -> dict[str, Any]:
    return {
        "statement": judgment.statement,
        "likelihood": judgment.likelihood,
        "confidence": judgment.confidence.level,
        "basis": judgment.confidence.basis,
        "discussion": judgment.discussion,
        "sources": list(judgment.sources),
        "sourcing": judgment.sourcing,
        "assumptions": [a.model_dump(mode="json") for a in judgment.assumptions],
        "indicators": list(judgment.indicators),
        "change": judgment.change,
    }


def snapshot(book: Book, root: Path) -> dict[str, Any]:
    """The book's content, in the order a reader meets it; hand-written pages by their path from root
    (None when the book was loaded without its Sphinx project: its pages are then not known)."""
    pages: dict[str, str] = {}
    for page in book.pages:
        try:
            name = page.path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            name = page.path.name
        pages[name] = page.text
    return {
        "format": FORMAT,
        "sources": {source.key: _source(source, cleaned) for source, cleaned in book.sources},
        "judgments": {j.id: _judgment(j) for j in book.judgments},
        "glossary": {t.term: {"definition": t.definition, "as_of": t.as_of.iso()} for t in book.glossary.terms},
        "timeline": [{"date": ev.date.iso(), "event": ev.event, "sources": list(ev.sources), "cite": list(ev.cite)}
                     for ev in sorted(book.timeline.events, key=lambda ev: ev.sort_key())],
        "pages": pages if book.docs is not None else None,  # None: not read (no Sphinx project)
    }


def dumps(data: dict[str, Any]) -> str:
    """The snapshot's file: stable JSON, ending with a newline."""
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
