"""Sphinx configuration of the briefing book (hand-written; briefbook generates the source pages)."""

import os

project = "Russia–Iran Military-Technical Cooperation and the UN Framework"
author = "briefbook"
copyright = "2025, the editors; source texts belong to their publishers"
language = "en"

extensions = ["myst_parser", "sphinxcontrib.bibtex", "briefbook"]

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

# --- PDF (Sphinx's LaTeX builder; LuaLaTeX via latexmk, index by xindy) ---
latex_engine = "lualatex"
latex_documents = [("index", "briefing-book.tex", project, author, "manual")]
# The cover and page furniture (briefbook fills in latex_elements from these; latex_elements wins).
briefbook_subtitle = "An annotated briefing book on Russia–Iran arms cooperation, Resolution 2231 and snapback"
briefbook_editor = "Prepared with briefbook"
briefbook_marking = "UNCLASSIFIED — open sources — for briefing use"
briefbook_paper = "a4"  # or "letter"
briefbook_subject = "Russia–Iran military-technical cooperation and the UN framework around Iran's nuclear programme"
briefbook_keywords = ["Russia", "Iran", "JCPOA", "Resolution 2231", "snapback", "arms embargo"]
