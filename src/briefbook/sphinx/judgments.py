"""Key judgments on any page, and the analytic-standards linter in the build.

- ``{key-judgments}``: every judgment of sources/judgments.yaml, numbered, bottom line first, with its
  likelihood, confidence, citations, assumptions and indicators; ``:compact:`` gives the short form for a
  brief (statement, likelihood, confidence, citations) and defines no anchors, so it may sit beside the full one;
- ``{likelihood-scale}``: the box "What we mean when we say" (the scale in use and the confidence levels);
- ``{source-weights}``: the sources-and-weight table (every source's grade and the judgments it supports,
  every judgment's sources).

At ``builder-inited``, after the book is loaded, every finding of tradecraft.lint is logged as a warning of
its subtype (``briefbook.likelihood`` …), at the YAML or page line the analyst edits.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective
from sphinx.writers.latex import LaTeXTranslator

from .. import tradecraft
from ..book import Book
from ..render_judgments import key_judgments, likelihood_scale, source_weights
from .domain import book_of, get_domain
from .warnings import Subtype, warn

#: What each directive (and form) renders, from the loaded book.
RENDERERS: dict[str, Callable[[Book], str]] = {
    "key-judgments": key_judgments,
    "key-judgments:compact": lambda book: key_judgments(book, compact=True),
    "likelihood-scale": likelihood_scale,
    "source-weights": source_weights,
}


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class _BookDirective(SphinxDirective):
    """A directive that renders part of the loaded book; its page is read again when that would change."""

    kind = ""

    def run(self) -> list[nodes.Node]:
        book = book_of(self.env)
        if book is None:
            return []
        kind = self.kind + (":compact" if "compact" in self.options else "")
        text = RENDERERS[kind](book)
        get_domain(self.env).rendered.setdefault(self.env.docname, {})[kind] = _digest(text)
        return self.parse_text_to_nodes(text)


class KeyJudgments(_BookDirective):
    """``{key-judgments}`` (``:compact:`` for the short form)."""

    kind = "key-judgments"
    option_spec = {"compact": directives.flag}


class LikelihoodScale(_BookDirective):
    """``{likelihood-scale}``: "What we mean when we say"."""

    kind = "likelihood-scale"


class SourceWeights(_BookDirective):
    """``{source-weights}``: the sources and their weight."""

    kind = "source-weights"


def pages_showing_changed_judgments(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """Before reading: the pages whose judgments, scale box or table the book now renders otherwise."""
    book = book_of(env)
    if book is None:
        return []
    return [doc for doc, used in get_domain(env).rendered.items()
            if any(kind not in RENDERERS or _digest(RENDERERS[kind](book)) != digest for kind, digest in used.items())]


def lint(app: Sphinx) -> None:
    """Log every finding of the analytic-standards linter as a typed warning."""
    state = get_domain(app.env).state
    if state is None:
        return
    for finding in tradecraft.lint(state.book):
        p = finding.problem
        fix = f" Fix: {p.fix}" if p.fix else ""
        location = f"{p.path}:{p.line}" if p.line else None
        message = p.message if location else f"{p.path}: {p.message}"
        warn(message + fix, Subtype(finding.subtype), location)


def judgment_without_full_form(app: Sphinx, env: BuildEnvironment, node: nodes.Element, contnode: nodes.Element):
    """A link to a judgment (kj-<id>) where no page shows the full form (only ``:compact:``): its number as text.

    Only a judgment of judgments.yaml: a link to one that does not exist (a typo, a removed judgment)
    stays missing, and Sphinx warns."""
    target = str(node.get("reftarget", ""))
    if node.get("refdomain") != "std" or node.get("reftype") != "ref" or not target.startswith("kj-"):
        return None
    book = book_of(env)
    known = {f"kj-{judgment.id}" for judgment in book.judgments} if book else set()
    return contnode if target in known else None


def container_anchor(self: LaTeXTranslator, node: nodes.Element) -> None:
    """A container with an anchor (a judgment's kj-<id>) gets its label in print, as in HTML (called by
    the book's LaTeX writer, tagged.TaggedLaTeXTranslator.visit_container)."""
    if node["ids"]:
        self.body.append("\n" + self.hypertarget_to(node, anchor=True))


def setup_judgments(app: Sphinx) -> None:
    """Register the directives; lint once the book is loaded (generation runs at priority 100)."""
    app.add_directive("key-judgments", KeyJudgments)
    app.add_directive("likelihood-scale", LikelihoodScale)
    app.add_directive("source-weights", SourceWeights)
    app.connect("builder-inited", lint, priority=110)
    app.connect("env-get-outdated", pages_showing_changed_judgments)
    app.connect("missing-reference", judgment_without_full_form)

