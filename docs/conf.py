"""Sphinx configuration of the briefing book (hand-written; briefbook generates the source pages)."""

import os

project = "Russia–Iran Military-Technical Cooperation and the UN Framework"
author = "briefbook"
copyright = "2025, the editors; source texts belong to their publishers"
language = "en"

extensions = ["myst_parser", "sphinxcontrib.bibtex", "briefbook.sphinxext"]

# Where the captured sources are, relative to this folder (`briefbook build --sources` overrides it).
briefbook_sources = os.environ.get("BRIEFBOOK_SOURCES", "../sources")

myst_enable_extensions = ["colon_fence", "fieldlist", "deflist"]
myst_heading_anchors = 3
# Source text must render exactly as captured: no “smart” quotes or dashes anywhere.
smartquotes = False

bibtex_bibfiles = ["book.bib"]
bibtex_default_style = "briefbook"
bibtex_reference_style = "label"

exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
nitpicky = True

html_theme = "sphinx_book_theme"
html_title = "Russia–Iran: Military-Technical Cooperation and the UN Framework"
html_last_updated_fmt = None
html_favicon = "favicon.svg"
html_context = {"default_mode": "light"}
html_theme_options = {
    "show_toc_level": 2,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "home_page_in_toc": True,
}

# --- PDF (Sphinx's LaTeX builder, xelatex via latexmk) ---
latex_engine = "xelatex"
latex_documents = [("index", "briefing-book.tex", project, author, "manual")]
