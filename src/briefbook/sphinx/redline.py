"""The redline page (``changes``): every changed analyst text since the last edition, word by word.

The page is generated (redline.redline_page) while the book has changes against its published
edition; its ``{bb-redline}`` directive renders the changes from the loaded book (editions.State), so
they live in one place. Each change is a section with the anchor compare.anchor(id): its label, a
link to where the text is now, for a judgment the old and new likelihood and confidence, and the
redline. Deleted words are in <del> (struck through), inserted ones in <ins> (underlined), each
with words a screen reader reads ("deleted:", "inserted:"), so nothing rests on colour; the text is
always text (docutils Text nodes, escaped by every writer), never parsed as MyST or HTML.

The redline is for the HTML: the printed book has change bars (changemarks.py) and leaves this
page out. Outside HTML and LaTeX (text, man…) the edits are written {+inserted+} and [-deleted-].
"""

from __future__ import annotations

import hashlib
import json
from typing import Any
from weakref import WeakKeyDictionary

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from ..compare import Change, anchor
from ..redline import GAP, REDLINE_DOC, errata_base, human_date, hunks, marked_changes, section_label
from .changemarks import changed_docs, place
from .domain import book_of, get_domain


class bb_ins(nodes.Inline, nodes.TextElement):
    """Inserted words of a redline."""


class bb_del(nodes.Inline, nodes.TextElement):
    """Deleted words of a redline."""


class bb_place(nodes.Inline, nodes.TextElement):
    """A link to where a changed text is now (a document and an anchor), resolved per builder."""


def _redline(change: Change) -> nodes.container:
    box = nodes.container(classes=["bb-redline"])
    para = nodes.paragraph(classes=["bb-redline-text"])
    para["support_smartquotes"] = False
    for op, text in hunks(change.old, change.new):
        if op == GAP:
            gap = f"[{text} unchanged paragraph{'s' if text != '1' else ''} left out]"
            para += nodes.emphasis(gap, gap, classes=["bb-redline-gap"])
        else:
            para += nodes.Text(text) if op == "equal" else (bb_ins if op == "insert" else bb_del)(text, text)
    box += para
    return box


def _section(document: nodes.document, change: Change, minor: bool, note: str) -> nodes.section:
    section = nodes.section(ids=[anchor(change.id)], names=[anchor(change.id)], classes=["bb-change"])
    document.note_explicit_target(section)  # a label: What's new (whatsnew.py) links here with {ref}
    section += nodes.title("", section_label(change))
    facts = nodes.paragraph()
    if change.action != "removed":
        facts += nodes.Text("Now in the book: ")
        facts += bb_place("", change.label, change_id=change.id)
        facts += nodes.Text(". ")
    else:
        facts += nodes.Text("No longer in the book. ")
    if minor:
        facts += nodes.strong("", "Minor (errata)")
        facts += nodes.Text(f": {note}" if note else ".")
    if facts.children:
        section += facts
    if change.detail:
        rows = nodes.bullet_list(classes=["bb-change-detail"])
        for name, (old, new) in change.detail.items():
            if old != new:
                rows += nodes.list_item("", nodes.paragraph("", f"{name.capitalize()}: {old or '–'} → {new or '–'}"))
        if rows.children:
            section += rows
    if change.old is not None or change.new is not None:
        section += _redline(change)
    return section


class RedlineDirective(SphinxDirective):
    """``{bb-redline}``: the changes, each with its redline (the page's title says what they compare)."""

    def run(self) -> list[nodes.Node]:
        book = book_of(self.env)
        state = book.edition if book is not None else None
        if state is None:
            return []
        changes = marked_changes(state)
        notes = {e.id: e.note for e in state.errata}
        intro = nodes.paragraph()
        base = state.baseline
        what = (f"What changed in the analyst's text from edition {base.number} of {human_date(base.date)} to "
                f"{'this edition' if state.date else 'this draft of the next edition'}"
                if base is not None and state.whats_new else "The analyst's corrections")
        errata = errata_base(state)
        intro += nodes.Text(f"{what}; minor corrections since edition {errata.number} of "
                            f"{human_date(errata.date)} are marked minor (errata). The captured texts never change. "
                            "In each text, deleted words are struck through and inserted words underlined; a screen "
                            "reader announces them as “deleted” and “inserted”. Each change is marked where it is "
                            "in the book, with a link back here.")
        out: list[nodes.Node] = [intro]
        if not changes:
            out.append(nodes.paragraph("", "Nothing has changed."))
        out += [_section(self.state.document, change, minor, notes.get(change.id, "")) for change, minor in changes]
        return out


_HIDDEN = '<span class="bb-sr">{}</span>'


def visit_ins_html(self: Any, node: bb_ins) -> None:
    self.body.append("<ins>" + _HIDDEN.format("[inserted: "))


def depart_ins_html(self: Any, node: bb_ins) -> None:
    self.body.append(_HIDDEN.format("]") + "</ins>")


def visit_del_html(self: Any, node: bb_del) -> None:
    self.body.append("<del>" + _HIDDEN.format("[deleted: "))


def depart_del_html(self: Any, node: bb_del) -> None:
    self.body.append(_HIDDEN.format("]") + "</del>")


#: The builder of each environment (a post-transform sees the environment, not the builder).
_BUILDERS: WeakKeyDictionary[BuildEnvironment, Builder] = WeakKeyDictionary()


def remember_builder(app: Sphinx) -> None:
    _BUILDERS[app.env] = app.builder


class ResolveRedline(SphinxPostTransform):
    """Links to where changed texts are; outside HTML, plain marks; the printed book leaves the page out."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        builder = _BUILDERS.get(self.env)
        if builder is None:
            return
        if builder.format == "latex":
            for part in list(self.document.findall(addnodes.start_of_file)):
                if part.get("docname") == REDLINE_DOC:
                    part.parent.remove(part)
        book = book_of(self.env)
        changes = {c.id: c for c, _ in marked_changes(book.edition if book is not None else None)}
        for place_node in list(self.document.findall(bb_place)):
            node: nodes.Element = place_node
            change = changes.get(node["change_id"])
            where = place(self.env, book, change) if book is not None and change is not None else None
            if where is None:
                node.replace_self(nodes.inline("", "", *node.children))
                continue
            uri = builder.get_relative_uri(self.env.docname, where[0]) + (f"#{where[1]}" if where[1] else "")
            node.replace_self(nodes.reference("", "", *node.children, internal=True, refuri=uri))
        if builder.format != "html":
            for edit in list(self.document.findall(nodes.TextElement)):
                if isinstance(edit, (bb_ins, bb_del)):
                    mark = ("{+", "+}") if isinstance(edit, bb_ins) else ("[-", "-]")
                    edit.replace_self(nodes.inline("", mark[0] + edit.astext() + mark[1]))


def _signature(env: BuildEnvironment) -> str:
    book = book_of(env)
    state = book.edition if book is not None else None
    data: list[Any] = [[c.id, c.action, c.label, c.old, c.new, sorted(c.detail.items()), minor]
                       for c, minor in marked_changes(state)]
    if state is not None:
        data.append([state.number, state.revision, state.date, [[e.id, e.note] for e in state.errata],
                     state.baseline.name if state.baseline else None])
    return hashlib.sha256(json.dumps(data, default=str).encode()).hexdigest()


def reread_changed(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """Before reading: the redline page when the changes differ, the pages whose change marks differ, and every
    page when the book becomes (or stops being) a published edition."""
    domain = get_domain(env)
    now, before = _signature(env), domain.data.get("redline")
    domain.data["redline"] = now
    marks_now, marks_before = changed_docs(env), domain.data.get("marks", {})
    domain.data["marks"] = marks_now
    docs = [doc for doc in set(marks_now) | set(marks_before) if marks_now.get(doc) != marks_before.get(doc)]
    if now != before:
        docs += [REDLINE_DOC, env.config.root_doc]
    # Every page names the published edition it belongs to (switcher.py): all are written again on a new one.
    book = book_of(env)
    state = book.edition if book is not None else None
    edition = [state.number, state.revision, state.date] if state is not None and state.published else None
    if edition != domain.data.get("published_edition"):
        domain.data["published_edition"] = edition
        docs += sorted(env.found_docs)
    return [doc for doc in dict.fromkeys(docs) if doc in env.found_docs]


def setup_redline(app: Sphinx) -> None:
    """Register the directive, its nodes and how each builder writes them."""
    app.add_directive("bb-redline", RedlineDirective)
    app.add_node(bb_ins, html=(visit_ins_html, depart_ins_html))
    app.add_node(bb_del, html=(visit_del_html, depart_del_html))
    app.add_node(bb_place)
    app.add_post_transform(ResolveRedline)
    app.add_css_file("briefbook-changes.css")
    app.connect("env-get-outdated", reread_changed)
    app.connect("builder-inited", remember_builder)
