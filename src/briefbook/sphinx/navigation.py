"""The book's parts join the navigation by themselves; the sources index can be filtered.

When Sphinx reads the overview (the root document), a hidden toctree is appended with each
part that exists and is not listed there already: the sources, the timeline, the glossary,
and a hand-written references page. A book's overview needs no toctree of its own.

The sources index, the one page that lists every source (sidebar.py shows only a page's
neighbours), gets a filter box: briefbook-sources.js and .css, loaded by that page alone.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from ..generate import SOURCES_SUBDIR
from ..render import directive

#: The parts, in reading order (docnames; each joins when its file exists).
PARTS = (f"{SOURCES_SUBDIR}/index", "timeline", "glossary", "references")
#: The redline page, first after the overview, there while the book has changes against its last edition
#: (sphinx/redline.py; the printed book leaves it out).
FIRST = "changes"


def add_parts(app: Sphinx, docname: str, content: list[str]) -> None:
    """Append a hidden toctree of the parts the root document does not list yet."""
    if docname != app.config.root_doc or not content:
        return
    text = content[0]
    listed = set(re.findall(r"(?m)^\s*([\w./-]+?)(?:\.md)?\s*$", text))
    missing = [part for part in PARTS if part not in listed and Path(app.srcdir, f"{part}.md").exists()]
    if missing:
        content[0] = text.rstrip("\n") + "\n\n" + directive(
            "toctree", body="\n".join(missing), options={"hidden": "", "caption": "Contents", "maxdepth": "1"})


def changes_first(app: Sphinx, doctree: nodes.document) -> None:
    """The redline page joins the root's first toctree, first (in the doctree: the overview's lines stay where
    the analyst wrote them, so its warnings name the right line)."""
    env = app.env
    if env.docname != app.config.root_doc or not Path(app.srcdir, f"{FIRST}.md").exists():
        return
    tree = next(iter(doctree.findall(addnodes.toctree)), None)
    if tree is None or FIRST in tree["includefiles"]:
        return
    tree["entries"].insert(0, (None, FIRST))
    tree["includefiles"].insert(0, FIRST)
    env.toctree_includes.setdefault(env.docname, []).insert(0, FIRST)
    env.files_to_rebuild.setdefault(FIRST, set()).add(env.docname)


def add_filter(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """The sources index's filter box (added here, a script and a style sheet for this page only)."""
    if pagename == f"{SOURCES_SUBDIR}/index":
        app.add_js_file("briefbook-sources.js", defer="defer")
        app.add_css_file("briefbook-sources.css")


def setup_navigation(app: Sphinx) -> None:
    """Connect the part listing and the sources filter."""
    app.connect("source-read", add_parts)
    app.connect("doctree-read", changes_first)
    app.connect("html-page-context", add_filter)
