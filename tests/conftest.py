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


def build_copy(tmp_path_factory, fmt: str, **env: str) -> Path:
    """A private copy of the repository's book, built with the CLI in the given format; returns its root."""
    import os
    import subprocess
    import sys

    root = copy_book(tmp_path_factory.mktemp(f"book-{fmt}"))
    run = subprocess.run(
        [sys.executable, "-m", "briefbook.cli", "build", "-q", "--format", fmt, "--sources", str(root / "sources"),
         "--docs", str(root / "docs"), "--out", str(root / "out")],
        capture_output=True, text=True, env={**os.environ, **env},
    )
    assert run.returncode == 0, run.stderr
    return root


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """The repository's book, built once per test session (HTML) in a private copy; returns its root."""
    return build_copy(tmp_path_factory, "html")


def para_texts(page) -> list[str]:
    """The text of each numbered paragraph of a built page (BeautifulSoup), without its ¶ link."""
    out = []
    for p in page.select("p.bb-para"):
        p.select_one("a.bb-paranum").extract()
        out.append(p.get_text().removeprefix(" "))
    return out


@pytest.fixture(scope="session")
def served_book(built_book):
    """The built HTML served on a loopback port; yields its base URL."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(built_book / "out" / "html"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "tests" / "artifacts"


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, headless, driven by Playwright (no browser download)."""
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is not installed: run scripts/setup.sh as root (it apt-installs chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page at desktop width; console errors are collected in page.console_errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.console_errors = []
    pg.on("console", lambda msg: pg.console_errors.append(msg.text) if msg.type == "error" else None)
    pg.on("pageerror", lambda exc: pg.console_errors.append(str(exc)))
    yield pg
    context.close()


@pytest.fixture(scope="session")
def built_pdf(tmp_path_factory) -> Path:
    """The repository's book built to PDF once per session (LuaLaTeX); returns the book root (out/pdf, out/latex)."""
    return build_copy(tmp_path_factory, "pdf", SOURCE_DATE_EPOCH="1763856000")
