"""briefbook's doctree nodes, and how every builder writes them.

``bb_details`` is a collapsible block (HTML ``<details>``); for every other builder (LaTeX,
text, man, texinfo, and any later one) a post-transform turns it into a
rubric and a container, which every docutils writer knows. ``bb_related`` and ``bb_usedin``
are placeholders that backlinks.py replaces in every doctree before it is written.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform


class bb_details(nodes.General, nodes.Element):
    """A collapsible block (HTML <details>); printed open, under a heading, elsewhere."""


class bb_related(nodes.General, nodes.Element):
    """Placeholder for the list of related sources, filled in when references are resolved."""


class bb_usedin(nodes.General, nodes.Element):
    """Placeholder for a glossary entry's "Used in" backlinks, filled in when references are resolved."""


def visit_details_html(self: Any, node: bb_details) -> None:
    summary = self.encode(node["summary"])
    self.body.append(f'<details class="{" ".join(node["classes"])}"><summary>{summary}</summary>\n')


def depart_details_html(self: Any, node: bb_details) -> None:
    self.body.append("</details>\n")


class DetailsElsewhere(SphinxPostTransform):
    """Outside HTML, a bb_details is its summary as a rubric followed by its content."""

    default_priority = 200

    def run(self, **kwargs: Any) -> None:
        # The builder's format, as Sphinx's own post-transforms read it (SphinxPostTransform.is_supported).
        if self.env._builder_cls.format == "html":
            return
        for node in list(self.document.findall(bb_details)):
            box = nodes.container(classes=node["classes"])
            box += nodes.rubric("", node["summary"])
            box += node.children
            node.replace_self(box)


def setup_nodes(app: Sphinx) -> None:
    """Register the nodes; HTML writes <details>, every other builder gets plain docutils nodes."""
    app.add_node(bb_details, html=(visit_details_html, depart_details_html))
    app.add_node(bb_related)
    app.add_node(bb_usedin)
    app.add_post_transform(DetailsElsewhere)
