"""The versions of the tools a build ran with, for the manifest (no Sphinx import).

A different Sphinx, theme or TeX may legitimately change the outputs; `briefbook verify` says which
differ. briefbook's own code is recorded by its SHA-256 as well as its version, since a development
install keeps the version while the code changes.
"""

from __future__ import annotations

import hashlib
import platform
import re
import subprocess
from importlib import metadata
from pathlib import Path

from . import __version__

#: The Python distributions whose version the manifest records (their names as on PyPI).
PACKAGES = ("Sphinx", "docutils", "myst-parser", "sphinxcontrib-bibtex", "pybtex", "sphinx-book-theme",
            "pydata-sphinx-theme", "trafilatura", "pdfminer.six")
PACKAGE_DIR = Path(__file__).resolve().parent


def code_digest(folder: Path = PACKAGE_DIR) -> str:
    """The SHA-256 of briefbook's files (their names and bytes; no caches)."""
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            h.update(path.relative_to(folder).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def _first_line(command: list[str], pattern: str) -> str:
    """The first match of pattern in a command's output (its first group), or "not found"."""
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return "not found"
    m = re.search(pattern, run.stdout + run.stderr, re.M)
    return " ".join(m.groups()) if m else "unknown"


def tex_versions() -> dict[str, str]:
    """LuaHBTeX's version and TeX Live year, latexmk's and xindy's versions."""
    return {
        "LuaHBTeX": _first_line(["luahbtex", "--version"], r"^This is LuaHBTeX, Version (\S+) \((.*)\)"),
        "latexmk": _first_line(["latexmk", "-v"], r"Version (\S+)"),
        "xindy": _first_line(["xindy", "--version"], r"script version: (\S+)"),
    }


def tool_versions(tex: bool) -> dict[str, str]:
    """briefbook's version and code, Python's and each package's version; TeX's when a PDF was built."""
    versions = {"briefbook": __version__, "briefbook code": code_digest(), "Python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    if tex:
        versions.update(tex_versions())
    return versions
