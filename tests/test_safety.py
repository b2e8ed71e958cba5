"""Bad input and interrupted builds never lose data: the previous build and docs/ stay whole."""

from __future__ import annotations

import json
import resource
import signal
import subprocess
import sys
import time

import pytest

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
    index = book / "sources" / "judgments.yaml"
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
    stage = book / "out" / ".html.stage"
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


def run_cli(book, *extra, preexec=None) -> subprocess.CompletedProcess:
    """`briefbook build` in a process of its own (what the analyst runs)."""
    return subprocess.run([sys.executable, "-m", "briefbook.cli", *cli(book, *extra)], capture_output=True, text=True,
                          preexec_fn=preexec, timeout=600)


def refused(run: subprocess.CompletedProcess, *expected: str) -> None:
    assert run.returncode != 0
    assert "Traceback" not in run.stderr and "Exception occurred" not in run.stderr, run.stderr
    for part in expected:
        assert part in run.stderr, run.stderr


@pytest.fixture
def built(book):
    """The book built once; returns it with the state of its output (to prove a failure leaves it as it was)."""
    assert main(cli(book)) == 0
    return book, tree_state(book / "out" / "html")


@pytest.mark.parametrize("page", ["sources/tehran-times-2020-lavrov-full-right.md", "glossary.md"])
def test_a_hand_written_page_where_a_generated_one_goes_stops_the_build_with_one_message(built, page):
    book, before = built
    (book / "docs" / page).write_text("# My own page\n")
    run = run_cli(book)
    refused(run, f"{book / 'docs' / page}: exists and was not written by briefbook, so it is not replaced. Fix: ")
    assert (book / "docs" / page).read_text() == "# My own page\n"
    assert tree_state(book / "out" / "html") == before


def test_a_hand_kept_reference_with_a_sources_key_is_one_message(built):
    book, before = built
    bib = book / "sources" / "references.bib"
    bib.write_text(bib.read_text() + "\n@misc{tehran-times-2020, title={Same key}}\n")
    run = run_cli(book)
    refused(run, "references.bib: defines the key 'tehran-times-2020', which the captured source "
                 "tehran-times-2020-lavrov-full-right.yaml already uses.", "Fix: rename the hand-kept entry")
    assert tree_state(book / "out" / "html") == before


def _limit_file_size(size: int):
    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG), as on a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    return limit


@pytest.mark.parametrize("size, where", [(1_000_000, "copying the last build"), (1_900_000, "inside Sphinx")])
def test_a_disk_that_fills_up_leaves_the_last_build_and_no_staging_copy(built, size, where):
    book, before = built
    if where == "inside Sphinx":  # every file of the last build fits; the new source's doctree does not
        (book / "sources" / "big-2025.txt").write_text("".join(
            f"Paragraph {n}: the snapback restored the arms embargo under Chapter VII, said the E3.\n" for n in range(2500)))
        (book / "sources" / "big-2025.yaml").write_text("title: Big\noutlet: Big Daily\nurl: https://example.org/big\n"
                                                        "date: 2025\n")
    run = run_cli(book, preexec=_limit_file_size(size))
    refused(run, "could not be written (File too large). Fix: free space on that disk")
    assert tree_state(book / "out" / "html") == before, "the last good build, whole"
    # (and no manifest: the last build's described outputs this one might have replaced)
    assert sorted(p.name for p in (book / "out").iterdir()) == [".doctrees", ".doctrees.1", ".html.1", "html"]


def test_a_read_only_docs_folder_is_one_message(built, tmp_path):
    book, before = built
    meta = book / "sources" / "tehran-times-2020-lavrov-full-right.yaml"
    meta.write_text(meta.read_text().replace("(see the notes).", "(see the notes). Changed."))
    docs = book / "docs"
    shell = (f"mount --bind -o ro {docs} {docs} && exec {sys.executable} -m briefbook.cli "
             + " ".join(cli(book)))
    run = subprocess.run(["unshare", "-m", "sh", "-c", shell], capture_output=True, text=True, timeout=600)
    if "mount" in run.stderr and "briefbook" not in run.stderr:
        pytest.skip(f"no read-only mount here: {run.stderr.strip()}")
    # The first file briefbook writes into docs/ is the record of what it generates.
    refused(run, f"{docs / '.briefbook-generated.json'}: could not be written (Read-only file "
                 "system). Fix: make the folder writable")
    assert tree_state(book / "out" / "html") == before


def test_a_second_build_into_the_same_folder_waits_for_the_first(built):
    book, _ = built
    holder = subprocess.Popen([sys.executable, "-c", "import sys; from pathlib import Path; from briefbook.folderlock import "
                               "folder_lock\nwith folder_lock(Path(sys.argv[1])):\n print('held', flush=True); sys.stdin.read()",
                               str(book / "out")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    second = subprocess.Popen([sys.executable, "-m", "briefbook.cli", *cli(book)], stderr=subprocess.PIPE, text=True)
    first_line = second.stderr.readline()
    assert f"another build is writing into {book / 'out'}; waiting for it to finish" in first_line
    holder.stdin.close()
    holder.wait()
    assert second.wait(timeout=600) == 0, second.stderr.read()


def test_two_builds_into_the_same_folder_at_once_both_finish(built):
    book, _ = built
    meta = book / "sources" / "tehran-times-2020-lavrov-full-right.yaml"
    meta.write_text(meta.read_text().replace("(see the notes).", "(see the notes). Changed."))
    runs = [subprocess.Popen([sys.executable, "-m", "briefbook.cli", *cli(book)], stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    for run in runs:
        assert run.wait(timeout=600) == 0
        assert "Traceback" not in run.stderr.read()
    page = book / "out" / "html" / "sources" / "tehran-times-2020-lavrov-full-right.html"
    assert "Changed." in page.read_text()
    assert sorted(p.name for p in (book / "out").iterdir()) == [".doctrees", ".doctrees.3", ".html.3", "html",
                                                                 "manifest.json"]
