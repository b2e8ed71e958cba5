"""The edition switcher and the banner of an older edition, for editions published side by side.

`briefbook site DIR` (site.py) puts each published edition's HTML in DIR/<edition>/ and lists them in
DIR/editions.json. Every page of a book with a published edition carries a small navigation block
naming its edition; briefbook-editions.js (a static file: the Content-Security-Policy allows no inline
script) reads ../editions.json from beside the edition's folder and turns the block into a list of the
editions (a <details> disclosure: keyboard and screen-reader use come with it), and on an older edition
adds a banner pointing to the same page of the newest. An edition's own files never change when a newer
one is added. Without script the block is a link to the site's list of editions; with script, outside a
site (no editions.json), the block is hidden. A draft (changes not yet published) has no block.

(pydata-sphinx-theme's version switcher needs the list's address and the version's name in conf.py, is
drawn in a header sphinx-book-theme does not show, and its banner is written when the page is built;
this one works from the files alone.)
"""

from __future__ import annotations

import html
from typing import Any

from sphinx.application import Sphinx

from ..site import PAGE, edition_name, folder_name
from .domain import book_of


def add_switcher(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """The editions block at the top of the page's body, and its script."""
    book = book_of(app.env)
    state = book.edition if book is not None else None
    # Only a published edition goes into a site (`briefbook site` refuses a draft).
    if state is None or not state.published or state.date is None or not context.get("body"):
        return
    folder, name = folder_name(state), edition_name(state.number, state.date, state.revision)
    up = "../" * (pagename.count("/") + 1)
    block = (f'<nav class="bb-editions" aria-label="Editions" data-edition="{html.escape(folder)}">'
             f'<span class="bb-edition-name">{html.escape(name)}</span> · '
             f'<a class="bb-editions-list" href="{up}{PAGE}">All editions</a></nav>\n')
    context["body"] = block + context["body"]
    app.add_js_file("briefbook-editions.js", defer="defer")


def setup_switcher(app: Sphinx) -> None:
    """Connect the editions block (before the Content-Security-Policy is written, which reads the scripts)."""
    app.connect("html-page-context", add_switcher, priority=600)
