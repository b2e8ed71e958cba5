"""`briefbook build`: Sphinx run by briefbook into staging copies, published whole (publish.py), one build at a time."""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import publish
from .cli_common import _say
from .errors import BriefbookError, os_problem
from .folderlock import folder_lock
from .manifest import FILENAME as MANIFEST_FILE
from .manifest import write_manifest
from .products import PRINT_FORMATS
from .reproducible import source_date, source_date_set

if TYPE_CHECKING:
    from .book import Book


@dataclass(frozen=True)
class SphinxRun:
    """How `briefbook build` runs Sphinx: -W -n --keep-going, quiet or not, -j, and the sources folder."""

    sources: Path
    jobs: str = "1"
    quiet: bool = False
    #: The printed products the LaTeX builder writes (products.PRINT_FORMATS).
    prints: tuple[str, ...] = PRINT_FORMATS


def _sphinx(builder: str, docs: Path, outdir: Path, doctrees: Path, run: SphinxRun) -> int:
    """Run one Sphinx build (as `sphinx-build -W -n --keep-going` would); its exit status.

    Bad input has been reported by the extension (it stops with SystemExit); a failure to write
    (a full disk, a read-only folder) becomes one Problem; a conf.py Sphinx rejects, its message."""
    from sphinx.application import Sphinx
    from sphinx.cmd.build import jobs_argument
    from sphinx.errors import SphinxError
    from sphinx.util.console import color_terminal, nocolor
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    if not color_terminal():
        nocolor()
    overrides = {"nitpicky": True, "briefbook_sources": str(run.sources.resolve()),
                 "briefbook_print": ",".join(run.prints)}
    try:
        with patch_docutils(docs), docutils_namespace():
            app = Sphinx(docs, docs, outdir, doctrees, builder, confoverrides=overrides,
                         status=None if run.quiet else sys.stdout, warning=sys.stderr, warningiserror=True,
                         parallel=jobs_argument(run.jobs))
            app.build()
            return app.statuscode
    except SystemExit as stop:  # bad input: the extension has reported it and stops the build
        return stop.code if isinstance(stop.code, int) else 1
    except OSError as exc:
        where = Path(exc.filename) if isinstance(exc.filename, str) else outdir
        raise BriefbookError([os_problem(where, exc, "written" if exc.errno != errno.ENOENT else "read")]) from None
    except SphinxError as exc:
        _say(f"{exc.category}: {exc}")
        return 2


def staged_sphinx(builder: str, docs: Path, out: Path, name: str, run: SphinxRun) -> int:
    """Run Sphinx into staging copies of OUT/name and the doctree cache; publish both only on success.

    A failed build leaves the previous output and cache as they were, so its warnings come back
    on the next run instead of being hidden by a half-updated environment. The HTML is published
    before the cache: a kill between the two leaves an older cache, which makes the next build
    read again what changed (the other order could leave pages older than the cache says).
    """
    stage = stage_doctrees = None
    try:
        stage, stage_doctrees = publish.stage(out, name), publish.stage(out, ".doctrees")
        status = _sphinx(builder, docs, stage, stage_doctrees, run)
        if status == 0:
            publish.publish(stage, out, name)
            stage = None
            publish.publish(stage_doctrees, out, ".doctrees")
            stage_doctrees = None
        return status
    except OSError as exc:
        where = Path(exc.filename) if isinstance(exc.filename, str) else out
        raise BriefbookError([os_problem(where, exc, "written")]) from None
    finally:
        for folder in (stage, stage_doctrees):
            if folder is not None:
                publish.discard(folder)


def build_pdf(docs: Path, out: Path, run: SphinxRun, wanted: tuple[str, ...] = ("pdf",)) -> int:
    """Sphinx's LaTeX builder (every product's .tex), then latexmk on the wanted ones; PDFs land in OUT/pdf/."""
    from .pdf import run_latex

    status = staged_sphinx("latex", docs, out, "latex", replace(run, prints=wanted))
    if status:
        return status
    return run_latex(out / "latex", out / "pdf", wanted)


def cmd_build(args: argparse.Namespace) -> int:
    """Check the sources, then build HTML and/or PDF with warnings as errors; then OUT/manifest.json."""
    from .book import cached_book

    _, book = cached_book(args.sources, docs=args.docs)  # fail early, as `check` does; the build reuses the book
    out: Path = args.out
    run = SphinxRun(args.sources, args.jobs, args.quiet)
    edition = book.edition.date if book.edition and book.edition.published else None
    when = source_date(book_dates(book), args.docs / "conf.py", edition=edition)
    try:
        with folder_lock(out, lambda: _say(f"another build is writing into {out}; waiting for it to finish …")), \
                source_date_set(when.epoch):
            # The last build's manifest describes outputs this build replaces: a failed build leaves none.
            (out / MANIFEST_FILE).unlink(missing_ok=True)
            status = _build(args, out, run)
            if status == 0:
                formats = ("html", *PRINT_FORMATS) if args.format == "all" else (args.format,)
                edition = book.edition.record() if book.edition else None
                path = write_manifest(args.sources.resolve().parent, args.sources, args.docs, out, formats,
                                      when.epoch, when.origin, edition)
                if not args.quiet:
                    _say(f"manifest: {path}")
            return status
    except OSError as exc:  # the output folder itself cannot be made or locked
        raise BriefbookError([os_problem(out, exc, "written")]) from None


def book_dates(book: Book) -> list[dt.date]:
    """The sources' dates and access dates (a partial date as its first day): what the build's date follows."""
    found = []
    for src, _ in book.sources:
        for date in (src.meta.date, src.meta.accessed):
            if date is not None:
                found.append(dt.date(date.year, date.month or 1, date.day or 1))
    return found


def _build(args: argparse.Namespace, out: Path, run: SphinxRun) -> int:
    status = 0
    if args.format in ("html", "all"):
        _say(f"building HTML into {out / 'html'} …")
        status = staged_sphinx("html", args.docs, out, "html", run)
        if status:
            _say("the HTML build failed (warnings are errors): see the messages above.")
            return status
        _say(f"HTML book: {out / 'html' / 'index.html'}")
    wanted = PRINT_FORMATS if args.format == "all" else tuple(f for f in PRINT_FORMATS if f == args.format)
    if wanted:
        what = {"pdf": "the book's PDF", "brief": "the brief", "packs": "the reading packs"}
        _say(f"building {', '.join(what[w] for w in wanted)} into {out / 'pdf'} …")
        status = build_pdf(args.docs, out, run, wanted)
        if status:
            _say("the print build failed: see the messages above.")
    return status


