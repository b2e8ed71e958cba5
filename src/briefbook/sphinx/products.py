"""The brief and the reading packs: their LaTeX documents and settings.

One LaTeX build writes every product from the same doctrees (see ``products.py`` in the core):
the book, the brief (``brief.md``) and a pack per source (the source's own page). What the brief
and the packs hold is product_content.py's business; where their links go, product_links.py's.
"""

from __future__ import annotations

import glob
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config

from ..printing import build_date, tex
from ..products import BRIEF_DOC, BRIEF_TEX, PRINT_FORMATS, pack_tex
from .domain import SOURCES_DIR, book_of
from .product_content import setup_product_content
from .product_links import setup_product_links

LATEX = Path(__file__).resolve().parent.parent / "data" / "latex"


def configure(app: Sphinx, config: Config) -> None:
    """The products' LaTeX themes and classes, and their heads instead of the book's cover, contents and index."""
    config.latex_theme_path = [*config.latex_theme_path, str(LATEX)]
    config.latex_additional_files = [*config.latex_additional_files, str(LATEX / "bbbrief.cls"),
                                     str(LATEX / "bbpack.cls")]
    elements = dict(config.latex_elements)
    for key, default in (("maketitle", r"\sphinxmaketitle"), ("tableofcontents", r"\sphinxtableofcontents"),
                         ("printindex", r"\printindex")):
        head = r"\bbproducthead" if key == "maketitle" else ""
        elements[key] = rf"\ifdefined\bbproduct{head}\else{elements.get(key, default)}\fi"
    as_of = tex(config.briefbook_as_of or build_date())
    book = tex(config.project)
    elements["preamble"] = elements.get("preamble", "") + rf"""
% The brief's and the packs' head (bbbrief.cls and bbpack.cls define \bbproduct).
\makeatletter
\newcommand{{\bbproducthead}}{{%
  {{\sffamily\small\bfseries\bbmarking\par}}\vspace{{0.8em}}%
  {{\sffamily\bfseries\Large\raggedright\@title\par}}\vspace{{0.3em}}%
  \ifx\bbproduct\bbpackname{{\small A reading pack from the briefing book \emph{{{book}}}.
   Information as of {as_of}.\ifdefined\bbeditionline\ \bbeditionline\fi\par}}\fi
  \vspace{{0.6em}}\hrule\vspace{{0.8em}}\setcounter{{secnumdepth}}{{-1}}%
  \let\sectionmark\@gobble\markboth{{}}{{}}}}
\def\bbpackname{{pack}}
\makeatother
"""
    config.latex_elements = elements


def add_documents(app: Sphinx) -> None:
    """Besides the book: the brief and a pack for every source, each its own LaTeX document."""
    if app.builder.name != "latex":
        return
    book = book_of(app.env)
    config = app.config
    wanted = {name.strip() for name in config.briefbook_print.split(",")}
    author = tex(config.author)
    documents: list[Any] = list(config.latex_documents) if "pdf" in wanted else []
    if "brief" in wanted:
        documents.append((BRIEF_DOC, BRIEF_TEX, tex(config.project), author, "briefbook-brief"))
    for source, _ in book.sources if book and "packs" in wanted else []:
        documents.append((f"{SOURCES_DIR}/{source.slug}", pack_tex(source.slug), tex(source.meta.title), author,
                          "briefbook-pack"))
    app.config.latex_documents = documents
    if "packs" in wanted:  # the pack of a source taken out of the book goes with it
        current = {entry[1] for entry in documents}
        for old in Path(app.outdir).glob(pack_tex("*")):
            if old.name not in current:
                for leftover in Path(app.outdir).glob(f"{glob.escape(old.stem)}.*"):
                    leftover.unlink()


def brief_is_orphan(app: Sphinx, doctree: nodes.document) -> None:
    """The brief's page is printed on its own and stays out of the HTML navigation and search (it
    restates the judgments and the glossary: a search finds them where they are in full)."""
    if app.env.docname == BRIEF_DOC:
        app.env.metadata[BRIEF_DOC]["orphan"] = True
        app.env.metadata[BRIEF_DOC]["nosearch"] = True


def note_changes(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Before reading: whether any page is read again (see rewrite_brief)."""
    app.builder._bb_changed = bool(added | changed | removed)  # type: ignore[attr-defined]
    return []


def rewrite_brief(app: Sphinx, env) -> list[str]:
    """After reading: the brief copies the overview's judgments and the glossary's entries in when it is resolved
    (product_content.py), so when any page was read again it is written again. It is not read again: what reading
    it gives follows from brief.md (generated from the book, re-read when it changes), the key judgments (see
    judgments.py) and the number of sources (which changes brief.md's list of sources too)."""
    changed = getattr(app.builder, "_bb_changed", False)
    return [BRIEF_DOC] if changed and BRIEF_DOC in env.found_docs else []


def setup_products(app: Sphinx) -> None:
    """Register the products' settings, directives and transforms."""
    # Not for conf.py: `briefbook build --format` names the products to write (a change re-reads nothing).
    app.add_config_value("briefbook_print", ",".join(PRINT_FORMATS), "", [str],
                         description="the printed products the LaTeX builder writes: pdf (the book), brief, packs")
    app.connect("config-inited", configure, priority=120)
    app.connect("builder-inited", add_documents, priority=600)
    app.connect("doctree-read", brief_is_orphan)
    app.connect("env-get-outdated", note_changes)
    app.connect("env-updated", rewrite_brief)
    setup_product_content(app)
    setup_product_links(app)
