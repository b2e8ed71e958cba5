"""`briefbook init`: a new book that builds at once, from any folder; the tool installed from a wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from briefbook import __version__
from briefbook.cli import main
from helpers import REPO, tree_state


def briefbook(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefbook.cli", *args], cwd=cwd, capture_output=True, text=True)


def test_a_new_book_builds_warning_free_with_every_part_in_the_navigation(tmp_path):
    made = briefbook("init", "my-book", "--marking", "OFFICIAL", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    book = tmp_path / "my-book"
    built = briefbook("build", "--format", "html", cwd=book)
    assert built.returncode == 0, built.stderr
    index = BeautifulSoup((book / "build" / "html" / "index.html").read_text(), "html.parser")
    assert index.select_one("h1").get_text().startswith("My book")
    nav = {a["href"] for a in index.select("nav.bd-docs-nav a.reference.internal")}
    assert {"sources/index.html", "timeline.html", "glossary.html", "references.html"} <= nav, nav
    conf = (book / "docs" / "conf.py").read_text()
    assert 'extensions = ["briefbook"]' in conf and "briefbook_marking = 'OFFICIAL'" in conf
    assert "toctree" not in (book / "docs" / "index.md").read_text(), "nothing is added to a toctree by hand"


@pytest.mark.pdf
def test_a_new_book_with_one_capture_builds_html_and_pdf_with_no_flags(tmp_path):
    assert briefbook("init", "book", cwd=tmp_path).returncode == 0
    book = tmp_path / "book"
    added = briefbook("add", str(REPO / "tests" / "fixtures" / "news-page.html"), cwd=book)
    assert added.returncode == 0, added.stderr
    built = briefbook("build", cwd=book)
    assert built.returncode == 0, built.stderr
    assert (book / "build" / "html" / "index.html").exists() and (book / "build" / "pdf" / "briefing-book.pdf").exists()


def test_init_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    before = tree_state(tmp_path)
    assert main(["init", str(tmp_path)]) == 1
    assert "is not empty" in capsys.readouterr().err
    assert tree_state(tmp_path) == before


def test_github_pages_workflow_is_optional_and_valid(tmp_path):
    assert main(["init", str(tmp_path / "a")]) == 0
    assert not (tmp_path / "a" / ".github").exists()
    assert main(["init", str(tmp_path / "b"), "--github-pages"]) == 0
    flow = yaml.safe_load((tmp_path / "b" / ".github" / "workflows" / "pages.yml").read_text())
    steps = " ".join(str(step) for step in flow["jobs"]["build"]["steps"])
    assert "briefbook build --format html" in steps and f"briefbook=={__version__}" in steps


def test_the_books_sources_readme_is_the_one_init_writes():
    assert (REPO / "sources" / "README.md").read_text() == \
        (REPO / "src" / "briefbook" / "data" / "init" / "sources-README.md").read_text()


def test_version(capsys):
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.strip() == f"briefbook {__version__}"


def test_the_wheel_carries_the_extension_its_static_files_and_init_templates(tmp_path):
    run = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                          str(tmp_path), str(REPO)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    wheel = next(tmp_path.glob("briefbook-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ["briefbook/__init__.py", "briefbook/sphinx/__init__.py", "briefbook/static/briefbook.css",
                   "briefbook/static/favicon.svg", "briefbook/data/system-packages.txt",
                   "briefbook/data/init/conf.py.in", "briefbook/data/init/sources-README.md"]:
        assert needed in names, needed
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "briefbook = briefbook.cli:main" in zipfile.ZipFile(wheel).read(entry).decode()
