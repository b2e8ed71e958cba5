"""Fixtures: the repository's book copied and built once per run, Sphinx test roots, the browser."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import CHROMIUM, build_copy, copy_book, write_roots

pytest_plugins = ("sphinx.testing.fixtures",)

# Tests read Sphinx's messages as text; Sphinx colours them whenever CI=true (as CI sets it).
os.environ.setdefault("NO_COLOR", "1")



@pytest.fixture(scope="session")
def rootdir(tmp_path_factory) -> Path:
    """Where sphinx.testing finds the test roots: made once per run, conf.py from helpers.ROOT_CONF."""
    return write_roots(tmp_path_factory.mktemp("roots"))


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """A private copy of the repository's book to build and break."""
    return copy_book(tmp_path)


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """The repository's book, built once per test session (HTML) in a private copy; returns its root."""
    return build_copy(copy_book(tmp_path_factory.mktemp("book-html")), "html")


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
    return build_copy(copy_book(tmp_path_factory.mktemp("book-pdf")), "pdf", SOURCE_DATE_EPOCH="1763856000")
