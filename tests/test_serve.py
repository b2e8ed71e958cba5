"""`briefbook serve`: live preview that rebuilds when a source's metadata changes (sphinx-autobuild), not on its
own generated files, and shows a build's problems on the served pages until they are fixed."""

from __future__ import annotations

import html
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from helpers import break_sources


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode()
    except OSError:
        return ""


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


def test_serve_rebuilds_when_a_source_changes(book):
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "briefbook.cli", "serve", "--port", str(port)], cwd=book,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/sources/tehran-times-2020-lavrov-full-right.html"
    try:
        assert wait_for(lambda: "Tehran Times" in fetch(url), 90), "the preview came up"
        assert "livereload" in fetch(url).lower() or "websocket" in fetch(url).lower(), "the page reloads itself"
        meta = book / "sources" / "tehran-times-2020-lavrov-full-right.yaml"
        meta.write_text(meta.read_text().replace("(see the notes).", "(see the notes). Edited live."))
        assert wait_for(lambda: "Edited live." in fetch(url), 60), "the change was rebuilt"
    finally:
        server.terminate()
        server.wait(timeout=20)


@contextmanager
def serving(book: Path):
    """`briefbook serve` on a free port in the book's folder; yields (base URL, a function returning its output)."""
    port = free_port()
    log = book / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen([sys.executable, "-m", "briefbook.cli", "serve", "--port", str(port)], cwd=book,
                                  stdout=out, stderr=subprocess.STDOUT, text=True)
        try:
            yield f"http://127.0.0.1:{port}", lambda: log.read_text(errors="replace")
        finally:
            server.terminate()
            server.wait(timeout=20)


def built(output, builds: int) -> bool:
    """Whether the preview has finished its build after `builds` earlier ones (the browser reloads then)."""
    log = output()
    return log.count("Rebuilding...") > builds and "Serving on" in log.rsplit("Rebuilding...", 1)[1]


def test_serve_shows_a_builds_problems_on_the_page_until_they_are_fixed(book):
    meta = book / "sources" / "tehran-times-2020-lavrov-full-right.yaml"
    index = book / "docs" / "index.md"
    with serving(book) as (base, output):
        url = f"{base}/sources/tehran-times-2020-lavrov-full-right.html"
        assert wait_for(lambda: "Tehran Times" in fetch(url), 90), output()
        assert "briefbook-preview-errors" not in fetch(url)
        builds = output().count("Rebuilding...")
        meta.write_text(meta.read_text().replace("{quote}`Back in October, <tehran-times-2020:6>`, but", '"back in October". But'))
        assert wait_for(lambda: built(output, builds), 60), output()
        message = "quotation not found in Tehran Times 2020, ¶6: “back in October”"
        assert html.escape(message, quote=False) in fetch(url)
        assert "The last build failed" in fetch(url) and "The last build failed" in fetch(f"{base}/glossary.html")
        time.sleep(8)  # time enough for a rebuild triggered by briefbook's own files
        log = output()
        assert message in log
        assert "build succeeded" not in log.split(message, 1)[1], "no later build hides the problem"
        assert "Detected changes (docs" not in log, "briefbook's generated pages start no build"
        assert "briefbook-preview-errors" in fetch(url)
        builds = output().count("Rebuilding...")
        meta.write_text(meta.read_text().replace('"back in October". But', "{quote}`Back in October, <tehran-times-2020:6>`, but"))
        assert wait_for(lambda: built(output, builds), 90), output()
        assert "briefbook-preview-errors" not in fetch(url) and "Tehran Times" in fetch(url)
        assert "briefbook-preview-errors" not in fetch(f"{base}/glossary.html")
        # A problem only Sphinx finds (a label that does not exist) stays shown through a rebuild for another change.
        builds = output().count("Rebuilding...")
        index.write_text(index.read_text().replace("is dropped unseen.", "is dropped unseen ({ref}`no-label`)."))
        assert wait_for(lambda: built(output, builds), 60), output()
        assert "undefined label: &#x27;no-label&#x27;" in fetch(url)
        builds = output().count("Rebuilding...")
        meta.write_text(meta.read_text().replace("(see the notes).", "(see the notes). Edited live."))
        assert wait_for(lambda: built(output, builds), 60), output()
        assert "Edited live." in fetch(url)
        assert "undefined label: &#x27;no-label&#x27;" in fetch(url), "the rebuild did not hide it"
        assert "build succeeded" not in output().rsplit("Rebuilding...", 1)[1]
        builds = output().count("Rebuilding...")
        index.write_text(index.read_text().replace(" ({ref}`no-label`)", ""))
        assert wait_for(lambda: built(output, builds), 60), output()
        assert "briefbook-preview-errors" not in fetch(url)


@pytest.mark.parametrize("case", ["changed capture", "text without metadata", "hand-edited generated page"])
def test_serve_shows_briefbooks_message_for_bad_input_without_a_traceback(book, case):
    said = break_sources(book, case)
    if said is None:
        (book / "docs" / "glossary.md").write_text("# My glossary, edited by hand\n")
        said = "glossary.md: exists and was not written by briefbook, so it is not replaced"
    with serving(book) as (base, output):
        assert wait_for(lambda: said in fetch(f"{base}/index.html"), 60), output()
        assert "The last build failed" in fetch(f"{base}/index.html")
        log = output()
        assert said in log and "Sphinx exited with exit code: 2" in log
        for noise in ("Traceback", "Extension error", "has no attribute"):
            assert noise not in log, log


@pytest.mark.browser
def test_the_previews_reload_script_runs_under_the_pages_policy(book, browser):
    with serving(book) as (base, output):
        url = f"{base}/sources/tehran-times-2020-lavrov-full-right.html"
        assert wait_for(lambda: "Tehran Times" in fetch(url), 90), output()
        page = browser.new_page()
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.goto(url)
        page.wait_for_load_state("load")
        assert page.evaluate("typeof ws") == "object", "sphinx-autobuild's reload socket was opened"
        assert not [e for e in errors if "Content Security Policy" in e], errors
        page.close()
