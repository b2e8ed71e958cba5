"""briefbook's settings in conf.py, and the Sphinx, MyST and bibtex settings its guarantees rest on.

A book's conf.py holds only its own settings (title, marking, paper, …); `setup_config`
registers them from one dataclass and enforces, at config-inited, what the exact-text and
citation guarantees depend on, warning (``briefbook.config``) when a conf.py or ``-D`` tries
to change them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from .. import __version__
from ..printing import PAPERS, PrintSettings
from ..render import GROUPINGS
from .html import STATIC
from .warnings import Subtype, warn


@dataclass(frozen=True)
class BriefbookConfig:
    """Every ``briefbook_*`` value a conf.py may set (the defaults are those of a new book)."""

    sources: str = field(default="../sources", metadata={"help": "the sources folder, relative to conf.py"})
    subtitle: str = field(default="", metadata={"help": "the cover's subtitle"})
    editor: str = field(default="", metadata={"help": "the cover's editor or organisation (default: author)"})
    marking: str = field(default="", metadata={"help": "the handling mark, on the cover and every page"})
    paper: str = field(default="a4", metadata={"help": '"a4" or "letter"'})
    subject: str = field(default="", metadata={"help": "the PDF's subject"})
    keywords: tuple[str, ...] = field(default=(), metadata={"help": "the PDF's keywords"})
    as_of: str = field(default="", metadata={"help": 'the date the information is as of, for example "31 October '
                                                      '2025" (the brief and the packs; default: the build date)'})
    sources_group: str = field(default="year", metadata={"help": 'how the sources index groups the sources: "year" '
                                                                 '(default), "outlet" or "category" (a source\'s '
                                                                 '`category:`)'})
    sources_tree: bool = field(default=False, metadata={"help": "every page's navigation also offers every source, "
                                                                "from one file all pages load (sourcetree.py)"})
    tagged_pdf: bool = field(default=True, metadata={"help": "the PDF tagged and PDF/A-2b (off: a faster build of a "
                                                               "very large book, untagged)"})

    @classmethod
    def from_sphinx(cls, config: Config) -> BriefbookConfig:
        """The values of a loaded Sphinx configuration."""
        return cls(**{f.name: getattr(config, f"briefbook_{f.name}") for f in dataclasses.fields(cls)})

    def print_settings(self, config: Config) -> PrintSettings:
        """What the PDF's cover and page furniture say."""
        return PrintSettings(title=config.project, subtitle=self.subtitle, editor=self.editor or config.author,
                             marking=self.marking, paper=self.paper, subject=self.subject,
                             keywords=", ".join(self.keywords))


#: Settings the guarantees depend on: name -> value briefbook sets (a list: entries it needs).
REQUIRED: dict[str, Any] = {
    # Source text and metadata render exactly as captured: no "smart" quotes or dashes anywhere.
    "smartquotes": False,
    "myst_enable_extensions": ["colon_fence", "fieldlist", "deflist"],
    "bibtex_bibfiles": ["book.bib"],
    "bibtex_default_style": "briefbook",
    "bibtex_reference_style": "briefbook",
}
#: The book's look and strictness, which a conf.py may change (each a function of the config).
DEFAULTS: dict[str, Any] = {
    "myst_heading_anchors": lambda c: 3,
    "nitpicky": lambda c: True,
    "language": lambda c: "en",
    "exclude_patterns": lambda c: ["_build", "Thumbs.db", ".DS_Store"],
    "html_theme": lambda c: "sphinx_book_theme",
    "html_title": lambda c: c.project,
    "html_last_updated_fmt": lambda c: None,
    "html_favicon": lambda c: str(STATIC / "favicon.svg"),
    "html_context": lambda c: {"default_mode": "light"},
    # sphinx-book-theme's options, only for that theme (another, such as -D html_theme=basic, would warn).
    "html_theme_options": lambda c: {"show_toc_level": 2, "use_download_button": False,
                                     "use_fullscreen_button": False, "home_page_in_toc": True}
    if c.html_theme == "sphinx_book_theme" else {},
    "latex_engine": lambda c: "lualatex",
    "latex_documents": lambda c: [(c.root_doc, "briefing-book.tex", c.project, c.author, "manual")],
}


def enforce(app: Sphinx, config: Config) -> None:
    """Set what the guarantees need, whatever conf.py or -D said; warn where it said otherwise."""
    for name, value in REQUIRED.items():
        current = getattr(config, name, None)
        if isinstance(value, list):
            have = list(current or [])
            setattr(config, name, have + [v for v in value if v not in have])
            continue
        if current != value and _explicit(config, name):
            # Sphinx's own default (smartquotes = True) is not the book's doing: only an explicit setting warns.
            warn(f"{name} = {current!r} is ignored: briefbook needs {name} = {value!r} (its exact-text and "
                 "citation guarantees depend on it). Remove the setting from conf.py.", Subtype.CONFIG)
        setattr(config, name, value)
    for name, default in DEFAULTS.items():
        if not _explicit(config, name):
            setattr(config, name, default(config))
    if config.briefbook_sources_group not in GROUPINGS:
        warn(f"briefbook_sources_group is {config.briefbook_sources_group!r} in conf.py; expected one of "
             f"{', '.join(repr(g) for g in GROUPINGS)}", Subtype.CONFIG)
    if config.briefbook_paper not in PAPERS:
        warn(f"briefbook_paper is {config.briefbook_paper!r} in conf.py; expected one of {sorted(PAPERS)}",
             Subtype.CONFIG)


def _explicit(config: Config, name: str) -> bool:
    """Whether conf.py or -D set the value (Sphinx keeps conf.py's namespace in _raw_config)."""
    return name in config.overrides or name in config._raw_config


def setup_config(app: Sphinx) -> None:
    """Register every briefbook_* value; enforce the prerequisites before anything reads them."""
    for f in dataclasses.fields(BriefbookConfig):
        default = list(f.default) if isinstance(f.default, tuple) else f.default
        app.add_config_value(f"briefbook_{f.name}", default, "env", [type(default)], description=f.metadata["help"])
    # Not for conf.py: a new briefbook makes Sphinx read and write every page again (its pages, head and
    # checks may differ), as a changed setting would.
    app.add_config_value("briefbook_version", __version__, "env", [str], description="briefbook's version")
    app.connect("config-inited", enforce, priority=50)
