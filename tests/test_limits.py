"""limits: only regular, single-linked files of the sources folder are read, each within its size; pages are bounded.

Every refusal is one message naming the file (and line), checked through `briefbook check` in a
real process: no hang, no traceback, nothing read.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from briefbook.book import load_book
from briefbook.errors import BriefbookError
from briefbook.limits import MAX_BLOCKS, MAX_TEXT_BYTES, file_problem, read_input

META = "title: A headline\noutlet: The Daily\nurl: https://example.org/a\ndate: 2024-03-05\n"


def source(folder: Path, slug: str = "daily-2024-a", text: str = "Body text.\n", meta: str = META) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / f"{slug}.txt").write_text(text, encoding="utf-8")
    (folder / f"{slug}.yaml").write_text(meta, encoding="utf-8")
    return folder


def check(folder: Path) -> subprocess.CompletedProcess:
    """`briefbook check` in a process of its own, which must end within a minute (a FIFO used to hang it)."""
    return subprocess.run([sys.executable, "-m", "briefbook.cli", "check", "--sources", str(folder)],
                          capture_output=True, text=True, timeout=60)


def refused(folder: Path, *expected: str) -> str:
    run = check(folder)
    assert run.returncode == 1, run.stdout
    assert "Traceback" not in run.stderr and "MemoryError" not in run.stderr
    for part in expected:
        assert part in run.stderr, run.stderr
    return run.stderr


def test_a_named_pipe_named_like_a_source_is_refused_without_waiting(tmp_path):
    folder = source(tmp_path / "s")
    (folder / "daily-2024-a.txt").unlink()
    os.mkfifo(folder / "daily-2024-a.txt")
    refused(folder, "daily-2024-a.txt: is a named pipe (FIFO), not a regular file", "Fix: remove it")


def test_a_named_pipe_as_the_glossary_is_refused(tmp_path):
    folder = source(tmp_path / "s")
    os.mkfifo(folder / "glossary.yaml")
    refused(folder, "glossary.yaml: is a named pipe (FIFO)")


def test_a_device_node_is_refused(tmp_path):
    folder = source(tmp_path / "s")
    (folder / "daily-2024-a.txt").unlink()
    try:
        os.mknod(folder / "daily-2024-a.txt", stat.S_IFCHR | 0o600, os.makedev(1, 5))  # what /dev/zero is
    except PermissionError:
        pytest.skip("making a device node needs root")
    refused(folder, "daily-2024-a.txt: is a character device, not a regular file")


@pytest.mark.parametrize("mode, kind", [(stat.S_IFBLK, "a block device"), (stat.S_IFSOCK, "a socket"),
                                        (stat.S_IFIFO, "a named pipe (FIFO)"), (stat.S_IFDIR, "a folder")])
def test_every_kind_of_non_file_is_named(tmp_path, mode, kind):
    st = os.stat_result((mode | 0o644, 1, 1, 1, 0, 0, 0, 0, 0, 0))
    problem = file_problem(tmp_path / "x.txt", st)
    assert problem is not None and problem.message.startswith(f"is {kind}, not a regular file")


def test_a_hard_link_to_a_file_outside_the_sources_is_not_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0 the password file\n")
    folder = source(tmp_path / "s")
    (folder / "daily-2024-a.txt").unlink()
    os.link(secret, folder / "daily-2024-a.txt")
    err = refused(folder, "daily-2024-a.txt: has 2 hard links, so it may be a file outside the sources folder",
                  "Fix: replace it with a copy of its own: `cp")
    assert "root:x:0:0" not in err
    with pytest.raises(BriefbookError):
        read_input(folder / "daily-2024-a.txt")


def test_a_file_on_another_disk_is_refused(tmp_path):
    here = os.stat(tmp_path)
    st = os.stat_result((stat.S_IFREG | 0o644, 1, here.st_dev + 1, 1, 0, 0, 10, 0, 0, 0))
    problem = file_problem(tmp_path / "x.txt", st)
    assert problem is not None and "is on another disk than the sources folder" in problem.message


def test_a_50_megabyte_capture_is_refused_at_once_unread(tmp_path, monkeypatch):
    folder = source(tmp_path / "s")
    with open(folder / "daily-2024-a.txt", "wb") as fh:
        fh.truncate(50_000_000)  # sparse: 50 MB long, nothing written
    refused(folder, f"daily-2024-a.txt: is 50,000,000 bytes; briefbook reads at most {MAX_TEXT_BYTES:,} bytes",
            "Fix: split the capture into several sources")

    def no_reading(*args):
        raise AssertionError("the file was opened")

    monkeypatch.setattr(os, "open", no_reading)
    with pytest.raises(BriefbookError):
        read_input(folder / "daily-2024-a.txt")


def test_a_file_that_grows_past_the_limit_while_read_is_refused(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 100)
    with pytest.raises(BriefbookError) as info:
        read_input(path, limit=50)
    assert "is 100 bytes; briefbook reads at most 50 bytes" in str(info.value)


def test_100000_short_paragraphs_are_refused_naming_the_line_past_the_limit(tmp_path):
    text = "".join(f"Paragraph {n} of a very long capture.\n\n" for n in range(1, 100_001))
    assert len(text.encode()) < MAX_TEXT_BYTES, "small enough to read: the page limit refuses it"
    folder = source(tmp_path / "s", text=text)
    refused(folder, f"daily-2024-a.txt:{2 * MAX_BLOCKS + 1}: has 100,000 paragraphs and 0 lines set aside; one source's "
                    f"page shows at most {MAX_BLOCKS:,} of them together.", "Fix: split the capture into several sources")


def test_a_page_at_the_limit_is_accepted(tmp_path):
    text = "".join(f"Paragraph {n}.\n" for n in range(1, MAX_BLOCKS + 1))
    book = load_book(source(tmp_path / "s", text=text))
    assert len(book.sources[0][1].paragraphs) == MAX_BLOCKS


def test_a_merge_key_bomb_is_refused_before_it_is_built(tmp_path):
    bomb = "a: &a [x]\n" + "".join(f"m{i}: &m{i}\n  <<: [{', '.join(['*' + ('a' if i == 0 else f'm{i - 1}')] * 9)}]\n"
                                   for i in range(8))
    folder = source(tmp_path / "s", meta=META + bomb)
    assert len(bomb) < 700
    refused(folder, "daily-2024-a.yaml:", "which briefbook does not accept", "no anchors, aliases or << merges")


def test_a_key_given_twice_is_refused_not_silently_replaced(tmp_path):
    folder = source(tmp_path / "s", meta=META + "title: Another headline\n")
    refused(folder, "daily-2024-a.yaml:5: uses the key 'title' a second time in the same mapping")


@pytest.mark.parametrize("name, expected", [
    ("index", "index.txt: has a name briefbook cannot use: 'index' is the name of one of the book's own pages."),
    ("Daily-2024", "Daily-2024.txt: has a name briefbook cannot use: 'Daily-2024' is not a usable page name."),
    (".daily-2024", ".daily-2024.txt: is hidden (its name starts with a dot), so it would be left out of the book."),
    ("daily-2024\n", "daily-2024\\n.txt: has a line break or another control character in its name"),
])
def test_reserved_hidden_and_malformed_names_are_refused(tmp_path, name, expected):
    folder = source(tmp_path / "s", slug=name)
    refused(folder, expected, "Fix: ")
