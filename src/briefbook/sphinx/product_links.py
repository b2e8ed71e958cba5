"""Where a printed product's links go: a link to a page the PDF does not hold points into the HTML
book when ``html_baseurl`` is set, and is plain text otherwise; none leads nowhere.

While a product is resolved every page resolves (Sphinx's LaTeX builder would drop a link to a
page outside the document before anyone could send it to the HTML book); once resolved, each
internal link whose target the LaTeX document lacks is sent there or unlinked.
"""

from __future__ import annotations

import re
from typing import Any
from weakref import WeakKeyDictionary

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinxcontrib.bibtex.nodes import raw_latex

#: The LaTeX builder of each environment (a post-transform sees the environment, not the builder).
_LATEX_BUILDERS: WeakKeyDictionary[BuildEnvironment, Builder] = WeakKeyDictionary()


def remember_builder(app: Sphinx) -> None:
    if app.builder.format == "latex":
        _LATEX_BUILDERS[app.env] = app.builder


class ResolveEverywhere(SphinxPostTransform):
    """Before references are resolved: every page has an address (OutsideLinks reworks the ones the PDF lacks)."""

    default_priority = 6
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        builder = _LATEX_BUILDERS.get(self.env)
        if builder is not None:
            builder.docnames = set(self.env.found_docs)  # type: ignore[attr-defined]


_CITE = re.compile(r"^\\hyperlink\{cite\.(?P<doc>[^:{}]+):(?P<id>[^{}]+)\}\{$")


class OutsideLinks(SphinxPostTransform):
    """In print, a link to a page the PDF does not hold goes to the HTML book (html_baseurl), or is plain text."""

    default_priority = 900
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        labels, docs, refs = _present(self.document, self.document.get("docname", self.env.docname))
        base = (self.config.html_baseurl or "").rstrip("/")
        for ref, doc, ident in refs:
            if (doc, ident) in labels if ident else doc in docs:
                continue
            if base:
                ref["refuri"] = f"{base}/{doc}.html" + (f"#{ident}" if ident else "")
                ref.attributes.pop("refid", None)
            else:
                ref.replace_self(ref.children)
        for raw in list(self.document.findall(raw_latex)):  # sphinxcontrib-bibtex's citation links
            match = _CITE.match(raw.rawsource)
            if match and (match["doc"], match["id"]) not in labels:
                target = f"{base}/{match['doc']}.html#{match['id']}"
                raw.replace_self(raw_latex("\\href{" + _url(target) + "}{" if base else "{"))


def _url(uri: str) -> str:
    return "".join(f"\\{c}" if c in "#%{}\\~_&$^" else c for c in uri)


def _present(document: nodes.document, top: str):
    """Every (page, id) a LaTeX document holds a label for, the pages it holds, and each internal link
    with the (page, id) the LaTeX writer will make of it (a bare refid is relative to the page it sits in)."""
    labels: set[tuple[str, str]] = set()
    docs = {top}
    refs: list[tuple[nodes.reference, str, str]] = []

    def walk(node: nodes.Node, doc: str) -> None:
        if isinstance(node, addnodes.start_of_file):
            doc = node["docname"]
            docs.add(doc)
        if isinstance(node, nodes.Element):
            # Sphinx gathers citations at the end of the document; each keeps the page it came from.
            where = node.get("docname", doc) if isinstance(node, nodes.citation) else doc
            ids: list[str] = node.get("ids", [])
            labels.update((where, ident) for ident in ids)
            if isinstance(node, nodes.reference):
                uri = node.get("refuri", "")
                if uri.startswith("%"):
                    target, _, ident = uri[1:].partition("#")
                    refs.append((node, target, ident))
                elif not uri and node.get("refid"):
                    refs.append((node, doc, node["refid"]))
            for child in node.children:
                walk(child, doc)

    walk(document, top)
    return labels, docs, refs


def setup_product_links(app: Sphinx) -> None:
    """Remember the LaTeX builder; resolve every link, then rework those that leave the document."""
    app.connect("builder-inited", remember_builder)
    app.add_post_transform(ResolveEverywhere)
    app.add_post_transform(OutsideLinks)
