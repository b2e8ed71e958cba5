"""Two snapshots of a book (snapshot.py) -> the changes between them, each with a stable id.

An id names what changed, so the analyst can mark a change minor in sources/changes.yaml and a
later build finds it again: ``source:<key>`` (added or withdrawn), ``source:<key>:summary``,
``source:<key>:note:<para>`` (``…:note:<para>.2`` for a second note on one paragraph),
``source:<key>:metadata``, ``source:<key>:quotes``, ``source:<key>:grades``,
``source:<key>:paragraphs``, ``judgment:<id>``, ``glossary:<term slug>``,
``timeline:<date>`` (``…:<date>.2`` for a second event that day) and ``page:<path>``.
Each change carries the analyst's text before and after (the redline is made from them).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from slugify import slugify

Action = Literal["added", "removed", "changed"]


@dataclass(frozen=True)
class Change:
    """One thing that differs between two editions."""

    id: str
    kind: Literal["source", "summary", "note", "metadata", "quotes", "grades", "paragraphs", "judgment", "glossary",
                  "timeline", "page"]
    action: Action
    #: What a reader is told it is: 'Tehran Times 2020, note on ¶3', 'Glossary: snapback'.
    label: str
    #: The analyst's text before and after (None where there is none: an added or removed item).
    old: str | None = None
    new: str | None = None
    #: Values to show side by side (a judgment's likelihood and confidence): name -> (old, new).
    detail: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    #: The citation key, judgment id, term or page the change belongs to (a link's target).
    target: str = ""


def _action(old: Any, new: Any) -> Action:
    return "added" if old is None else "removed" if new is None else "changed"


def _numbered(items: list[tuple[str, Any]]) -> dict[str, Any]:
    """Items keyed by name; a name's second and later items get '.2', '.3'."""
    out: dict[str, Any] = {}
    seen: dict[str, int] = {}
    for name, item in items:
        seen[name] = seen.get(name, 0) + 1
        out[name if seen[name] == 1 else f"{name}.{seen[name]}"] = item
    return out


def _meta_text(src: dict[str, Any]) -> str:
    return f"{src['title']}\n{src['outlet']}, {src['date']}\n{src['url']}"


def _lines(items: list[Any]) -> str:
    return "\n".join(" ".join(f"{k}: {v}" for k, v in sorted(i.items())) if isinstance(i, dict) else str(i)
                     for i in items)


def _source_changes(key: str, old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
    label = new["label"]
    if _meta_text(old) != _meta_text(new):
        yield Change(f"source:{key}:metadata", "metadata", "changed", f"{label}: title, outlet, date or address",
                     _meta_text(old), _meta_text(new), target=key)
    if old["paragraphs"] != new["paragraphs"]:
        yield Change(f"source:{key}:paragraphs", "paragraphs", "changed", f"{label}: paragraphs cut differently",
                     "\n\n".join(old["paragraphs"]), "\n\n".join(new["paragraphs"]), target=key)
    if old.get("summary") != new.get("summary"):
        yield Change(f"source:{key}:summary", "summary", _action(old.get("summary"), new.get("summary")),
                     f"{label}: summary", old.get("summary"), new.get("summary"), target=key)
    notes_old = _numbered([(str(n["para"]), n["text"]) for n in old["notes"]])
    notes_new = _numbered([(str(n["para"]), n["text"]) for n in new["notes"]])
    for para in sorted(set(notes_old) | set(notes_new), key=lambda p: [int(x) for x in p.split(".")]):
        a, b = notes_old.get(para), notes_new.get(para)
        if a != b:
            yield Change(f"source:{key}:note:{para}", "note", _action(a, b),
                         f"{label}: note on ¶{para.split('.')[0]}", a, b, target=key)
    for name, title in (("quotes", "key quotations"), ("grades", "grades")):
        a_items = old[name] if name == "quotes" else [old[name]]
        b_items = new[name] if name == "quotes" else [new[name]]
        if a_items != b_items:
            yield Change(f"source:{key}:{name}", name, "changed", f"{label}: {title}",  # type: ignore[arg-type]
                         _lines(a_items), _lines(b_items), target=key)


def judgment_text(j: dict[str, Any]) -> str:
    """A judgment as the redline shows it: each of its parts on a line of its own."""
    parts = [j["statement"], f"Likelihood: {j['likelihood']}", f"Confidence: {j['confidence']}. {j['basis']}",
             f"Sources: {', '.join(j['sources'])}"]
    parts += [f"Discussion: {j['discussion']}"] if j.get("discussion") else []
    parts += [f"Sourcing: {j['sourcing']}"] if j.get("sourcing") else []
    parts += [f"Assumption{' (linchpin)' if a.get('linchpin') else ''}: {a['text']}" for a in j["assumptions"]]
    parts += [f"Indicator: {i}" for i in j["indicators"]]
    return "\n\n".join(parts)


def _judgments(old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
    for jid in list(new) + [j for j in old if j not in new]:
        a, b = old.get(jid), new.get(jid)
        if a == b:
            continue
        detail = {name: (a[name] if a else None, b[name] if b else None) for name in ("likelihood", "confidence")}
        yield Change(f"judgment:{jid}", "judgment", _action(a, b), f"Judgment {jid}",
                     judgment_text(a) if a else None, judgment_text(b) if b else None, detail, target=jid)


def _glossary(old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
    slugs = _numbered([(slugify(term) or "term", term) for term in sorted(set(old) | set(new), key=str.casefold)])
    ids = {term: slug for slug, term in slugs.items()}  # "C" and "C++" are glossary:c and glossary:c.2
    for term in sorted(set(old) | set(new), key=str.casefold):
        a, b = old.get(term), new.get(term)
        if (a and a["definition"]) != (b and b["definition"]):
            yield Change(f"glossary:{ids[term]}", "glossary", _action(a, b), f"Glossary: {term}",
                         a["definition"] if a else None, b["definition"] if b else None, target=term)


def _timeline(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> Iterator[Change]:
    a_events = _numbered([(e["date"], e) for e in old])
    b_events = _numbered([(e["date"], e) for e in new])
    for when in sorted(set(a_events) | set(b_events)):
        a, b = a_events.get(when), b_events.get(when)
        if a != b:
            text = [e and f"{e['event']}\n(sources: {', '.join(e['cite'] + e['sources']) or 'none'})" for e in (a, b)]
            yield Change(f"timeline:{when}", "timeline", _action(a, b), f"Timeline: {when.split('.')[0]}",
                         text[0], text[1], target=when.split(".")[0])


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Every change from the old snapshot to the new, in the book's order: sources, judgments, glossary,
    timeline, pages."""
    out: list[Change] = []
    a_src, b_src = old.get("sources", {}), new.get("sources", {})
    for key in list(b_src) + [k for k in a_src if k not in b_src]:
        a, b = a_src.get(key), b_src.get(key)
        if a is None or b is None:
            src = b or a
            out.append(Change(f"source:{key}", "source", _action(a, b), f"{src['label']}: {src['title']}",
                              target=key))
        else:
            out += _source_changes(key, a, b)
    out += _judgments(old.get("judgments", {}), new.get("judgments", {}))
    out += _glossary(old.get("glossary", {}), new.get("glossary", {}))
    out += _timeline(old.get("timeline", []), new.get("timeline", []))
    a_pages, b_pages = old.get("pages", {}), new.get("pages", {})
    for name in sorted(set(a_pages) | set(b_pages)):
        if a_pages.get(name) != b_pages.get(name):
            out.append(Change(f"page:{name}", "page", _action(a_pages.get(name), b_pages.get(name)), f"Page {name}",
                              a_pages.get(name), b_pages.get(name), target=name))
    return out


def anchor(change_id: str) -> str:
    """The change's anchor on the redline page: 'judgment:kj-x' -> 'change-judgment-kj-x'."""
    return "change-" + slugify(change_id)
