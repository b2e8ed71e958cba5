"""Bad input and interrupted builds never lose data: the previous build and docs/ stay whole."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

from briefbook.cli import main
from briefbook.generate import load_book, render_book
from briefbook.write import MANIFEST
from helpers import tree_state


def cli(book, *extra):
    return ["build", "-q", "--format", "html", "--sources", str(book / "sources"), "--docs", str(book / "docs"),
            "--out", str(book / "out"), *extra]


def test_a_failing_build_leaves_the_previous_build_as_it_was(book, capsys):
    assert main(cli(book)) == 0
    before = tree_state(book / "out")
    index = book / "docs" / "index.md"
    index.write_text(index.read_text().replace("we are currently supplying Iran", "we are now supplying Iran"))
    assert main(cli(book)) != 0
    assert "quotation not found in Inter Bellum News 2025, ¶3" in capsys.readouterr().err
    assert tree_state(book / "out") == before, "the previous HTML and cache are untouched"
    # The failure is not hidden by a half-updated cache: it comes back until it is fixed.
    assert main(cli(book)) != 0
    index.write_text(index.read_text().replace("we are now supplying Iran", "we are currently supplying Iran"))
    assert main(cli(book)) == 0


def test_a_killed_build_leaves_no_half_written_file(book):
    assert main(cli(book)) == 0
    before = tree_state(book / "out" / "html")
    old_docs = tree_state(book / "docs")
    meta = book / "sources" / "tehran-times-2020-lavrov-full-right.yaml"
    meta.write_text(meta.read_text().replace("(see the notes).", "(see the notes). Changed."))
    proc = subprocess.Popen([sys.executable, "-m", "briefbook.cli", *cli(book)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    stage = book / "out" / ".html.new"
    deadline = time.monotonic() + 60
    while proc.poll() is None and not stage.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)  # into Sphinx's run
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    page = book / "out" / "html" / "sources" / "tehran-times-2020-lavrov-full-right.html"
    if proc.returncode == -signal.SIGKILL:
        assert tree_state(book / "out" / "html") == before, "killed: the published build is the old one, whole"
    else:  # it finished before the kill: the new build, whole
        assert proc.returncode == 0 and "Changed." in page.read_text()
    new_docs = {str(p.relative_to(book / "docs")): c.encode()
                for p, c in render_book(load_book(book / "sources"), book / "sources", book / "docs").items()}
    for name, content in tree_state(book / "docs").items():
        if name.endswith(".tmp"):
            continue  # a temporary file of the killed run, never read by Sphinx (removed by the next run)
        if name == MANIFEST:
            assert json.loads(content), "the record of what briefbook wrote is whole"
            continue
        assert content in (old_docs.get(name), new_docs.get(name)), f"{name} is whole: old or new, never half"
    assert main(cli(book)) == 0
    assert not list((book / "docs").rglob(".*.tmp"))
    assert "Changed." in (book / "out" / "html" / "sources" / "tehran-times-2020-lavrov-full-right.html").read_text()
