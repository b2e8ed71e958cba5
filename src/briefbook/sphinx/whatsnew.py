"""The edition line and "What's new since …" at the top of the overview and the brief, and the edition on
the printed cover.

When an edition has been published (editions.py), the overview and the brief open, before their first
section, with the edition they are and, when there is an edition before it, a section "What's new
since edition N of <date>": sources added or withdrawn, judgments added, removed or changed (the old
and the new likelihood and confidence side by side), glossary definitions and timeline events changed,
other analyst texts changed, and the errata. Each item links to where the text is and to its redline
(the "changes" page). The section is made of nodes, never of parsed text: labels, titles and notes
are shown as written. Both pages are read again when the book's standing changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..compare import Change, anchor
from ..editions import State
from ..model import PartialDate
from ..printing import tex
from ..products import BRIEF_DOC
from ..redline import REDLINE_DOC, page_docname
from .domain import SOURCES_DIR, book_of, get_domain

SECTION_ID = "whats-new"


def human(iso: str) -> str:
    """'2025-10-31' -> '31 October 2025'."""
    return PartialDate.parse(iso).human()


def edition_line(state: State) -> str:
    """'Edition 2, 20 November 2025.' (a revision, a draft: said so)."""
    if state.date is None:
        return f"Edition {state.number}: a draft, not yet published."
    line = f"Edition {state.number}, {human(state.date)}"
    if state.revision:
        line += f", revision {state.revision} (corrections only)" + ("" if state.published else ", not yet published")
    return line + "."


@dataclass(frozen=True)
class Ctx:
    """The page the section goes on, the sources' slugs by key, and whether the book has a redline page."""

    docname: str
    slugs: dict[str, str]
    redline: bool
    #: Each judgment's number in the book ("Key judgment 2"), by id.
    numbers: dict[str, int]
    #: The project root (a page change's path is from it) and the Sphinx project.
    root: Path
    srcdir: Path


def _xref(text: str, reftype: str, target: str, docname: str) -> addnodes.pending_xref:
    return addnodes.pending_xref("", nodes.inline("", text), refdomain="std", reftype=reftype, reftarget=target,
                                 refexplicit=True, refwarn=True, refdoc=docname)


def _where(change: Change, ctx: Ctx) -> nodes.Node:
    """A link to where the changed text is now (its plain label when it is gone)."""
    if change.action == "removed":
        return nodes.Text(change.label)
    if change.kind == "judgment":
        number = ctx.numbers.get(change.target)
        return _xref(f"Key judgment {number}" if number else change.label, "ref", f"kj-{change.target}", ctx.docname)
    if change.kind == "glossary":
        return _xref(change.label, "term", change.target, ctx.docname)
    if change.kind == "timeline":
        return _xref(change.label, "doc", "/timeline", ctx.docname)
    if change.kind == "page":
        page = page_docname(change.target, ctx.root, ctx.srcdir)
        return _xref(change.label, "doc", f"/{page}", ctx.docname) if page else nodes.Text(change.label)
    return _xref(change.label, "doc", f"/{SOURCES_DIR}/{ctx.slugs.get(change.target, change.target)}", ctx.docname)


def _redline(change: Change, ctx: Ctx) -> list[nodes.Node]:
    if not ctx.redline or (change.old is None and change.new is None):
        return []
    return [nodes.Text(" ("), _xref("redline", "ref", anchor(change.id), ctx.docname), nodes.Text(")")]


def _item(*children: nodes.Node) -> nodes.list_item:
    return nodes.list_item("", nodes.paragraph("", "", *children))


def _judgment_table(changes: list[Change], ctx: Ctx) -> nodes.table:
    head = ("Judgment", "Before", "Now")
    table = nodes.table(classes=["bb-whatsnew-judgments"])
    group = nodes.tgroup(cols=3)
    table += group
    group += [nodes.colspec(colwidth=w) for w in (40, 30, 30)]
    row = nodes.row("", *(nodes.entry("", nodes.paragraph("", h)) for h in head))
    group += nodes.thead("", row)
    body = nodes.tbody()
    for change in changes:
        cells = []
        for side in (0, 1):
            lk, conf = change.detail.get("likelihood", (None, None))[side], change.detail.get("confidence",
                                                                                               (None, None))[side]
            cells.append("—" if lk is None else f"{lk}; {conf} confidence")
        first = nodes.paragraph("", "", _where(change, ctx), *_redline(change, ctx))
        if change.action != "changed":
            first += nodes.Text(f" ({change.action})")
        body += nodes.row("", nodes.entry("", first), *(nodes.entry("", nodes.paragraph("", c)) for c in cells))
    group += body
    return table


def _list(items: Iterable[nodes.list_item]) -> nodes.bullet_list:
    return nodes.bullet_list("", *items)


def content(state: State, ctx: Ctx, compact: bool) -> list[nodes.Node]:
    """The section's body: each kind of change under its own heading line."""
    out: list[nodes.Node] = []
    by_kind: dict[str, list[Change]] = {}
    for change in state.whats_new:
        by_kind.setdefault(change.kind, []).append(change)
    added = [c for c in by_kind.get("source", []) if c.action == "added"]
    gone = [c for c in by_kind.get("source", []) if c.action == "removed"]
    parts: list[tuple[str, list[Change]]] = [("Sources added", added), ("Sources withdrawn", gone)]
    judgments = by_kind.get("judgment", [])
    if judgments:
        out += [nodes.paragraph("", "", nodes.strong("", "Key judgments")), _judgment_table(judgments, ctx)]
    parts += [("Glossary definitions", by_kind.get("glossary", [])), ("Timeline events", by_kind.get("timeline", []))]
    others = [c for c in state.whats_new if c.kind not in ("source", "judgment", "glossary", "timeline")]
    parts += [("Other analyst texts", others)]
    for title, changes in parts:
        if not changes:
            continue
        if compact:
            para = nodes.paragraph("", "", nodes.strong("", f"{title}: "))
            for i, change in enumerate(changes):
                para += [nodes.Text("; " if i else ""), _where(change, ctx)]
                if change.action != "changed" and change.kind != "source":
                    para += nodes.Text(f" ({change.action})")
            out.append(para)
            continue
        items = []
        for change in changes:
            extra = [] if change.kind == "source" or change.action == "changed" else [nodes.Text(f" ({change.action})")]
            items.append(_item(_where(change, ctx), *extra, *_redline(change, ctx)))
        out += [nodes.paragraph("", "", nodes.strong("", title)), _list(items)]
    if state.errata:
        title = "Minor corrections (errata)"
        if compact:
            out.append(nodes.paragraph("", "", nodes.strong("", f"{title}: "),
                                       nodes.Text(f"{len(state.errata)}, listed in the book's overview.")))
        else:
            items = []
            for erratum in state.errata:
                label = erratum.change.label if erratum.change else erratum.id
                link = _where(erratum.change, ctx) if erratum.change else nodes.Text(label)
                items.append(_item(link, nodes.Text(f": {erratum.note}"),
                                   *(_redline(erratum.change, ctx) if erratum.change else [])))
            out += [nodes.paragraph("", "", nodes.strong("", title)), _list(items)]
    return out


def section(state: State, ctx: Ctx, compact: bool) -> list[nodes.Node]:
    """The edition line, and the What's new section when there is something to say."""
    line = nodes.paragraph("", edition_line(state), classes=["bb-edition"])
    body = content(state, ctx, compact)
    if not body:
        return [line]
    since = state.baseline
    title = f"What's new since edition {since.number} of {human(since.date)}" if since else "Corrections"
    sect = nodes.section("", nodes.title("", title), line, *body, ids=[SECTION_ID], names=[SECTION_ID],
                         classes=["bb-whatsnew"])
    return [sect]


def insert(app: Sphinx, doctree: nodes.document) -> None:
    """At the top of the overview and the brief (before their first section): the edition and What's new."""
    docname = app.env.docname
    book = book_of(app.env)
    if book is None or book.edition is None or docname not in (app.config.root_doc, BRIEF_DOC):
        return
    ctx = Ctx(docname, {source.key: source.slug for source, _ in book.sources}, REDLINE_DOC in app.env.found_docs,
              {j.id: n for n, j in enumerate(book.judgments, start=1)}, book.folder.parent, Path(app.srcdir))
    top = next(iter(doctree.findall(nodes.section)), None)
    if top is None:
        return
    first = next((i for i, child in enumerate(top.children) if isinstance(child, nodes.section)), len(top.children))
    for offset, node in enumerate(section(book.edition, ctx, docname == BRIEF_DOC)):
        top.insert(first + offset, node)


def digest(state: State | None) -> str:
    """What the inserted text depends on, as a digest (a change makes the two pages be read again)."""
    if state is None:
        return ""
    parts = [edition_line(state), repr([(c.id, c.action, c.label, c.detail) for c in state.whats_new]),
             repr([(e.id, e.note) for e in state.errata]), repr(state.baseline and state.baseline.date)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def outdated(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """The overview and the brief are read again when the book's standing changed."""
    domain = get_domain(env)
    now = digest(book.edition if (book := book_of(env)) else None)
    if domain.data.get("edition") == now:
        return []
    domain.data["edition"] = now
    return [doc for doc in (app.config.root_doc, BRIEF_DOC) if doc in env.found_docs]


def cover(app: Sphinx) -> None:
    """The printed cover and the products' heads say which edition they are."""
    book = book_of(app.env)
    if app.builder.name != "latex" or book is None or book.edition is None:
        return
    context = app.builder.context  # type: ignore[attr-defined]
    context["preamble"] = context.get("preamble", "") + \
        f"\n\\def\\bbeditionline{{{tex(edition_line(book.edition))}}}\n"


def setup_whatsnew(app: Sphinx) -> None:
    app.connect("doctree-read", insert, priority=400)  # before the table of contents is collected
    app.connect("env-get-outdated", outdated)
    app.connect("builder-inited", cover, priority=600)  # after the book is loaded (generation.py)
