"""An incremental build gives the files a full build gives: what Sphinx alone does not do.

- The pages of removed documents are removed (Sphinx leaves their HTML and copied source).
- The search index keeps every page's index entries. Sphinx (9.0; sphinx-doc/sphinx#12599)
  gathers a page's index entries for searchindex.js only while writing that page, and keeps
  them in the environment, which it saves before writing: a page that an incremental build
  does not write again loses its entries ("Chapter VII", "arms embargo", …) from the search.
  briefbook notes each page's entries when the page is read (in the ``bb`` domain, which is
  saved) and hands the search index every page's entries, in page order, just before it is
  written; words that only a removed page had go too.

Which pages must be written again because what they show of other pages changed is decided in
backlinks.py (pages_to_rewrite).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.index_entries import split_index_msg

from .domain import get_domain


def entries_of(doctree: nodes.document) -> list[tuple[str, str, str]]:
    """A page's index entries as Sphinx's search index takes them from it (IndexBuilder.feed)."""
    found: set[tuple[str, str, str]] = set()
    for node in doctree.findall(addnodes.index):
        for entry_type, value, target_id, main, *_ in node["entries"]:
            try:
                names = split_index_msg(entry_type, value)
            except ValueError:
                continue
            if entry_type in {"see", "seealso"}:
                found.add((names[0], target_id or "", main))
            found |= {(name, target_id or "", main) for name in names}
    return sorted(found)


def note_index_entries(app: Sphinx, doctree: nodes.document) -> None:
    """After reading a page: keep its index entries with the environment."""
    get_domain(app.env).index_entries[app.env.docname] = entries_of(doctree)


def complete_search_index(app: Sphinx) -> list[Any]:
    """Before the search index is written (html-collect-pages comes first): every page's index entries, in page
    order; and no word left that only a removed page had (Sphinx keeps it, with no page)."""
    indexer = getattr(app.builder, "indexer", None)
    entries = getattr(indexer, "_index_entries", None)
    titled = getattr(indexer, "_titles", None)
    if not isinstance(entries, dict) or not isinstance(titled, dict):
        return []  # not an HTML build with search, or a Sphinx whose search index keeps them otherwise
    kept = get_domain(app.env).index_entries
    entries.clear()
    entries.update({doc: kept[doc] for doc in sorted(titled) if doc in kept})
    for words in (getattr(indexer, "_mapping", {}), getattr(indexer, "_title_mapping", {})):
        for word in [word for word, pages in words.items() if not pages]:
            del words[word]
    return []


def remove_pages_of_removed_documents(app: Sphinx, env, added: set[str], changed: set[str],
                                      removed: set[str]) -> list[str]:
    """Before reading: remove the HTML page and copied source of every document no longer there."""
    builder = app.builder
    if not removed or not hasattr(builder, "get_outfilename"):
        return []
    link = app.config.html_sourcelink_suffix
    for doc in removed:
        Path(builder.get_outfilename(doc)).unlink(missing_ok=True)
        for suffix in app.config.source_suffix:
            copied = f"{doc}{suffix}" if suffix == link else f"{doc}{suffix}{link}"
            Path(builder.outdir, "_sources", copied).unlink(missing_ok=True)
    return []


def setup_incremental(app: Sphinx) -> None:
    """Connect the events that make an incremental build equal a full one."""
    app.connect("env-get-outdated", remove_pages_of_removed_documents)
    app.connect("doctree-read", note_index_entries)
    app.connect("html-collect-pages", complete_search_index)
