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
        text = text.rstrip("\n") + "\n\n" + directive(
            "toctree", body="\n".join(missing), options={"hidden": "", "caption": "Contents", "maxdepth": "1"})
    title = re.search(r"(?m)^# .*\n", text)
    if FIRST not in listed and title and Path(app.srcdir, f"{FIRST}.md").exists():
        first = "\n" + directive("toctree", body=FIRST, options={"hidden": "", "maxdepth": "1"}) + "\n"
        text = text[:title.end()] + first + text[title.end():]
        # (lines after the title move down: changemarks.py maps the page's changed lines past them)
        app.env.temp_data["bb_inserted"] = (text[:title.end()].count("\n"), first.count("\n"))
    content[0] = text


def add_filter(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """The sources index's filter box (added here, a script and a style sheet for this page only)."""
    if pagename == f"{SOURCES_SUBDIR}/index":
        app.add_js_file("briefbook-sources.js", defer="defer")
        app.add_css_file("briefbook-sources.css")


def setup_navigation(app: Sphinx) -> None:
    """Connect the part listing and the sources filter."""
    app.connect("source-read", add_parts)
    app.connect("html-page-context", add_filter)
