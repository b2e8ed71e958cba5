"""Lint and types: ruff on the package and the tests, mypy on the package (settings in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys

from helpers import REPO


def test_ruff_is_clean():
    run = subprocess.run([sys.executable, "-m", "ruff", "check", "src", "tests"], cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_mypy_is_clean():
    run = subprocess.run([sys.executable, "-m", "mypy"], cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
