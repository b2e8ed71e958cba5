"""References into the sources: ``{para}`key:N```, ``{quote}`words <key:N>``` and quotation blocks.

Every reference is parsed by refs.parse_target and every quotation checked by quotes.verify,
the functions `briefbook check` uses too.
"""

from __future__ import annotations

import re

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util.docutils import SphinxDirective, SphinxRole

from ..escape import visible
from ..labels import para_label
from ..quotes import verify
from ..refs import Target, parse_target
from .domain import book_of, get_domain
from .warnings import Subtype, warn


def label(env: BuildEnvironment, target: Target) -> str:
    """'Tehran Times 2020, ¶4', 'CRS 2025, p. 2 ¶3' for a paged source (or the key when no source has it)."""
    book = book_of(env)
    found = book.source(target.key) if book else None
    if found is None:
        return f"{target.key}, ¶{target.para}" if target.para is not None else target.key
    source, cleaned = found
    if target.para is not None and 1 <= target.para <= len(cleaned.paragraphs):
        return para_label(source.label, cleaned.paragraphs[target.para - 1])
    return f"{source.label}, ¶{target.para}" if target.para is not None else source.label


def source_xref(env: BuildEnvironment, target: Target) -> addnodes.pending_xref:
    """A link to a source or one of its paragraphs, labelled as label() says."""
    text = label(env, target)
    xref = addnodes.pending_xref("", refdomain="bb", reftype="source" if target.para is None else "para",
                                 reftarget=str(target), refdoc=env.docname, refexplicit=True, refwarn=True)
    xref += nodes.inline(text, text, classes=["xref", "bb-para-ref"])
    return xref


def check_quotation(env: BuildEnvironment, location: str | None, words: str, target: Target) -> None:
    """Warn (briefbook.quote) unless the words are in the source; note the page as quoting it."""
    quoted = get_domain(env).quoted.setdefault(env.docname, [])
    if target.key not in quoted:
        quoted.append(target.key)
    book = book_of(env)
    problem = verify(book, target, words) if book else f"quotation “{words}”: the book is not loaded"
    if problem:
        warn(problem, Subtype.QUOTE, location)


def quotation_block(env: BuildEnvironment, body: list[nodes.Node], target: Target, speaker: str | None) -> nodes.Element:
    """A block quotation with its attribution ("Speaker, Tehran Times 2020, ¶4")."""
    quote = nodes.block_quote(classes=["bb-quote"])
    quote["support_smartquotes"] = False
    quote += body
    attribution = nodes.attribution()
    if speaker:
        attribution += nodes.Text(speaker + ", ")
    attribution += source_xref(env, target)
    quote += attribution
    return quote


class QuoteDirective(SphinxDirective):
    """A block quotation checked against its source: ``{bb-quote} KEY:N`` (or KEY), words as content."""

    required_arguments = 1
    has_content = True
    option_spec = {"speaker": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        target = parse_target(self.arguments[0])
        body = self.parse_content_to_nodes()
        if target is None:
            warn(f"quotation source {self.arguments[0]!r} is not of the form key or key:N", Subtype.QUOTE,
                 self.get_location())
            return body
        check_quotation(self.env, self.get_location(), " ".join(n.astext() for n in body), target)
        return [quotation_block(self.env, body, target, self.options.get("speaker"))]


class KeyQuoteDirective(SphinxDirective):
    """A key quotation of a source's metadata: ``{bb-keyquote} KEY INDEX``.

    The words come from the loaded book, as checked by `briefbook check`; nothing is re-parsed."""

    required_arguments = 2

    def run(self) -> list[nodes.Node]:
        book = book_of(self.env)
        found = book.source(self.arguments[0]) if book else None
        index = int(self.arguments[1]) if self.arguments[1].isdigit() else -1
        if found is None or not 0 <= index < len(found[0].meta.quotes):
            warn(f"{{bb-keyquote}} {' '.join(self.arguments)} names no quotation", Subtype.QUOTE, self.get_location())
            return []
        source = found[0]
        quote = source.meta.quotes[index]
        get_domain(self.env).quoted.setdefault(self.env.docname, []).append(source.key)
        words = nodes.paragraph("", visible(" ".join(quote.text.split())))
        words["support_smartquotes"] = False
        return [quotation_block(self.env, [words], Target(source.key, quote.para), quote.speaker)]


class QuoteRole(SphinxRole):
    """``{quote}`words <KEY:N>``` -> “words” (Tehran Times 2020, ¶4), checked against the source."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        m = re.fullmatch(r"(?s)(?P<words>.+?)\s*<(?P<target>[^<>]+)>", self.text)
        target = parse_target(m["target"]) if m else None
        if m is None or target is None:
            warn(f"quotation {self.text!r} needs a source: write {{quote}}`words <key:N>`", Subtype.QUOTE,
                 self.get_location())
            return [nodes.inline(self.rawtext, self.text)], []
        words = " ".join(m["words"].split())
        check_quotation(self.env, self.get_location(), words, target)
        node = nodes.inline(self.rawtext, "", classes=["bb-quote"])
        node["support_smartquotes"] = False
        node += nodes.Text(f"“{words}” (")
        node += source_xref(self.env, target)
        node += nodes.Text(")")
        return [node], []


class ParaRole(XRefRole):
    """``{para}`KEY:N``` -> a link labelled "Tehran Times 2020, ¶4"."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        self.refdomain, self.reftype = "bb", "para"
        self.classes = ["xref", "bb-para-ref"]
        return self.create_xref_node()

    def process_link(self, env, refnode, has_explicit_title, title, target):
        if not has_explicit_title:
            ref = parse_target(target)
            title = label(env, ref) if ref else target
        return title, target


def said_already(app: Sphinx, domain, node) -> bool | None:
    """The bb domain has warned about an unknown source or paragraph, with the valid range: once is enough."""
    return True if domain is not None and domain.name == "bb" else None


def setup_references(app: Sphinx) -> None:
    """Register the roles and quotation directives."""
    app.connect("warn-missing-reference", said_already)
    app.add_role("para", ParaRole(innernodeclass=nodes.inline))
    app.add_role("quote", QuoteRole())
    app.add_directive("bb-quote", QuoteDirective)
    app.add_directive("bb-keyquote", KeyQuoteDirective)
