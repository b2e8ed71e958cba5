"""The writer: atomic, only what changed, never over a hand-written file, stale pages removed."""

from __future__ import annotations

import errno
import os
import tempfile

import pytest

from briefbook.errors import BriefbookError
from briefbook.render import header
from briefbook.write import is_generated, sync, write_atomic, write_new

PAGE = header("test") + "# Page\n"


def test_writes_only_what_changed(tmp_path):
    target = tmp_path / "a.md"
    first = sync({target: PAGE}, [])
    mtime = target.stat().st_mtime_ns
    second = sync({target: PAGE}, [])
    assert first.written == [target] and second.written == [] and second.unchanged == [target]
    assert target.stat().st_mtime_ns == mtime


def test_never_replaces_a_hand_written_file(tmp_path):
    hand = tmp_path / "a.md"
    hand.write_text("# My own page\n")
    other = tmp_path / "b.md"
    with pytest.raises(BriefbookError) as info:
        sync({other: PAGE, hand: PAGE}, [])
    assert "a.md: exists and was not written by briefbook" in str(info.value)
    assert hand.read_text() == "# My own page\n"
    assert not other.exists(), "nothing is written when any target is refused"


def test_removes_stale_generated_pages_but_not_hand_written_ones(tmp_path):
    (tmp_path / "old.md").write_text(PAGE)
    (tmp_path / "mine.md").write_text("# mine\n")
    report = sync({tmp_path / "new.md": PAGE}, [tmp_path])
    assert report.removed == [tmp_path / "old.md"]
    assert (tmp_path / "mine.md").exists()


def test_a_failed_write_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "a.md"
    target.write_text("old")

    def boom(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"], "no temporary file is left behind"


def test_a_generated_file_changed_by_hand_is_never_replaced_or_removed(tmp_path):
    from briefbook.write import MANIFEST

    manifest = tmp_path / MANIFEST
    page, stale = tmp_path / "sources" / "a.md", tmp_path / "sources" / "b.md"
    sync({page: PAGE, stale: PAGE}, [tmp_path / "sources"], manifest=manifest)
    page.write_text(PAGE + "My note, added by hand.\n")
    stale.write_text(PAGE + "Another.\n")
    with pytest.raises(BriefbookError) as info:
        sync({page: PAGE + "New content.\n"}, [tmp_path / "sources"], manifest=manifest)
    assert [p.path for p in info.value.problems] == [page, stale]
    assert "was changed by hand since briefbook wrote it" in str(info.value)
    assert "My note, added by hand." in page.read_text() and stale.exists()


def test_a_killed_run_is_not_taken_for_a_hand_edit(tmp_path):
    from briefbook.write import MANIFEST

    manifest = tmp_path / MANIFEST
    page = tmp_path / "a.md"
    sync({page: PAGE}, [], manifest=manifest)
    # As if killed after writing the page, before the manifest's final write: both versions are recorded.
    import json

    during = json.loads(manifest.read_text())
    during["a.md"].append(__import__("hashlib").sha256((PAGE + "v2\n").encode()).hexdigest())
    manifest.write_text(json.dumps(during))
    page.write_text(PAGE + "v2\n")
    assert sync({page: PAGE + "v3\n"}, [], manifest=manifest).written == [page]


def test_a_page_that_only_mentions_the_marker_is_hand_written(tmp_path):
    mine = tmp_path / "notes.md"
    mine.write_text("# How pages marked briefbook:generated are made\n")
    quoted = tmp_path / "quoted.md"
    quoted.write_text(f"Our rule: never delete a line like {PAGE.splitlines()[0]}\n")
    report = sync({tmp_path / "new.md": PAGE}, [tmp_path])
    assert report.removed == [] and mine.exists() and quoted.exists()
    with pytest.raises(BriefbookError):
        sync({mine: PAGE}, [])
    assert is_generated(tmp_path / "new.md") and not is_generated(mine) and not is_generated(quoted)


def test_generated_files_follow_the_umask(tmp_path):
    old_file = tmp_path / "old.md"
    old_file.write_text(PAGE)
    old_file.chmod(0o600)  # as an older briefbook wrote it
    before = os.umask(0o027)
    try:
        sync({tmp_path / "a.md": PAGE, old_file: PAGE}, [])
        write_new(tmp_path / "b.yaml", b"title: x\n")
    finally:
        os.umask(before)
    assert {p.name: p.stat().st_mode & 0o777 for p in tmp_path.iterdir()} == {"a.md": 0o640, "old.md": 0o640,
                                                                             "b.yaml": 0o640}


@pytest.mark.parametrize("code, fix", [(errno.EROFS, "make the folder writable"), (errno.ENOSPC, "free space on that disk")])
def test_a_folder_that_cannot_be_written_is_one_problem(tmp_path, monkeypatch, code, fix):
    def refuse(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(BriefbookError) as info:
        sync({tmp_path / "sources" / "a.md": PAGE}, [])
    (problem,) = info.value.problems
    assert str(problem).startswith(f"{tmp_path / 'sources' / 'a.md'}: could not be written ({os.strerror(code)}).")
    assert fix in str(problem)
