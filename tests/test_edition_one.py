"""The repository's book is published as its first edition, and a fresh clone of that edition verifies byte for byte."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import REPO

pytestmark = pytest.mark.pdf
EDITION = "editions/2025-10-31"


def git(*args: str, cwd: Path = REPO) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()


def test_the_first_book_is_published_as_edition_1():
    record = json.loads((REPO / EDITION / "edition.json").read_text())
    assert (record["number"], record["revision"], record["date"], record["errata"]) == (1, 0, "2025-10-31", [])
    manifest = json.loads((REPO / EDITION / "manifest.json").read_text())
    assert manifest["edition"] == {"number": 1, "revision": 0, "date": "2025-10-31", "published": True}
    assert manifest["build"]["formats"] == ["html", "pdf", "brief", "packs"]
    assert {"pdf/briefing-book.pdf", "pdf/brief.pdf", "html/index.html"} <= set(manifest["outputs"])
    snapshot = json.loads((REPO / EDITION / "snapshot.json").read_text())
    assert set(snapshot["sources"]) == {"tehran-times-2020", "inter-bellum-news-2025"}


def test_a_fresh_clone_of_the_published_edition_verifies_identical(tmp_path):
    """`briefbook verify` in a clone checked out at the commit that published the edition (its code and
    its inputs): every input, and every output rebuilt (HTML, the book, the brief, the packs), identical."""
    commit = git("log", "--diff-filter=A", "--format=%H", "-1", "--", f"{EDITION}/manifest.json")
    assert commit, "the edition's manifest is committed"
    clone = tmp_path / "clone"
    git("clone", "-q", str(REPO), str(clone), cwd=tmp_path)
    git("checkout", "-q", commit, cwd=clone)
    env = {**os.environ, "PYTHONPATH": str(clone / "src")}  # that commit's briefbook, not the working tree's
    env.pop("SOURCE_DATE_EPOCH", None)
    run = subprocess.run([sys.executable, "-m", "briefbook.cli", "verify", EDITION], cwd=clone, env=env,
                         capture_output=True, text=True)
    out = run.stdout + run.stderr
    assert run.returncode == 0, out
    lines = out.splitlines()
    assert not [line for line in lines if line.startswith(("input ", "output ", "the rebuild failed"))], out
    assert "inputs: all" in out and "identical: pdf/briefing-book.pdf" in out and "identical: html/index.html" in out
    assert any(line.startswith("briefbook: verify: all ") and "outputs identical to" in line for line in lines), out
