"""`briefbook init DIR`: a new, empty book that builds warning-free to HTML and PDF at once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from . import __version__
from .errors import BriefbookError, Problem
from .write import write_new


@dataclass(frozen=True)
class Settings:
    """What the new book's conf.py and overview say."""

    title: str
    subtitle: str = "An annotated briefing book."
    editor: str = "The editors"
    marking: str = ""
    paper: str = "a4"
    github_pages: bool = False


def _template(name: str) -> str:
    return resources.files("briefbook").joinpath("data", "init", name).read_text(encoding="utf-8")


def files(settings: Settings) -> dict[str, str]:
    """Every file of a new book: relative path -> content."""
    values = {
        "title": settings.title, "subtitle": settings.subtitle, "editor": settings.editor,
        "marking": settings.marking, "paper": settings.paper, "version": __version__,
        "copyright": f"{dt.date.today().year}, {settings.editor}; source texts belong to their publishers",
    }
    out = {
        "docs/conf.py": _template("conf.py.in").format(**values),
        "docs/index.md": _template("index.md.in").format(**values),
        "docs/references.md": _template("references.md"),
        "sources/README.md": _template("sources-README.md"),
        "sources/glossary.yaml": _template("glossary.yaml"),
        "sources/timeline.yaml": _template("timeline.yaml"),
        "sources/judgments.yaml": _template("judgments.yaml"),
        "sources/references.bib": _template("references.bib"),
        ".gitignore": _template("gitignore"),
    }
    if settings.github_pages:
        out[".github/workflows/pages.yml"] = _template("pages.yml").format(**values)
    return out


def init(folder: Path, settings: Settings) -> list[Path]:
    """Make the book in folder, which must be empty or absent; returns the files written."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        what = "is not a folder" if not folder.is_dir() else "is not empty"
        raise BriefbookError([Problem(folder, f"{what}: briefbook init makes a new book only in a new or empty folder.",
                                      None, f"choose a new folder, for example `briefbook init {folder.name}-book`.")])
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in files(settings).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        write_new(path, content.encode("utf-8"))
        written.append(path)
    return written
