"""The HTML book: briefbook's CSS and JavaScript, accessible markup, escaping of what the theme prints, and a
Content-Security-Policy on every page."""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

STATIC = Path(__file__).resolve().parent.parent / "static"


def one_search_entry(app: Sphinx, config: Any) -> None:
    """One search entry on every page: the sidebar's search field on wide screens, the top bar's button on
    narrow ones (sphinx-book-theme shows one or the other). pydata-sphinx-theme's header would repeat the
    field in a bar of its own above the page: it is left out unless conf.py's html_theme_options asks for it."""
    options = config.html_theme_options
    # Only for the themes that know the option (another, such as the benchmark's -D html_theme=basic, would warn).
    if isinstance(options, dict) and config.html_theme in ("sphinx_book_theme", "pydata_sphinx_theme"):
        options.setdefault("navbar_persistent", [])


def add_static(app: Sphinx) -> None:
    """Ship briefbook's CSS and JavaScript with the HTML."""
    if app.builder.format == "html":
        app.config.html_static_path.append(str(STATIC))


#: A bibliography entry's label as docutils writes it: "[Tehran Times 2020]", the brackets in spans of their own.
_CITATION_LABEL = re.compile(r'(<div class="citation"[^>]*>\s*<span class="label">)<span class="fn-bracket">\[</span>'
                             r'([^<]*)<span class="fn-bracket">\]</span>')


def accessible_body(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Give the citation list valid list items (docutils writes role="doc-biblioentry", which axe flags), and its
    labels without brackets: citations are in parentheses, and each entry is listed under the same label."""
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        body = body.replace('role="doc-biblioentry"', 'role="listitem"')
        context["body"] = _CITATION_LABEL.sub(r"\1\2", body)


#: Values the theme puts in the page context as plain text and its templates print unescaped
#: (sphinx-book-theme's print header <h1>{{ pagetitle }}</h1>, its navigation's {{ root_title }}).
THEME_PLAIN_TEXT = ("pagetitle", "root_title", "page_description")


def escape_theme_text(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Escape what the theme left as plain text (a captured headline can hold markup: it must stay text)."""
    for name in THEME_PLAIN_TEXT:
        if isinstance(context.get(name), str) and not getattr(context[name], "__html__", None):
            context[name] = html.escape(context[name], quote=True)


#: The Content-Security-Policy of every page: scripts only from the book's own files and the inline
#: scripts Sphinx and the theme write (each allowed by its hash), no plug-ins, no other origin.
CSP = ("default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
       "frame-src 'none'")
_INLINE_SCRIPT = re.compile(r"<script(?: [^>]*)?>(.*?)</script>", re.S)


def _sha256(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"


@functools.cache
def _theme_inline_scripts() -> tuple[str, ...]:
    """The fixed inline scripts of the theme's templates (pydata-sphinx-theme's colour mode, search focus).

    Read from the installed theme, so a new theme release is followed; a script whose text the
    template fills in (other than the default mode) is not allowed."""
    try:
        import pydata_sphinx_theme
    except ImportError:
        return ()
    folder = Path(pydata_sphinx_theme.__file__).parent / "theme"
    found = []
    for template in sorted(folder.rglob("*.html")):
        for body in _INLINE_SCRIPT.findall(template.read_text(encoding="utf-8")):
            if body.strip() and ("{{" not in body.replace("{{ default_mode }}", "") and "{%" not in body):
                found.append(body)
    return tuple(found)


def inline_scripts(context: dict[str, Any]) -> list[str]:
    """The bodies of the inline scripts this page's template may write, exactly as written."""
    bodies = [js.attributes["body"] for js in context.get("script_files", [])
              if getattr(js, "attributes", None) and js.attributes.get("body")]
    mode = str(context.get("default_mode", ""))
    return bodies + [body.replace("{{ default_mode }}", mode) for body in _theme_inline_scripts()]


def add_csp(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Put the Content-Security-Policy first in the page's head: a missed escape cannot run a script."""
    bodies = inline_scripts(context)
    policy = CSP
    reload = app.config.briefbook_preview_reload if app.config.briefbook_preview else ""
    if reload:
        # `briefbook serve`: sphinx-autobuild adds a script that reloads the page after each build.
        from sphinx_autobuild.middleware import web_socket_script

        bodies.extend(_INLINE_SCRIPT.findall(web_socket_script(reload)))
        policy = policy.replace("connect-src 'self'", f"connect-src 'self' ws://{reload}")
    hashes = " ".join(sorted({_sha256(body) for body in bodies}))
    meta = f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy.format(hashes=hashes))}" />\n'
    context["metatags"] = meta + context.get("metatags", "")


def add_marking(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """The handling mark (briefbook_marking) at the top and the foot of every page, on screen and in print.

    On screen it is the theme's announcement banner and a line in its footer (so the index and
    search pages carry it too); in print, the page's margin boxes repeat it on every sheet."""
    marking = app.config.briefbook_marking
    if not marking:
        return
    text = html.escape(marking, quote=True)
    # A CSS string: every character but letters, digits and plain punctuation as an escape, so no quote,
    # backslash or tag can end it.
    css = "".join(c if c.isalnum() or c in " -—–,.;:()/" else f"\\{ord(c):x} " for c in marking)
    style = (f'<style>@media print {{ @page {{ margin: 2cm 1.8cm; @top-center {{ content: "{css}"; }} '
             f'@bottom-center {{ content: "{css}"; }} }} }}</style>')
    context["theme_announcement"] = f'<span class="bb-marking bb-marking-top">{text}</span>{style}'
    footer = f'<p class="bb-marking bb-marking-foot">{text}</p>'
    context["theme_extra_footer"] = footer + str(context.get("theme_extra_footer") or "")


def setup_html(app: Sphinx) -> None:
    """Connect the HTML features."""
    app.add_config_value("briefbook_preview_reload", "", "", [str],
                         description="set by `briefbook serve`: the host:port of the preview's reload socket")
    app.connect("config-inited", one_search_entry)
    app.connect("builder-inited", add_static)
    app.connect("html-page-context", accessible_body)
    app.connect("html-page-context", add_marking)
    # After the theme's own handlers (priority 500 and 501), which set the values.
    app.connect("html-page-context", escape_theme_text, priority=900)
    app.connect("html-page-context", add_csp, priority=950)
    app.add_css_file("briefbook.css")
    app.add_js_file("briefbook.js", defer="defer")
