"""The left navigation of every HTML page: the book's parts and the current page's neighbourhood.

sphinx-book-theme writes the whole toctree, every source page, into every page, so a book of N
sources costs N² to build (at N = 1,000, 87% of the build). briefbook writes its own: the
overview and each part (sources, timeline, glossary, references: the root document's toctree),
and, along the path to the current page, its siblings — all of them when a part has few pages,
else a window of neighbours around it and a link to the part's page, which lists them all (the
sources index, grouped by year, outlet or category, and filterable). The tree of pages is indexed once per build
(``env-updated``), so each page's navigation costs the same whatever the size of the book.

The markup is the theme's own (``bd-sidenav``, ``toctree-lN``, ``current active``), so it looks
and behaves as before; the current page's link has ``aria-current="page"``.
"""

from __future__ import annotations

import functools
import html
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from ..generate import SOURCES_SUBDIR
from ..render import GROUPINGS

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
#: A part with at most this many pages lists them all; a larger one, this many on each side of the current page.
WHOLE = 12
NEIGHBOURS = 3


class PageTree:
    """The toctree of the book as parent and children of each page, with each page's place among its siblings."""

    def __init__(self, env: BuildEnvironment):
        self.root = env.config.root_doc
        self.children = {doc: [c for c in dict.fromkeys(kids) if c in env.all_docs]
                         for doc, kids in env.toctree_includes.items()}
        self.parent: dict[str, str] = {}
        self.place: dict[str, int] = {}
        for doc in self._walk():
            for i, child in enumerate(self.children.get(doc, [])):
                if child not in self.parent and child != self.root:
                    self.parent[child], self.place[child] = doc, i
        self.titles = {doc: env.titles[doc].astext() if doc in env.titles else doc for doc in env.all_docs}

    def _walk(self) -> list[str]:
        """Every page reachable from the root, parents before children (a page included twice counts once)."""
        order, seen = [self.root], {self.root}
        for doc in order:
            for child in self.children.get(doc, []):
                if child not in seen:
                    seen.add(child)
                    order.append(child)
        return order

    def path(self, doc: str) -> list[str]:
        """The pages from the root's child down to doc (empty for the root and pages outside the tree)."""
        out: list[str] = []
        while doc in self.parent and doc not in out:
            out.append(doc)
            doc = self.parent[doc]
        return out[::-1]


def index_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Once all pages are read: index the tree for this build's pages' navigation."""
    app.builder._bb_pages = PageTree(env)  # type: ignore[attr-defined]
    return []


def _link(app: Sphinx, here: str, doc: str, text: str, level: int, current: bool, extra: str = "") -> str:
    uri = "#" if doc == here else html.escape(app.builder.get_relative_uri(here, doc), quote=True)
    cls = f"toctree-l{level}" + (" current active" if current else "") + extra
    aria = ' aria-current="page"' if doc == here else ""
    return f'<li class="{cls}"><a class="reference internal" href="{uri}"{aria}>{html.escape(text)}</a>'


def _level(app: Sphinx, tree: PageTree, here: str, parent: str, path: list[str], level: int) -> str:
    """The list of parent's pages: all of them, or a window around the one on the path to here."""
    kids = tree.children.get(parent, [])
    on_path = path[level - 1] if len(path) >= level else None
    if not kids or (level > 1 and on_path is None and len(kids) > WHOLE):
        return ""  # a large part's own page lists its pages: the navigation does not
    shown = range(len(kids))
    if len(kids) > WHOLE:
        at = tree.place[on_path] if on_path is not None else 0
        shown = range(max(0, at - NEIGHBOURS), min(len(kids), at + NEIGHBOURS + 1))
    items = []
    for i in shown:
        doc = kids[i]
        item = _link(app, here, doc, tree.titles.get(doc, doc), level, doc == on_path)
        if doc == on_path:
            item += _level(app, tree, here, doc, path, level + 1)
        items.append(item + "</li>")
    if len(shown) < len(kids):
        grouping = app.config.briefbook_sources_group if app.config.briefbook_sources_group in GROUPINGS else "year"
        text = (f"All {len(kids):,} sources, by {grouping}" if parent == f"{SOURCES_SUBDIR}/index" else
                f"All {len(kids):,} pages of {tree.titles.get(parent, parent)}")
        items.append(_link(app, here, parent, text, level, False, " bb-nav-all") + "</li>")
    return ('<ul class="nav bd-sidenav">' if level == 1 else "<ul>") + "".join(items) + "</ul>"


def sidebar(app: Sphinx, here: str) -> str:
    """The navigation of one page: the overview, each part, and the neighbourhood of here."""
    tree: PageTree | None = getattr(app.builder, "_bb_pages", None)
    if tree is None:
        tree = app.builder._bb_pages = PageTree(app.env)  # type: ignore[attr-defined]
    home = _link(app, here, tree.root, tree.titles.get(tree.root, tree.root), 1, here == tree.root) + "</li>"
    caption = '<p aria-level="2" class="caption" role="heading"><span class="caption-text">Contents</span></p>'
    return (f'<ul class="nav bd-sidenav bd-sidenav__home-link">{home}</ul>{caption}'
            + _level(app, tree, here, tree.root, tree.path(here), 1))


def add_sidebar(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Give the page its navigation, made where the template asks for it (once: the theme renders it twice)."""
    context["bb_sidebar"] = functools.cache(lambda: sidebar(app, pagename))


def keep_sidebar(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Replace the theme's test for an empty whole-book toctree, which indexes every page for every page.

    It only decides whether to drop pydata-sphinx-theme's own toctree components, which this theme does not use."""
    context["suppress_sidebar_toctree"] = lambda **kwargs: False


def add_templates(app: Sphinx, config: Config) -> None:
    """briefbook's templates come before the theme's components (a book's own templates_path still wins)."""
    config.templates_path.append(str(TEMPLATES))


def setup_sidebar(app: Sphinx) -> None:
    """Connect the navigation."""
    app.connect("config-inited", add_templates)
    app.connect("env-updated", index_pages)
    # Before the theme's handlers (priority 500), which render the sidebar to see if it is empty; after them,
    # which set suppress_sidebar_toctree.
    app.connect("html-page-context", add_sidebar, priority=400)
    app.connect("html-page-context", keep_sidebar, priority=800)
