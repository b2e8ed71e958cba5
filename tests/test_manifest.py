"""build/manifest.json lists every input and output with its real SHA-256; `briefbook verify` rebuilds and compares."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import sphinx

from briefbook.errors import BriefbookError
from briefbook.manifest import read_manifest
from helpers import build_copy, copy_book, tree_state

CAPTURE = "sources/interbellum-2025-lavrov-no-limits.txt"
META = "sources/interbellum-2025-lavrov-no-limits.yaml"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def html_book(tmp_path, monkeypatch) -> Path:
    """A copy of the book built to HTML (the date from the book, not from the environment)."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = copy_book(tmp_path / "book")
    inputs = files(root / "sources") | files(root / "docs")  # before the build writes the generated pages
    build_copy(root, "html")
    root.joinpath("inputs-before-build.json").write_text(json.dumps(sorted(str(p) for p in inputs)))
    return root


def verify(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefbook.cli", "verify", str(root / "out"), *args],
                          capture_output=True, text=True)


def test_the_manifest_lists_every_input_and_output_with_its_sha256(html_book):
    raw = (html_book / "out" / "manifest.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    assert raw.endswith("}\n") and raw == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert data["format"] == 1 and data["edition"] is None
    inputs = {Path(p) for p in json.loads((html_book / "inputs-before-build.json").read_text())}
    assert {html_book / rel for rel in data["inputs"]} == inputs
    assert {"sources/judgments.yaml", "sources/references.bib", "docs/conf.py", "docs/index.md", CAPTURE} \
        <= set(data["inputs"])
    assert not any(rel.startswith(("docs/sources/", "out/")) or rel.endswith(("glossary.md", "book.bib"))
                   for rel in data["inputs"]), "generated pages and outputs are not inputs"
    assert all(data["inputs"][rel] == sha(html_book / rel) for rel in data["inputs"])
    html = (html_book / "out" / "html").resolve()
    assert {html / rel.removeprefix("html/") for rel in data["outputs"]} == files(html) - {html / ".buildinfo"}
    assert all(data["outputs"][rel] == sha(html / rel.removeprefix("html/")) for rel in data["outputs"])
    # The book's date: conf.py's briefbook_as_of ("31 October 2025"), not the clock.
    assert data["build"]["formats"] == ["html"]
    assert data["build"]["source_date_epoch"] == dt.datetime(2025, 10, 31, tzinfo=dt.UTC).timestamp()
    assert "briefbook_as_of" in data["build"]["source_date_from"]
    assert data["tools"]["Sphinx"] == sphinx.__version__ and "LuaHBTeX" not in data["tools"], "no TeX for HTML"
    assert re.fullmatch(r"[0-9a-f]{64}", data["tools"]["briefbook code"])


def test_verify_finds_an_unchanged_book_identical(html_book):
    before = tree_state(html_book)
    run = verify(html_book)
    assert run.returncode == 0, run.stdout + run.stderr
    manifest = read_manifest(html_book / "out" / "manifest.json")
    assert sorted(re.findall(r"^identical: (.+)$", run.stdout, re.M)) == sorted(manifest.outputs)
    assert f"all {len(manifest.inputs)} identical" in run.stdout
    last = run.stdout.strip().splitlines()[-1]
    assert last.startswith("briefbook: verify: all ") and "outputs identical" in last
    assert tree_state(html_book) == before, "verify builds elsewhere: the book and its build folder are untouched"


def test_verify_reports_one_changed_byte_of_a_capture(html_book):
    capture, meta = html_book / CAPTURE, html_book / META
    data = capture.read_bytes()
    assert data.count(b"\n2 min read\n") == 1  # a line set aside, listed on the source's page
    capture.write_bytes(data.replace(b"\n2 min read\n", b"\n3 min read\n"))
    # The capture no longer matches the SHA-256 in its metadata: the rebuild is refused, the file named.
    run = verify(html_book)
    assert run.returncode == 1
    assert f"input changed: {CAPTURE}" in run.stdout and "input changed: sources/" not in run.stdout.replace(
        f"input changed: {CAPTURE}", "")
    assert f"{html_book / CAPTURE}: no longer matches the SHA-256" in run.stderr, run.stderr
    assert "the rebuild failed" in run.stdout and "Traceback" not in run.stderr
    # Recorded as deliberate (the new SHA-256 in the metadata): the rebuild differs in the pages showing it.
    meta.write_text(re.sub(r"(?m)^sha256: .*$", f"sha256: {sha(capture)}", meta.read_text()))
    run = verify(html_book)
    assert run.returncode == 1
    assert f"input changed: {CAPTURE}" in run.stdout and f"input changed: {META}" in run.stdout
    changed = set(re.findall(r"^output differs: (.+)$", run.stdout, re.M))
    assert "html/sources/interbellum-2025-lavrov-no-limits.html" in changed
    assert "identical: html/sources/tehran-times-2020-lavrov-full-right.html" in run.stdout
    assert re.search(r"verify: NOT identical .*: 2 input\(s\) differ .*; \d+ of \d+ outputs differ",
                     run.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("content, words", [
    (None, "manifest.json: does not exist."),
    ("{not json", "manifest.json: is not a briefbook manifest: it is not JSON"),
    ('{"format": 1, "inputs": [], "outputs": {}, "tools": {}, "build": {"formats": ["html"], '
     '"source_date_epoch": 0}, "project": {"sources": "sources", "docs": "docs"}}',
     'manifest.json: is not a briefbook manifest: expected "inputs" to map each file to its SHA-256.'),
    ('{"format": 1, "build": {"formats": ["epub"], "source_date_epoch": 0}}',
     'manifest.json: is not a briefbook manifest: expected "build" with "formats"'),
])
def test_a_missing_or_damaged_manifest_is_one_message(tmp_path, content, words):
    root = copy_book(tmp_path)
    (root / "out").mkdir()
    if content is not None:
        (root / "out" / "manifest.json").write_text(content)
    run = verify(root)
    assert run.returncode == 1
    problems = [line for line in run.stderr.splitlines() if not line.startswith("briefbook: ")]
    assert len(problems) == 1 and words in problems[0] and " Fix: " in problems[0], run.stderr
    assert "Traceback" not in run.stderr
    with pytest.raises(BriefbookError):
        read_manifest(root / "out" / "manifest.json")
