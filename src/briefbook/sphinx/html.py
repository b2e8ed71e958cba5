"""The HTML book: briefbook's CSS and JavaScript, and accessible markup fixes."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

STATIC = Path(__file__).resolve().parent.parent / "static"


def add_static(app: Sphinx) -> None:
    """Ship briefbook's CSS and JavaScript with the HTML."""
    if app.builder.format == "html":
        app.config.html_static_path.append(str(STATIC))


def accessible_body(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Give the citation list valid list items (docutils writes role="doc-biblioentry", which axe flags)."""
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


#: Values the theme puts in the page context as plain text and its templates print unescaped
#: (sphinx-book-theme's print header <h1>{{ pagetitle }}</h1>, its navigation's {{ root_title }}).
THEME_PLAIN_TEXT = ("pagetitle", "root_title", "page_description")


def escape_theme_text(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Escape what the theme left as plain text (a captured headline can hold markup: it must stay text)."""
    for name in THEME_PLAIN_TEXT:
        if isinstance(context.get(name), str) and not getattr(context[name], "__html__", None):
            context[name] = html.escape(context[name], quote=True)


def setup_html(app: Sphinx) -> None:
    """Connect the HTML features."""
    app.connect("builder-inited", add_static)
    app.connect("html-page-context", accessible_body)
    # After the theme's own handlers (priority 500 and 501), which set the values.
    app.connect("html-page-context", escape_theme_text, priority=900)
    app.add_css_file("briefbook.css")
    app.add_js_file("briefbook.js", defer="defer")
