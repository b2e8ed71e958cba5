"""The Sphinx side of briefbook, one module per feature (``setup_X(app)`` each):

- config.py: the briefbook_* settings and the prerequisites the guarantees rest on;
- generation.py: loads the book once per build and writes the generated pages;
- navigation.py: the parts (sources, timeline, glossary, references) join the navigation;
- sidebar.py: each page's left navigation, the parts and the page's neighbourhood (its cost does not grow with the book);
- domain.py: the ``bb`` domain, typed cross-document records;
- nodes.py: briefbook's nodes and how each builder writes them;
- directives.py: the directives of a source page (paragraphs, notes, headnote, set-aside lines);
- references.py: ``{para}``, ``{quote}`` and quotation blocks, checked against the sources;
- judgments.py: ``{key-judgments}``, ``{likelihood-scale}``, ``{source-weights}``; the analytic-standards linter;
- citations.py: one citation style, the label in parentheses, for ``{cite}`` as for ``{para}``;
- backlinks.py: "Used in", "Related sources" and term hover titles, and which pages to write again;
- incremental.py: an incremental build equals a full one (search index entries kept, removed pages removed);
- latex.py and html.py: the printed and the HTML book; tagged.py: the PDF's structure tags (PDF/UA, PDF/A);
- products.py: the brief and the per-source reading packs (their LaTeX documents and contents);
- confine.py: analyst markup can format and cite, never read a file or inject HTML or LaTeX;
- preview.py: the live preview's error banner (`briefbook serve`);
- redline.py: the redline page (changes since the last edition, word by word); changemarks.py: the marks and
  change bars beside changed text; switcher.py: the editions block (switcher and banner) of a published edition;
- whatsnew.py: the edition line and What's new at the top of the overview and the brief; the edition on the cover;
- warnings.py: every warning subtype.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from .. import __version__, bibstyle
from .backlinks import setup_backlinks
from .changemarks import setup_changemarks
from .citations import setup_citations
from .config import setup_config
from .confine import setup_confine
from .directives import setup_source_pages
from .domain import BriefbookDomain
from .generation import setup_generation
from .html import setup_html
from .incremental import setup_incremental
from .judgments import setup_judgments
from .latex import setup_latex
from .navigation import setup_navigation
from .nodes import setup_nodes
from .preview import setup_preview
from .products import setup_products
from .redline import setup_redline
from .references import setup_references
from .sidebar import setup_sidebar
from .sourcetree import setup_sourcetree
from .switcher import setup_switcher
from .tagged import setup_tagged
from .whatsnew import setup_whatsnew


def setup(app: Sphinx) -> dict[str, Any]:
    """Register briefbook with Sphinx: its prerequisites, then each feature."""
    app.setup_extension("myst_parser")
    app.setup_extension("sphinxcontrib.bibtex")
    bibstyle.register()
    setup_config(app)
    setup_confine(app)
    app.add_domain(BriefbookDomain)
    setup_generation(app)
    setup_navigation(app)
    setup_sidebar(app)
    setup_sourcetree(app)
    setup_nodes(app)
    setup_source_pages(app)
    setup_references(app)
    setup_judgments(app)
    setup_citations(app)
    setup_backlinks(app)
    setup_incremental(app)
    setup_latex(app)
    setup_products(app)
    setup_tagged(app)
    setup_html(app)
    setup_preview(app)
    setup_whatsnew(app)
    setup_changemarks(app)
    setup_redline(app)
    setup_switcher(app)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 6}
