"""Publishing: a kill at any step leaves a whole build at OUT/html, the old one or the new one.

Each test publishes a new build in a process of its own that kills itself (SIGKILL) right after
its k-th change to the file system (a rename, a link, a removal), for every k until the run
completes; after each kill OUT/html must be whole, and the next run must publish and tidy up.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from briefbook import publish
from helpers import tree_state

KILLING_PUBLISH = r"""
import os, signal, sys
from pathlib import Path
from briefbook import publish

out, version, kill_at = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
stage = publish.stage(out, "html")
(stage / "index.html").write_text(version)
(stage / "sub").mkdir(exist_ok=True)
(stage / "sub" / "page.html").write_text(version)
changes = 0

def counted(change):
    def run(*args, **kwargs):
        global changes
        result = change(*args, **kwargs)
        changes += 1
        if changes == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        return result
    return run

for name in ("rename", "replace", "symlink", "unlink", "rmdir"):
    setattr(os, name, counted(getattr(os, name)))
publish._exchange = counted(publish._exchange)
publish.publish(stage, out, "html")
print(changes)
"""


def run_publish(out: Path, version: str, kill_at: int = 0) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", KILLING_PUBLISH, str(out), version, str(kill_at)],
                          capture_output=True, text=True, timeout=60)


def whole(out: Path) -> str:
    """The version OUT/html shows, after checking every file of it is of that one version."""
    state = tree_state(out / "html")
    assert set(state) == {"index.html", "sub/page.html"}, state
    versions = set(state.values())
    assert len(versions) == 1, f"a mixed build: {state}"
    return versions.pop().decode()


def tidy(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir())


@pytest.mark.parametrize("legacy", [False, True], ids=["link", "plain-folder"])
def test_a_kill_at_every_step_of_publishing_leaves_a_whole_build(tmp_path, legacy):
    steps, k = None, 1
    while steps is None or k <= steps:
        out = tmp_path / f"kill-{k}"
        out.mkdir()
        if legacy:  # OUT/html as an older briefbook left it: a plain folder
            (out / "html" / "sub").mkdir(parents=True)
            (out / "html" / "index.html").write_text("old")
            (out / "html" / "sub" / "page.html").write_text("old")
        else:
            assert run_publish(out, "old").returncode == 0
        assert whole(out) == "old"
        run = run_publish(out, "new", kill_at=k)
        if run.returncode == 0:  # it made fewer changes than k: every step has been tried
            steps = int(run.stdout)
            assert whole(out) == "new"
            break
        assert run.returncode == -signal.SIGKILL, run.stderr
        assert whole(out) in ("old", "new"), f"killed after change {k}"
        assert run_publish(out, "next").returncode == 0, "the next build publishes"
        assert whole(out) == "next"
        numbered = [name for name in tidy(out) if name != "html"]
        assert len(numbered) == 1 and (out / "html").resolve().name == numbered[0], f"leftovers: {tidy(out)}"
        k += 1
    assert steps is not None and k > 3, "publishing was interrupted at every one of its steps"


def test_a_failed_build_is_discarded_and_the_published_one_stays(tmp_path):
    assert run_publish(tmp_path, "old").returncode == 0
    stage = publish.stage(tmp_path, "html")
    (stage / "index.html").write_text("half")
    publish.discard(stage)
    assert whole(tmp_path) == "old" and not stage.exists()


def test_the_stage_starts_as_a_copy_of_the_published_build(tmp_path):
    assert run_publish(tmp_path, "old").returncode == 0
    stage = publish.stage(tmp_path, "html")
    assert tree_state(stage) == tree_state(tmp_path / "html")
    assert (tmp_path / "html").is_symlink() and stage.name == ".html.stage"
