extensions = ["myst_parser", "sphinxcontrib.bibtex", "briefbook"]
briefbook_sources = "raw"
myst_enable_extensions = ["colon_fence", "fieldlist", "deflist"]
smartquotes = False
bibtex_bibfiles = ["book.bib"]
bibtex_default_style = "briefbook"
bibtex_reference_style = "label"
exclude_patterns = ["_build", "raw"]
