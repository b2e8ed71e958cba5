"""Every source in the left navigation, from one file that every page loads (``briefbook_sources_tree``).

A page's navigation shows its neighbours only (sidebar.py), so that it costs the same in a book of
ten sources or a thousand. With ``briefbook_sources_tree = True`` in conf.py every page also offers
the whole list, in the sources index's groups and order, in a disclosure under the navigation
("All 1,000 sources, by year"): the list is written once per build, to ``_static/briefbook-tree.js``
(the list and the code that shows it, filled in when the disclosure is first opened), which every
page loads and the browser keeps. Without JavaScript nothing is added: the navigation's link to
the sources index, which lists them all, is the way there.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from ..render import GROUPINGS, grouped_sources
from .domain import SOURCES_DIR, book_of
from .html import STATIC

TREE_FILE = "briefbook-tree.js"


def tree_data(app: Sphinx) -> dict[str, Any]:
    """The list the navigation shows: its label and the groups of sources, each source's title and address."""
    book = book_of(app.env)
    group = app.config.briefbook_sources_group if app.config.briefbook_sources_group in GROUPINGS else "year"
    groups = grouped_sources(book.sources if book else [], group)
    count = sum(len(members) for _, members in groups)
    return {
        "label": f"All {count:,} sources, by {group}",
        "groups": [{"name": name, "items": [[src.meta.title, app.builder.get_target_uri(f"{SOURCES_DIR}/{src.slug}")]
                                            for src, _ in members]} for name, members in groups],
    }


def write_tree(app: Sphinx) -> list[Any]:
    """Once per HTML build (html-collect-pages): the list and the code that shows it, in one static file."""
    if not app.config.briefbook_sources_tree or app.builder.format != "html":
        return []
    code = (STATIC / "briefbook-tree-code.js").read_text(encoding="utf-8")
    data = json.dumps(tree_data(app), ensure_ascii=False, sort_keys=True)
    target = Path(app.outdir, "_static", TREE_FILE)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f"window.briefbookTree = {data};\n{code}", encoding="utf-8")
    return []


def load_tree(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Every page loads the list (one file, the same for every page)."""
    if app.config.briefbook_sources_tree:
        app.add_js_file(TREE_FILE, defer="defer")


def setup_sourcetree(app: Sphinx) -> None:
    """Connect the whole list's file and script."""
    app.connect("html-collect-pages", write_tree)
    app.connect("html-page-context", load_tree)
