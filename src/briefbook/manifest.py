"""build/manifest.json: what a build was made from (every input's SHA-256, the tools) and what it made
(every output's SHA-256), so that `briefbook verify` can make it again and compare (no Sphinx).

    {"format": 1, "edition": null or {...},
     "project": {"sources": "sources", "docs": "docs"},       the folders, relative to the project root
     "inputs": {"docs/conf.py": "<sha256>", "sources/x.txt": "<sha256>", ...},
     "tools": {"briefbook": "0.2.0", "briefbook code": "<sha256>", "Sphinx": "9.0.4", ..., "LuaHBTeX": ...},
     "build": {"formats": ["html", "pdf", "brief", "packs"], "source_date_epoch": 1761868800,
               "source_date_from": "briefbook_as_of in conf.py (31 October 2025)"},
     "outputs": {"html/index.html": "<sha256>", "pdf/brief.pdf": "<sha256>", ...}}

The project root is the folder the sources folder is in (for this repository's book, the repository).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import BriefbookError, Problem
from .write import MANIFEST as GENERATED_RECORD
from .write import is_generated, write_atomic

FORMAT = 1
FILENAME = "manifest.json"
#: The products a build can list: the HTML book and the three kinds of PDF (products.PRINT_FORMATS).
FORMATS = ("html", "pdf", "brief", "packs")
#: Folders of the Sphinx project that are never inputs: Sphinx's own output, Python's caches.
NOT_INPUT_DIRS = {"_build", "__pycache__"}


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in blocks."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _rel(path: Path, root: Path) -> str:
    return Path(os.path.relpath(path.resolve(), root.resolve())).as_posix()


def _files(folder: Path, skip: list[Path]) -> list[Path]:
    """The regular files under folder, not hidden, not in a hidden or skipped folder."""
    skipped = {s.resolve() for s in skip}
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in NOT_INPUT_DIRS
                             and (here / d).resolve() not in skipped)
        found += [here / f for f in sorted(filenames) if not f.startswith(".") and (here / f).is_file()]
    return found


def input_files(root: Path, sources: Path, docs: Path, skip: tuple[Path, ...] = ()) -> list[Path]:
    """Every input of a build: each file of the sources folder (captures, originals, metadata, locks, glossary,
    timeline, judgments, references, changes.yaml), each hand-written file of the Sphinx project (conf.py, pages,
    images, static files), not the pages briefbook generates there, nor hidden files, nor the build folders in
    skip; and each published edition's record and snapshot (editions/*/edition.json, snapshot.json)."""
    out = _files(sources, list(skip))
    for path in _files(docs, [sources, *skip]):
        if path.name == GENERATED_RECORD or (path.suffix in (".md", ".bib") and is_generated(path)):
            continue
        out.append(path)
    # The published editions' records and snapshots: what the book says of its edition and What's new
    # (not their manifests: a manifest describes a build, it is not read by one).
    from .editions import EDITION_FILE, SNAPSHOT_FILE, folder_of

    editions = folder_of(sources)
    out += sorted(p for name in (EDITION_FILE, SNAPSHOT_FILE) for p in editions.glob(f"*/{name}") if p.is_file())
    return sorted(set(out), key=lambda p: _rel(p, root))


def input_digests(root: Path, sources: Path, docs: Path, skip: tuple[Path, ...] = ()) -> dict[str, str]:
    """Each input's SHA-256, by its path relative to the project root."""
    return {_rel(p, root): sha256_file(p) for p in input_files(root, sources, docs, skip)}


def output_files(out: Path, formats: tuple[str, ...] | list[str]) -> list[Path]:
    """The files a build of these formats made in OUT: every file of OUT/html, and the PDFs of OUT/pdf."""
    from .products import BRIEF_TEX, pdf_path

    found: list[Path] = []
    if "html" in formats and (out / "html").is_dir():
        # Not Sphinx's .buildinfo (and its backup): bookkeeping for incremental builds, not a page, and it
        # hashes the configuration, which names where briefbook is installed (its static and template folders).
        found += [p for p in (out / "html").resolve().rglob("*")
                  if p.is_file() and p.name not in (".buildinfo", ".buildinfo.bak")]
    pdf = out / "pdf"
    brief = pdf_path(pdf, BRIEF_TEX)
    if "brief" in formats and brief.is_file():
        found.append(brief)
    if "packs" in formats:
        found += sorted((pdf / "packs").glob("*.pdf"))
    if "pdf" in formats:
        found += [p for p in sorted(pdf.glob("*.pdf")) if p != brief]
    return found


def output_digests(out: Path, formats: tuple[str, ...] | list[str]) -> dict[str, str]:
    """Each output's SHA-256, by its path relative to OUT ("html/index.html", "pdf/brief.pdf")."""
    html = (out / "html").resolve()
    digests = {}
    for path in output_files(out, formats):
        rel = Path("html") / path.relative_to(html) if path.is_relative_to(html) else path.relative_to(out)
        digests[rel.as_posix()] = sha256_file(path)
    return digests


@dataclass(frozen=True)
class Manifest:
    """A build's manifest: what it was made from, with what, and what it made."""

    inputs: dict[str, str]
    tools: dict[str, str]
    formats: tuple[str, ...]
    source_date_epoch: int
    source_date_from: str = ""
    outputs: dict[str, str] = field(default_factory=dict)
    edition: dict[str, Any] | None = None
    sources_dir: str = "sources"
    docs_dir: str = "docs"

    def to_json(self) -> str:
        """The manifest file's text: sorted keys, indented, UTF-8, ending with a newline."""
        data = {"format": FORMAT, "edition": self.edition,
                "project": {"sources": self.sources_dir, "docs": self.docs_dir},
                "inputs": self.inputs, "tools": self.tools,
                "build": {"formats": list(self.formats), "source_date_epoch": self.source_date_epoch,
                          "source_date_from": self.source_date_from},
                "outputs": self.outputs}
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def make_manifest(root: Path, sources: Path, docs: Path, out: Path, formats: tuple[str, ...], epoch: int,
                  epoch_from: str = "", edition: dict[str, Any] | None = None) -> Manifest:
    """The manifest of the build just made into OUT from the project at root."""
    from .tools import tool_versions

    pdf = any(f != "html" for f in formats)
    return Manifest(inputs=input_digests(root, sources, docs, (out,)), tools=tool_versions(tex=pdf),
                    formats=tuple(f for f in FORMATS if f in formats), source_date_epoch=epoch,
                    source_date_from=epoch_from, outputs=output_digests(out, formats), edition=edition,
                    sources_dir=_rel(sources, root), docs_dir=_rel(docs, root))


def write_manifest(root: Path, sources: Path, docs: Path, out: Path, formats: tuple[str, ...], epoch: int,
                   epoch_from: str = "", edition: dict[str, Any] | None = None) -> Path:
    """Write OUT/manifest.json (atomically) for the build just made; returns its path."""
    manifest = make_manifest(root, sources, docs, out, formats, epoch, epoch_from, edition)
    path = out / FILENAME
    write_atomic(path, manifest.to_json())
    return path


def _damaged(path: Path, what: str) -> BriefbookError:
    return BriefbookError([Problem(path, f"is not a briefbook manifest: {what}.", None,
                                   "give the folder of a build or an edition (its manifest.json is written by "
                                   "`briefbook build`), or build again to write a new one.")])


def _digests(path: Path, data: dict, key: str) -> dict[str, str]:
    value = data.get(key)
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise _damaged(path, f'expected "{key}" to map each file to its SHA-256')
    return value


def read_manifest(path: Path) -> Manifest:
    """Read a manifest.json; a missing, unreadable or damaged one is one Problem naming the file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BriefbookError([Problem(path, "does not exist.", None,
                                      "give the folder of a build (build/) or of a published edition, which holds "
                                      "manifest.json; `briefbook build` writes build/manifest.json.")]) from None
    except OSError as exc:
        raise BriefbookError([Problem(path, f"could not be read ({exc.strerror or exc}).", None,
                                      "make it readable, then run the command again.")]) from None
    except ValueError as exc:
        raise _damaged(path, f"it is not JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _damaged(path, f'expected a JSON object with "format": {FORMAT}')
    build, project = data.get("build"), data.get("project")
    if not isinstance(build, dict) or not isinstance(build.get("source_date_epoch"), int) \
            or not isinstance(build.get("formats"), list) or not build["formats"] \
            or not all(f in FORMATS for f in build["formats"]):
        raise _damaged(path, f'expected "build" with "formats" (some of {", ".join(FORMATS)}) and '
                             '"source_date_epoch" (a number)')
    if not isinstance(project, dict) or not all(isinstance(project.get(k), str) for k in ("sources", "docs")):
        raise _damaged(path, 'expected "project" with the "sources" and "docs" folders')
    edition = data.get("edition")
    if edition is not None and not isinstance(edition, dict):
        raise _damaged(path, 'expected "edition" to be an object or null')
    return Manifest(inputs=_digests(path, data, "inputs"), tools=_digests(path, data, "tools"),
                    formats=tuple(build["formats"]), source_date_epoch=build["source_date_epoch"],
                    source_date_from=str(build.get("source_date_from", "")),
                    outputs=_digests(path, data, "outputs"), edition=edition,
                    sources_dir=project["sources"], docs_dir=project["docs"])
