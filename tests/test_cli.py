"""The command line: clear messages on stderr, exit codes, no tracebacks, nothing half-written."""

from __future__ import annotations

import subprocess
import sys

from briefbook.cli import main
from briefbook.load import load_sources
from helpers import REPO, tree_state


def test_check_passes_on_the_book(capsys):
    assert main(["check", "--sources", str(REPO / "sources")]) == 0
    assert "2 sources" in capsys.readouterr().out


def test_check_lists_every_problem_and_exits_1(book, capsys):
    (book / "sources" / "stray.txt").write_text("text\n")
    meta = book / "sources" / "interbellum-2025-lavrov-no-limits.yaml"
    meta.write_text(meta.read_text() + "colour: red\n")
    assert main(["check", "--sources", str(book / "sources")]) == 1
    err = capsys.readouterr().err
    assert "stray.txt: has no metadata file beside it" in err
    assert "interbellum-2025-lavrov-no-limits.yaml:" in err and "unknown key 'colour'" in err
    assert "2 problems found" in err


def test_errors_come_without_traceback_from_the_real_command(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\xff\xfe bad")
    (tmp_path / "a.yaml").write_text("title: t\n")
    run = subprocess.run([sys.executable, "-m", "briefbook.cli", "check", "--sources", str(tmp_path)],
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert "a.txt:1: is not UTF-8 text" in run.stderr
    assert "the required key 'outlet' is missing" in run.stderr
    assert "Traceback" not in run.stderr


def test_add_copies_the_text_and_writes_valid_metadata(tmp_path):
    captured = tmp_path / "capture.txt"
    captured.write_bytes("Headline\n\nA “quoted” body.\n".encode())
    sources = tmp_path / "sources"
    args = ["add", str(captured), "--sources", str(sources), "--title", "Headline", "--outlet", "The Daily",
            "--url", "https://example.org/h", "--date", "2024-05"]
    assert main(args) == 0
    (src,) = load_sources(sources)
    assert src.txt_path.read_bytes() == captured.read_bytes()
    assert src.meta.sha256 == src.sha256 and src.meta.date.iso() == "2024-05"
    assert src.slug == "the-daily-2024-headline"


def test_add_never_overwrites_and_rejects_bad_metadata(tmp_path, capsys):
    captured = tmp_path / "capture.txt"
    captured.write_text("Body.\n")
    sources = tmp_path / "sources"
    base = ["add", str(captured), "--sources", str(sources), "--title", "T", "--outlet", "O", "--url", "https://o.example/"]
    assert main([*base, "--date", "2024-13-01"]) == 1
    assert "--date" in capsys.readouterr().err and not sources.exists()
    assert main([*base, "--date", "2024", "--slug", "o-2024"]) == 0
    before = tree_state(sources)
    captured.write_text("Another body.\n")
    assert main([*base[:-1], "https://o.example/other", "--date", "2023", "--slug", "o-2024"]) == 1
    assert "already exists; briefbook add never replaces a source" in capsys.readouterr().err
    assert tree_state(sources) == before


def test_build_refuses_bad_sources_before_touching_anything(book, capsys):
    (book / "sources" / "orphan.yaml").write_text("title: x\n")
    before = tree_state(book)
    status = main(["build", "--sources", str(book / "sources"), "--docs", str(book / "docs"), "--out", str(book / "out")])
    assert status == 1
    assert "orphan.yaml: has no captured text beside it" in capsys.readouterr().err
    assert tree_state(book) == before


def test_build_html_into_out(book):
    status = main(["build", "-q", "--sources", str(book / "sources"), "--docs", str(book / "docs"),
                   "--out", str(book / "out"), "--format", "html"])
    assert status == 0
    assert (book / "out" / "html" / "sources" / "tehran-times-2020-lavrov-full-right.html").exists()


def test_a_folder_that_cannot_be_written_is_one_message_for_add(tmp_path, capsys, monkeypatch):
    import errno
    import os
    import tempfile

    captured = tmp_path / "capture.txt"
    captured.write_text("Headline\n\nA body.\n")
    sources = tmp_path / "sources"
    sources.mkdir()

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(sources))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    assert main(["add", str(captured), "--sources", str(sources), "--title", "Headline", "--outlet", "The Daily",
                 "--url", "https://example.org/h", "--date", "2024-05"]) == 1
    err = capsys.readouterr().err
    assert f"{sources}: could not be written (Permission denied). Fix: make the folder writable" in err
    assert "Traceback" not in err and list(sources.iterdir()) == []
