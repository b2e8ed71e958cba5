"""Published editions side by side: `briefbook site DIR` puts the built HTML of a published edition in
DIR/<edition>/ and lists every edition in DIR/editions.json, DIR/editions.html and DIR/index.html.

An edition's folder is never written again once it is there (its files are what its manifest hashes):
each page learns of newer editions by reading ../editions.json (briefbook-editions.js), so only the
three list files at the top change when an edition is added.
"""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path
from typing import Any

from .editions import NAME, State
from .errors import BriefbookError, Problem
from .redline import human_date
from .write import write_atomic

LIST = "editions.json"
PAGE = "editions.html"


def folder_name(state: State) -> str:
    """An edition's folder in the site: its date, and '-r<k>' for a revision ('2025-11-20', '2025-11-20-r1')."""
    return f"{state.date}" + (f"-r{state.revision}" if state.revision else "")


def edition_name(number: int, date: str, revision: int = 0) -> str:
    """'Edition 2 of 20 November 2025' (', revision 1')."""
    return f"Edition {number} of {human_date(date)}" + (f", revision {revision}" if revision else "")


def _listing(editions: list[dict[str, Any]]) -> str:
    items = "".join(f'<li><a href="{html.escape(e["folder"])}/index.html">{html.escape(e["name"])}</a>'
                    f'{" (newest)" if n == 0 else ""}</li>\n' for n, e in enumerate(editions))
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Editions</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"></head>\n'
            f'<body><main><h1>Editions of this book</h1>\n<ul>\n{items}</ul></main></body></html>\n')


def _check_build(html_dir: Path, state: State) -> None:
    """The HTML to copy is this edition's build, whole: its manifest (OUT/manifest.json) names the edition as
    published and lists HTML, and every HTML file is the one it hashed."""
    from .manifest import FILENAME, output_digests, read_manifest

    out = html_dir.parent
    fix = "build it (`briefbook build`, or `briefbook publish` for a new edition), then run `briefbook site` again."
    if not (out / FILENAME).is_file():
        raise BriefbookError([Problem(out / FILENAME, "is missing: the HTML cannot be shown to be the edition's "
                                      "build.", None, fix)])
    manifest = read_manifest(out / FILENAME)
    if "html" not in manifest.formats or manifest.edition != state.record():
        raise BriefbookError([Problem(out / FILENAME, "is not the manifest of this edition's HTML build (it names "
                                      f"{manifest.edition or 'no edition'}, formats {', '.join(manifest.formats)}).",
                                      None, fix)])
    now = output_digests(out, ("html",))
    if now != {k: v for k, v in manifest.outputs.items() if k.startswith("html/")}:
        raise BriefbookError([Problem(html_dir, "differs from what its manifest lists (a file was changed or added "
                                      "after the build).", None, fix)])


def _read_listing(listed: Path) -> list[dict[str, Any]]:
    """The site's editions.json, checked: each entry's folder is an edition's name (a date, '-r<k>')."""
    if not listed.exists():
        return []
    try:
        editions = json.loads(listed.read_text(encoding="utf-8"))
        ok = isinstance(editions, list) and all(
            isinstance(e, dict) and isinstance(e.get("folder"), str) and NAME.fullmatch(e["folder"])
            and isinstance(e.get("name"), str) and isinstance(e.get("number"), int)
            and isinstance(e.get("revision"), int) for e in editions)
        if not ok:
            raise ValueError("expected a list of editions, each with folder (a date), name, number and revision")
    except ValueError as exc:
        raise BriefbookError([Problem(listed, f"cannot be read ({exc}).", None, "restore it (each `briefbook site` "
                                      "writes it) or remove it and add the editions again.")]) from None
    return editions


def publish_site(html_dir: Path, site: Path, state: State | None) -> Path:
    """Copy a published edition's HTML into site/<edition>/ and list it; returns the edition's folder."""
    if state is None or not state.published or state.date is None:
        raise BriefbookError([Problem(html_dir, "is not the HTML of a published edition: the book has changes "
                                      "since its last edition, or none has been published.", None,
                                      "publish the edition (`briefbook publish`), build the HTML, then run "
                                      "`briefbook site` again.")])
    _check_build(html_dir, state)
    name = folder_name(state)
    dest = site / name
    if dest.exists():
        raise BriefbookError([Problem(dest, "exists already: a published edition's files are never written again.",
                                      None, "leave it; to add an edition, publish a new one and build it first.")])
    site.mkdir(parents=True, exist_ok=True)
    listed = site / LIST
    editions = _read_listing(listed)
    stage = site / f".{name}.stage"
    shutil.rmtree(stage, ignore_errors=True)
    shutil.copytree(html_dir, stage)
    stage.replace(dest)
    editions.append({"folder": name, "name": edition_name(state.number, state.date, state.revision),
                     "number": state.number, "revision": state.revision, "date": state.date})
    editions.sort(key=lambda e: (e["number"], e["revision"]), reverse=True)
    write_atomic(listed, json.dumps(editions, ensure_ascii=False, indent=1) + "\n")
    write_atomic(site / PAGE, _listing(editions))
    newest = html.escape(editions[0]["folder"])
    write_atomic(site / "index.html", _listing(editions).replace(
        "<title>", f'<meta http-equiv="refresh" content="0; url={newest}/index.html"><title>', 1))
    return dest
