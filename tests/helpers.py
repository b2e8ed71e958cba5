"""Helpers shared by the tests: the repository's book copied and built, Sphinx test roots, page texts."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ROOTS = Path(__file__).resolve().parent / "roots"
ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
SEEDS = {
    "interbellum-2025-lavrov-no-limits": "000_0267c2e34f7a7b81.txt",
    "tehran-times-2020-lavrov-full-right": "002_0cddfd40f9bf4cb7.txt",
}
GENERATED = ["sources", "book.bib", "glossary.md", "timeline.md", "brief.md", "_build", ".briefbook-generated.json"]

#: The conf.py of every test root, as a dict (written by write_roots). Every root's sources are the
#: shared tests/roots/raw/ plus the root's own raw/ files, unless "shared_raw" is False.
ROOT_CONF: dict[str, dict] = {
    "minimal": {},
    "quotes": {},
    "glossary": {},
    "unicode": {
        "shared_raw": False,
        "latex_documents": [("index", "unicode.tex", "Unicode names", "briefbook tests", "manual")],
        "briefbook_marking": "TEST MARKING",
    },
}
BASE_CONF = {"extensions": ["briefbook"], "briefbook_sources": "raw", "exclude_patterns": ["_build", "raw"]}


def write_roots(dest: Path) -> Path:
    """Make the test roots in dest (test-NAME/ with conf.py from ROOT_CONF and raw/); returns dest."""
    for name, settings in ROOT_CONF.items():
        root = dest / f"test-{name}"
        shutil.copytree(ROOTS / f"test-{name}", root)
        settings = dict(settings)
        if settings.pop("shared_raw", True):
            shutil.copytree(ROOTS / "raw", root / "raw", dirs_exist_ok=True)
        write_conf(root, settings)
    return dest


def write_conf(root: Path, settings: dict) -> None:
    """root/conf.py: BASE_CONF updated with settings."""
    conf = {**BASE_CONF, **settings}
    (root / "conf.py").write_text("".join(f"{key} = {value!r}\n" for key, value in conf.items()))


def copy_book(dest: Path) -> Path:
    """Copy the hand-kept parts of the book (docs/ without generated files, sources/) into dest."""
    shutil.copytree(REPO / "sources", dest / "sources")
    shutil.copytree(REPO / "docs", dest / "docs",
                    ignore=lambda d, names: [n for n in names if Path(d) == REPO / "docs" and n in GENERATED])
    return dest


def tree_state(folder: Path) -> dict[str, bytes]:
    """Every file under folder and its bytes (to prove nothing changed)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build_copy(root: Path, fmt: str, *extra: str, **env: str) -> Path:
    """Build the book copied at root with the CLI in the given format (into root/out); returns root."""
    run = subprocess.run(
        [sys.executable, "-m", "briefbook.cli", "build", "-q", "--format", fmt, "--sources", str(root / "sources"),
         "--docs", str(root / "docs"), "--out", str(root / "out"), *extra],
        capture_output=True, text=True, env={**os.environ, **env},
    )
    assert run.returncode == 0, run.stderr
    return root


def para_texts(page) -> list[str]:
    """The text of each numbered paragraph of a built page (BeautifulSoup), without its ¶ link."""
    out = []
    for p in page.select("p.bb-para"):
        p.select_one("a.bb-paranum").extract()
        out.append(p.get_text().removeprefix(" "))
    return out


def line_events(fn, *args) -> int:
    """How many lines of Python a call runs: a measure of its work that does not depend on the machine."""
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        count += event == "line"
        return tracer

    sys.settrace(tracer)
    try:
        fn(*args)
    finally:
        sys.settrace(None)
    return count


def break_sources(book: Path, case: str) -> str | None:
    """Break a copied book's sources the way `case` says ("changed capture", "text without metadata");
    return the words of briefbook's message about it (None for any other case)."""
    if case == "changed capture":
        txt = book / "sources" / "interbellum-2025-lavrov-no-limits.txt"
        txt.write_bytes(txt.read_bytes().replace(b"Saturday", b"saturday"))
        return "interbellum-2025-lavrov-no-limits.txt: no longer matches the SHA-256 recorded"
    if case == "text without metadata":
        (book / "sources" / "stray.txt").write_text("Text.\n")
        return "stray.txt: has no metadata file beside it (stray.yaml)"
    return None
