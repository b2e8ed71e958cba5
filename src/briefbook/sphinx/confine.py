"""Analyst markup is confined: it can format and cite, never read a file or inject HTML or LaTeX.

Summaries, notes, glossary definitions, timeline events and hand-written pages are MyST. In
them briefbook refuses, with a ``briefbook.markup`` warning naming the page and line:

- raw output (``{raw}``, HTML blocks and inline HTML, ``{eval-rst}`` raw) and math (which reaches
  LaTeX verbatim): shown as text instead;
- file insertion (``{include}``, ``{literalinclude}``, ``{csv-table}`` with ``:file:``): docutils'
  ``file_insertion_enabled`` is off;
- images and downloads that are not files inside the docs folder.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from .warnings import Subtype, warn


def lock_settings(app: Sphinx) -> None:
    """Before any document is read: no raw output and no file insertion, whatever conf.py says."""
    app.env.settings["raw_enabled"] = False
    app.env.settings["file_insertion_enabled"] = False


def _inside(app: Sphinx, docname: str, target: str) -> bool:
    """Whether a path an analyst wrote names a file inside the docs folder."""
    if not target or "://" in target or target.startswith(("data:", "//")):
        return False
    src = Path(app.srcdir).resolve()
    base = src if target.startswith("/") else (src / docname).parent
    resolved = (base / target.lstrip("/")).resolve()
    return resolved == src or src in resolved.parents


def refuse_markup(app: Sphinx, doctree: nodes.document) -> None:
    """Turn raw output into visible text; drop images and downloads from outside the docs folder."""
    docname = app.env.docname
    for raw in list(doctree.findall(nodes.raw)):
        warn(f"raw {raw.get('format', '')} markup is not allowed in a briefing book; it is shown as text. "
             "Write MyST (emphasis, lists, citations) instead.", Subtype.MARKUP, raw)
        raw.replace_self(nodes.literal_block(raw.astext(), raw.astext()))
    for math in [*doctree.findall(nodes.math), *doctree.findall(nodes.math_block)]:
        # Math is written into the LaTeX verbatim, where a command could read or run anything.
        warn("math markup is not allowed in a briefing book (it reaches LaTeX as it is written); it is shown "
             "as text. Write the formula in words or plain characters.", Subtype.MARKUP, math)
        replacement = nodes.literal(math.astext(), math.astext()) if isinstance(math, nodes.math) \
            else nodes.literal_block(math.astext(), math.astext())
        math.replace_self(replacement)
    for image in list(doctree.findall(nodes.image)):
        uri = image.get("uri", "")
        if not _inside(app, docname, uri):
            warn(f"the image {uri!r} is not a file inside the docs folder; it is left out. "
                 "Copy the image into docs/ and give its path from there.", Subtype.MARKUP, image)
            image.parent.remove(image)
    for ref in list(doctree.findall(addnodes.download_reference)):
        target = ref.get("reftarget", "")
        if not _inside(app, docname, target):
            warn(f"the download {target!r} is not a file inside the docs folder; it is shown as text.",
                 Subtype.MARKUP, ref)
            ref.replace_self(nodes.literal(ref.astext(), ref.astext()))


def setup_confine(app: Sphinx) -> None:
    """Lock the docutils settings before reading; check every document once read (before Sphinx collects images)."""
    app.connect("builder-inited", lock_settings)
    app.connect("doctree-read", refuse_markup, priority=100)
