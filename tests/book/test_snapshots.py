"""Snapshots of the generated MyST pages and BibTeX for the seeds (pytest-regressions)."""

from __future__ import annotations

import pytest

from briefbook.book import load_book
from briefbook.generate import render_book
from helpers import REPO

BOOK = load_book(REPO / "sources")
FILES = render_book(BOOK, REPO / "sources", REPO / "docs")


@pytest.mark.parametrize("name", sorted(p.relative_to(REPO / "docs").as_posix() for p in FILES))
def test_generated_file(name, file_regression):
    path = REPO / "docs" / name
    file_regression.check(FILES[path], basename=name.replace("/", "__").rsplit(".", 1)[0], extension="." + name.rsplit(".", 1)[1])
