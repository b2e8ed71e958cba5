"""Shared fixtures: the repository's book copied to a temporary folder, and Sphinx test roots."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest_plugins = ("sphinx.testing.fixtures",)

REPO = Path(__file__).resolve().parents[1]
SEEDS = {
    "interbellum-2025-lavrov-no-limits": "000_0267c2e34f7a7b81.txt",
    "tehran-times-2020-lavrov-full-right": "002_0cddfd40f9bf4cb7.txt",
}
GENERATED = ["sources", "book.bib", "glossary.md", "timeline.md", "_build"]


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where sphinx.testing finds the test roots (tests/roots/test-*)."""
    return Path(__file__).parent / "roots"


def copy_book(dest: Path) -> Path:
    """Copy the hand-kept parts of the book (docs/ without generated files, sources/) into dest."""
    shutil.copytree(REPO / "sources", dest / "sources")
    shutil.copytree(REPO / "docs", dest / "docs", ignore=lambda d, names: [n for n in names if Path(d) == REPO / "docs" and n in GENERATED])
    return dest


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """A private copy of the repository's book to build and break."""
    return copy_book(tmp_path)


def tree_state(folder: Path) -> dict[str, bytes]:
    """Every file under folder and its bytes (to prove nothing changed)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
