"""Change marks: every element whose analyst text changed since the last edition is marked where it is.

When a document is read, the elements of the changes in editions.State (What's new and the errata)
are found: a source's headnote (metadata, grades, a new source), its "Why it matters" section, a
note, its key quotations, a changed paragraph cut; a judgment (full and short form); a glossary
entry; a timeline event (each event gets an anchor, event-<date>); and in a hand-written page the
blocks whose source lines changed (difflib on the page's lines, docutils' ``.line``). Each gets:

- in HTML, the class ``bb-changed`` (a bar in the margin, briefbook.css) and a link to its entry on
  the redline page whose text says what happened ("Changed since edition 1"), read by screen readers;
- in LaTeX, ``\\bbChangeStart`` and ``\\bbChangeEnd`` around it: a change bar in the margin of every
  page it spans (data/latex/bbchangebar.sty), drawn as an artifact of the tagged PDF.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from ..book import Book
from ..compare import Change, anchor
from ..redline import REDLINE_DOC, event_anchor, mark_text, marked_changes, page_docname
from ..timeline import sorted_events
from .domain import book_of, get_domain, source_docname

LATEX = Path(__file__).resolve().parent.parent / "data" / "latex"
_SOURCE_KINDS = {"source", "summary", "note", "metadata", "quotes", "grades", "paragraphs"}
_NOTE = re.compile(r"¶(\d+)")


class bb_changemark(nodes.Inline, nodes.Element):
    """The link from a changed element to its redline entry (HTML); nothing in print."""


class bb_changebar(nodes.Inline, nodes.Element):
    """Where a change bar starts (start=True) or ends, in print; nothing in HTML."""


def mark_id(change_id: str) -> str:
    """The anchor of a change's mark where the text is now."""
    return "now-" + anchor(change_id)


def docs_of(env: BuildEnvironment, book: Book, change: Change) -> list[str]:
    """The documents that show a change's text now."""
    if change.kind in _SOURCE_KINDS:
        doc = source_docname(book, change.target)
        return [doc] if doc else []
    if change.kind == "judgment":
        return [doc for doc, used in get_domain(env).rendered.items() if any(k.startswith("key-judgments") for k in used)]
    if change.kind in ("glossary", "timeline"):
        return [change.kind]
    doc = page_docname(change.target, book.folder.parent, Path(env.srcdir))
    return [doc] if doc else []


def changed_docs(env: BuildEnvironment) -> dict[str, list[str]]:
    """docname -> what its marks say (change id and text): a document is read again when this changes."""
    book = book_of(env)
    state = book.edition if book is not None else None
    out: dict[str, list[str]] = {}
    if book is None or state is None:
        return out
    for change, minor in marked_changes(state):
        for doc in docs_of(env, book, change):
            out.setdefault(doc, []).append(f"{change.id} {mark_text(state, change, minor)}")
    return out


def place(env: BuildEnvironment, book: Book, change: Change) -> tuple[str, str] | None:
    """Where a change's text is now: (docname, anchor), or None (a removed item)."""
    if change.action == "removed":
        return None
    marked = get_domain(env).marked
    docs = docs_of(env, book, change)
    if change.kind == "judgment":
        full = env.domaindata["std"]["anonlabels"].get(f"kj-{change.target}")
        docs = [full[0]] if full else docs
    for doc in docs:
        if change.id in marked.get(doc, []):
            return doc, mark_id(change.id)
    return (docs[0], "") if docs else None


def _sections(doctree: nodes.Node, ident: str) -> Iterator[nodes.Element]:
    yield from (s for s in doctree.findall(nodes.section) if ident in s["ids"])


def _source_targets(doctree: nodes.document, change: Change) -> Iterator[nodes.Element]:
    if change.kind in ("source", "metadata", "grades"):
        yield from (c for c in doctree.findall(nodes.container) if "bb-headnote" in c["classes"])
    elif change.kind == "summary":
        yield from _sections(doctree, "why-it-matters")
    elif change.kind == "quotes":
        yield from _sections(doctree, "key-quotations")
    elif change.kind == "note":
        para, _, nth = change.id.rsplit(":", 1)[1].partition(".")
        notes = [n for n in doctree.findall(nodes.sidebar) if "bb-note" in n["classes"] and n.children
                 and _NOTE.findall(n[0].astext())[-1:] == [para]]
        if len(notes) >= int(nth or 1):
            yield notes[int(nth or 1) - 1]
    elif change.kind == "paragraphs":
        old, new = (change.old or "").split("\n\n"), (change.new or "").split("\n\n")
        moved = {f"p-{i + 1}" for i, text in enumerate(new) if i >= len(old) or old[i] != text}
        for block in doctree.findall(nodes.container):
            if "bb-para-block" in block["classes"] and any(set(t["ids"]) & moved for t in block.findall(nodes.target)):
                yield block


def _judgment_targets(doctree: nodes.document, book: Book, change: Change) -> Iterator[nodes.Element]:
    order = [j.id for j in book.judgments]
    compact = [c for c in doctree.findall(nodes.container) if "bb-compact" in c["classes"]]
    for box in doctree.findall(nodes.container):
        if f"kj-{change.target}" in box["ids"]:
            yield box
    if change.target in order and len(compact) == len(order):
        yield compact[order.index(change.target)]


def _timeline_targets(doctree: nodes.document, book: Book, change: Change | None) -> Iterator[nodes.Element]:
    """Each event's list item gets its anchor; the changed one is yielded."""
    items = [li for bl in doctree.findall(nodes.bullet_list) if isinstance(bl.parent, nodes.section)
             for li in bl.children if isinstance(li, nodes.list_item)]
    seen: dict[str, int] = {}
    events = sorted_events(book.timeline)
    for item, event in zip(items, events, strict=False):
        day = event.date.iso()
        seen[day] = seen.get(day, 0) + 1
        when = day if seen[day] == 1 else f"{day}.{seen[day]}"
        if event_anchor(when) not in item["ids"]:
            item["ids"].append(event_anchor(when))
        if change is not None and change.id == f"timeline:{when}":
            yield item


_BLOCKS = (nodes.paragraph, nodes.literal_block, nodes.table, nodes.rubric, nodes.math_block)


def changed_lines(old: str, new: str) -> set[int]:
    """The lines of new (1-based) that are not in old; a deletion marks the line after it."""
    a, b = old.splitlines(), new.splitlines()
    out: set[int] = set()
    for tag, _i1, _i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            out.update(range(j1 + 1, j2 + 1) if j2 > j1 else [min(j1 + 1, max(len(b), 1))])
    return out


def _page_targets(doctree: nodes.document, change: Change) -> Iterator[nodes.Element]:
    """The blocks of a hand-written page whose lines changed."""
    lines = changed_lines(change.old or "", change.new or "")
    blocks: list[tuple[int, nodes.Element]] = [
        (n.line, n) for n in doctree.findall(nodes.Element) if isinstance(n, _BLOCKS) and n.line is not None
        and not any(isinstance(p, (nodes.table, nodes.container)) for p in _ancestors(n))]
    # A block runs to the line before the next block or heading (a changed heading marks no paragraph).
    starts = sorted({line for line, _ in blocks} | {n.line for n in doctree.findall(nodes.title) if n.line})
    for first, node in blocks:
        later = [s for s in starts if s > first]
        end = later[0] - 1 if later else first + 10_000
        if any(first <= line <= end for line in lines):
            yield node


def _ancestors(node: nodes.Node) -> Iterator[nodes.Node]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _mark(node: nodes.Element, change: Change, text: str, first: bool) -> None:
    mark = bb_changemark(anchor=anchor(change.id), text=text, ids=[mark_id(change.id)] if first else [])
    start, end = bb_changebar(start=True), bb_changebar(start=False)
    if isinstance(node, _BLOCKS) and not isinstance(node, nodes.paragraph) or isinstance(node, nodes.list_item) \
            and not node.children:
        box = nodes.container(classes=["bb-changed"])
        node.replace_self(box)
        box += [mark, start, node, end]
        return
    is_entry = isinstance(node, nodes.definition_list_item)  # HTML writes its term and definition, not it
    for part in node.children if is_entry else [node]:
        cast(nodes.Element, part)["classes"].append("bb-changed")
    body = cast(nodes.Element, node[-1]) if is_entry else node
    at = 1 if body.children and isinstance(body[0], nodes.title) else 0
    body.insert(at, [mark, start])
    body += end


def mark_changes(app: Sphinx, doctree: nodes.document) -> None:
    """Mark the elements of this document whose text changed since the last edition."""
    book = book_of(app.env)
    state = book.edition if book is not None else None
    docname = app.env.docname
    get_domain(app.env).marked.pop(docname, None)
    if book is None or state is None:
        return
    if docname == "timeline":
        list(_timeline_targets(doctree, book, None))
    marked: list[str] = []
    for change, minor in marked_changes(state):
        if docname not in docs_of(app.env, book, change) and not (change.kind == "judgment"):
            continue
        if change.kind in _SOURCE_KINDS:
            targets = list(_source_targets(doctree, change))
        elif change.kind == "judgment":
            targets = list(_judgment_targets(doctree, book, change))
        elif change.kind == "glossary":
            targets = [item for item in doctree.findall(nodes.definition_list_item)
                       if item.children and item[0].astext().strip().casefold() == change.target.casefold()]
        elif change.kind == "timeline":
            targets = list(_timeline_targets(doctree, book, change))
        else:
            targets = list(_page_targets(doctree, change)) if change.action != "removed" else []
        for i, node in enumerate(targets):
            _mark(node, change, mark_text(state, change, minor), i == 0)
        marked += [change.id] if targets else []
    if marked:
        get_domain(app.env).marked[docname] = marked


def visit_mark_html(self: Any, node: bb_changemark) -> None:
    builder = self.builder
    ident = f' id="{node["ids"][0]}"' if node["ids"] else ""
    text = self.encode(node["text"])
    if REDLINE_DOC in builder.env.all_docs:
        uri = builder.get_relative_uri(builder.current_docname, REDLINE_DOC) + "#" + node["anchor"]
        self.body.append(f'<a class="bb-change-mark"{ident} href="{self.attval(uri)}">{text}</a>')
    else:
        self.body.append(f'<span class="bb-change-mark"{ident}>{text}</span>')
    raise nodes.SkipNode


def visit_bar_latex(self: Any, node: bb_changebar) -> None:
    self.body.append(r"\bbChangeStart{}" if node["start"] else r"\bbChangeEnd{}")
    raise nodes.SkipNode


def skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def configure(app: Sphinx, config: Config) -> None:
    """The change bars' LaTeX package, in every printed document."""
    config.latex_additional_files = [*config.latex_additional_files, str(LATEX / "bbchangebar.sty"),
                                     str(LATEX / "bbchangebar.lua")]
    elements = dict(config.latex_elements)
    elements["preamble"] = elements.get("preamble", "") + "\n\\usepackage{bbchangebar}\n"
    config.latex_elements = elements


def setup_changemarks(app: Sphinx) -> None:
    """Register the marks and how each builder writes them; mark each document as it is read."""
    none = (skip, None)
    app.add_node(bb_changemark, html=(visit_mark_html, None), latex=none, text=none, man=none, texinfo=none)
    app.add_node(bb_changebar, html=none, latex=(visit_bar_latex, None), text=none, man=none, texinfo=none)
    app.connect("config-inited", configure, priority=130)
    app.connect("doctree-read", mark_changes)
