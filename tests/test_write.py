"""The writer: atomic, only what changed, never over a hand-written file, stale pages removed."""

from __future__ import annotations

import os

import pytest

from briefbook.errors import BriefbookError
from briefbook.write import MARK, sync, write_atomic

PAGE = f"% {MARK} from test\n# Page\n"


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
