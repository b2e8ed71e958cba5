"""The `briefbook` command: build, check, add, serve, and the paragraph commands paras, lock and renumber."""

from __future__ import annotations

import argparse
import errno
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__, publish
from .errors import BriefbookError, Problem, os_problem
from .folderlock import folder_lock

if TYPE_CHECKING:
    from .book import Book
    from .clean import Cleaned
    from .load import Source

ROOT_HINT = "run it from the book's folder (the one with docs/ and sources/), or pass --sources and --docs."
STRICT = ["-W", "-n", "--keep-going"]


def _say(message: str) -> None:
    print(f"briefbook: {message}", file=sys.stderr, flush=True)


def _fail(problems: list[Problem]) -> int:
    for problem in problems:
        print(str(problem), file=sys.stderr)
    _say(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found; nothing was written.")
    return 1


def docs_of(args: argparse.Namespace) -> Path | None:
    """The Sphinx project whose hand-written pages are checked: --docs, else docs/ beside the sources folder."""
    if args.docs is not None:
        return args.docs
    beside = args.sources.parent / "docs"
    return beside if (beside / "conf.py").exists() else None


def cmd_check(args: argparse.Namespace) -> int:
    """Validate every source and every reference in the analyst's files and pages; print each problem."""
    from .book import gather
    from .generate import preflight

    docs = docs_of(args)
    book, problems = gather(args.sources, docs)
    if docs is not None and not problems:
        problems = preflight(book, args.sources, docs)  # what would stop the build writing its pages
    if problems:
        raise BriefbookError(problems)
    pages = f" and {len(book.pages)} hand-written pages in {docs}" if docs is not None else ""
    print(f"{len(book.sources)} sources in {args.sources}{pages}: all valid.")
    return 0


def _source(book: Book, name: str) -> tuple[Source, Cleaned]:
    """The (source, cleaned) named by slug or citation key; BriefbookError naming the choices."""
    found = next(((s, c) for s, c in book.sources if name in (s.slug, s.key)), None)
    if found is None:
        names = ", ".join(s.slug for s, _ in book.sources) or "none"
        raise BriefbookError([Problem(book.folder, f"has no source {name!r} (or it did not load).", None,
                                      f"name one of its sources by file name or key: {names}.")])
    return found


def cmd_paras(args: argparse.Namespace) -> int:
    """Print a source's numbered paragraphs (and whether they are still as locked)."""
    from . import lock
    from .book import gather

    book, _ = gather(args.sources, docs_of(args))
    source, cleaned = _source(book, args.slug)
    for para in cleaned.paragraphs:
        print(f"¶{para.number}  {' '.join(para.text.split())}")
    locked = book.locks.get(source.key)
    if locked is None:
        _say(f"{lock.lock_path(source).name} does not exist: the paragraphs are not locked (`briefbook lock {source.slug}`).")
    elif not lock.unchanged(locked, cleaned):
        _say(f"these are not the paragraphs locked in {locked.path.name}: `briefbook check` lists the references "
             f"affected, `briefbook renumber {source.slug}` makes them follow their text.")
    return 0


def cmd_lock(args: argparse.Namespace) -> int:
    """Record each source's paragraphs in its lock file; refuse where a reference would silently move."""
    from . import lock
    from .analyst import find
    from .book import gather

    book, _ = gather(args.sources, docs_of(args))
    chosen = [_source(book, name) for name in args.slugs] if args.slugs else book.sources
    refs = find(book).refs
    refused = []
    for source, cleaned in chosen:
        locked = book.locks.get(source.key)
        moved = [r for r in refs if locked is not None and r.target.key == source.key and r.target.para is not None
                 and lock.moved(locked, cleaned, r.target.para)]
        if moved and not args.force:
            refused += [r.place.problem(f"{r.written} cites ¶{r.target.para} of {source.label}, which no longer "
                                        "holds the text it held when locked.", None) for r in moved]
            _say(f"{source.slug} is not locked again: {len(moved)} references would point at other text. Run "
                 f"`briefbook renumber {source.slug}` first, or pass --force if they should.")
            continue
        path = lock.write_lock(source, cleaned)
        print(f"{path}: {len(cleaned.paragraphs)} paragraphs locked.")
    for problem in refused:
        print(str(problem), file=sys.stderr)
    return 1 if refused else 0


def cmd_renumber(args: argparse.Namespace) -> int:
    """Show, then (with --yes or on confirmation) write, the references of a source following their text."""
    from . import lock, renumber
    from .book import gather

    book, _ = gather(args.sources, docs_of(args))
    source, cleaned = _source(book, args.slug)
    chosen = {}
    for pair in args.map or []:
        old, _, new = pair.partition("=")
        if not (old.isdigit() and new.isdigit()):
            return _fail([Problem(Path("--map"), f"{pair!r} is not OLD=NEW.", None,
                                  "write the locked paragraph and the paragraph meant now, for example --map 4=3.")])
        chosen[int(old)] = int(new)
    plan = renumber.plan(book, source.slug, chosen)
    for ref, new in plan.followed:
        print(f"{ref.place.path}:{ref.place.line}: {ref.place.item + ': ' if ref.place.item else ''}"
              f"¶{ref.target.para} → ¶{new}")
    if plan.lost:
        # A reference whose text is gone cannot follow it, and must not silently cite what now has its number.
        for ref in plan.lost:
            print(f"{ref.place.path}:{ref.place.line}: {ref.place.item + ': ' if ref.place.item else ''}"
                  f"{ref.written} cites ¶{ref.target.para}, whose text is no longer in the source.", file=sys.stderr)
        gone = sorted({ref.target.para or 0 for ref in plan.lost})
        _say(f"nothing was written. Decide which paragraph each of these should cite now (`briefbook paras "
             f"{source.slug}`) and run `briefbook renumber {source.slug} {' '.join(f'--map {n}=N' for n in gone)}`, "
             "or remove those references first.")
        return 1
    if not plan.files:
        lock.write_lock(source, cleaned)
        _say(f"every reference to {source.slug} already points at its text; the lock is up to date.")
        return 0
    print(plan.diff(), end="")
    if not args.yes:
        if not (sys.stdin.isatty() and sys.stdout.isatty()) or input("Write these changes? [y/N] ").strip().lower() \
                not in ("y", "yes"):
            _say(f"nothing was written; run `briefbook renumber {source.slug} --yes` to write these changes.")
            return 0
    renumber.write(plan)
    lock.write_lock(source, cleaned)
    _say(f"wrote {len(plan.files)} files and refreshed {lock.lock_path(source).name}.")
    return 0


@dataclass(frozen=True)
class SphinxRun:
    """How `briefbook build` runs Sphinx: -W -n --keep-going, quiet or not, -j, and the sources folder."""

    sources: Path
    jobs: str = "1"
    quiet: bool = False


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
    overrides = {"nitpicky": True, "briefbook_sources": str(run.sources.resolve())}
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


def build_pdf(docs: Path, out: Path, run: SphinxRun) -> int:
    """Sphinx's LaTeX builder, then latexmk; the PDF lands in OUT/pdf/."""
    from .pdf import run_latex

    status = staged_sphinx("latex", docs, out, "latex", run)
    if status:
        return status
    return run_latex(out / "latex", out / "pdf")


def cmd_build(args: argparse.Namespace) -> int:
    """Check the sources, then build HTML and/or PDF with warnings as errors."""
    from .book import cached_book

    cached_book(args.sources, docs=args.docs)  # fail early, as `check` does; the build reuses the loaded book
    out: Path = args.out
    run = SphinxRun(args.sources, args.jobs, args.quiet)
    try:
        with folder_lock(out, lambda: _say(f"another build is writing into {out}; waiting for it to finish …")):
            return _build(args, out, run)
    except OSError as exc:  # the output folder itself cannot be made or locked
        raise BriefbookError([os_problem(out, exc, "written")]) from None


def _build(args: argparse.Namespace, out: Path, run: SphinxRun) -> int:
    status = 0
    if args.format in ("html", "all"):
        _say(f"building HTML into {out / 'html'} …")
        status = staged_sphinx("html", args.docs, out, "html", run)
        if status:
            _say("the HTML build failed (warnings are errors): see the messages above.")
            return status
        _say(f"HTML book: {out / 'html' / 'index.html'}")
    if args.format in ("pdf", "all"):
        _say(f"building the PDF into {out / 'pdf'} …")
        status = build_pdf(args.docs, out, run)
        if status:
            _say("the PDF build failed: see the messages above.")
    return status


def cmd_add(args: argparse.Namespace) -> int:
    """Add a captured page, document, web archive or text as a new source; print what was written."""
    from .add import Request, add

    request = Request(args.file, args.sources, args.title, args.outlet, args.url, args.date, args.date_approximate,
                      args.accessed, args.author or [], args.key, args.slug)
    added = add(request)
    cap = added.capture
    what = {"text": "plain text", "html": "saved web page", "mhtml": "saved web page (MHTML)", "pdf": "PDF document",
            "warc": "web archive (WARC)", "wacz": "web archive (WACZ)"}[cap.type]
    print(f"added {args.file.name} as a {what}{f', text by {cap.extractor}' if cap.extractor else ''}:")
    for path in added.written:
        print(f"  {path}")
    print(f"slug: {added.slug}")
    print(f"key:  {added.key}  (cited as \"{added.label}\")")
    if cap.left_out:
        print(f"set aside: {len(cap.left_out)} blocks of the page the extractor left out (listed on the page)")
    for note in cap.notes:
        print(f"note: {note}")
    print(f"next: check the values in {added.slug}.yaml, add a summary, notes and quotes; `briefbook check`.")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    """Make a new, empty book."""
    from .init import Settings, init

    folder: Path = args.folder
    title = args.title or " ".join(folder.resolve().name.replace("-", " ").replace("_", " ").split()).capitalize()
    written = init(folder, Settings(title=title or "Briefing book", subtitle=args.subtitle, editor=args.editor,
                                    marking=args.marking, paper=args.paper, github_pages=args.github_pages))
    for path in written:
        print(f"  {path}")
    print(f"made a new book in {folder}: `cd {folder}`, add a capture with `briefbook add FILE`, "
          "then `briefbook build` (HTML in build/html/, PDF in build/pdf/).")
    return 0


def generated_files(docs: Path) -> str:
    """A pattern of the files briefbook writes into docs/ (and their temporary files): changes to them
    are the build's own doing and must not start another build."""
    root = re.escape(docs.resolve().as_posix())
    return rf"^{root}/(sources/[^/]+\.md|glossary\.md|timeline\.md|book\.bib|\.briefbook-generated\.json)$|/\.[^/]+\.tmp$"


def cmd_serve(args: argparse.Namespace) -> int:
    """Live preview with sphinx-autobuild: rebuilds when a source, the glossary or a page changes (not when
    briefbook writes its own pages); a build with problems shows them on every served page until fixed."""
    import importlib.util

    if importlib.util.find_spec("sphinx_autobuild") is None:
        return _fail([Problem(Path("sphinx-autobuild"), "is not installed.", None,
                              "pip install 'briefbook[serve]' (scripts/setup.sh does this).")])
    cmd = [sys.executable, "-m", "sphinx_autobuild", *STRICT, "--watch", str(args.sources),
           "--port", str(args.port), "--host", args.host,
           "-D", f"briefbook_sources={args.sources.resolve()}", "-D", "briefbook_preview=1",
           # The page's Content-Security-Policy lets the preview's reload script (and only it) run.
           "-D", f"briefbook_preview_reload={args.host}:{args.port}",
           "--re-ignore", generated_files(args.docs), str(args.docs), str(args.out / "serve")]
    # Become sphinx-autobuild, so that stopping `briefbook serve` stops the server too.
    os.execv(sys.executable, cmd)
    return 0  # not reached


def _jobs(value: str) -> str:
    """-j: a positive number of processes, or 'auto'."""
    if value != "auto" and not (value.isdigit() and int(value) > 0):
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of processes (1, 2, …) or 'auto'")
    return value


def parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    p = argparse.ArgumentParser(prog="briefbook", description="Build an annotated briefing book from captured sources.")
    p.add_argument("--version", action="version", version=f"briefbook {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    i = sub.add_parser("init", help="make a new, empty book in a new folder")
    i.add_argument("folder", type=Path, help="the new book's folder (new or empty)")
    i.add_argument("--title", help="the book's title (default: from the folder's name)")
    i.add_argument("--subtitle", default="An annotated briefing book.")
    i.add_argument("--editor", default="The editors", help="the editor or organisation, on the cover")
    i.add_argument("--marking", default="", help="a handling mark, on the cover and every page")
    i.add_argument("--paper", choices=["a4", "letter"], default="a4")
    i.add_argument("--github-pages", action="store_true", help="add a workflow that publishes the HTML to GitHub Pages")
    i.set_defaults(func=cmd_init)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--sources", type=Path, default=Path("sources"), help="the sources folder (default: sources/)")

    b = sub.add_parser("build", help="build the book (HTML and/or PDF)")
    common(b)
    b.add_argument("--docs", type=Path, default=Path("docs"), help="the Sphinx project (default: docs/)")
    b.add_argument("--out", type=Path, default=Path("build"), help="output folder: OUT/html/ and OUT/pdf/ (default: build/)")
    b.add_argument("--format", choices=["html", "pdf", "all"], default="all",
                   help="html, pdf, or all (default: both)")
    b.add_argument("-j", "--jobs", default="1", type=_jobs, help="parallel Sphinx processes, or 'auto'")
    b.add_argument("-q", "--quiet", action="store_true", help="only warnings and errors")
    b.set_defaults(func=cmd_build)

    c = sub.add_parser("check", help="validate the sources and list every problem")
    common(c)
    c.add_argument("--docs", type=Path, help="the Sphinx project whose hand-written pages are checked too "
                                              "(default: docs/ beside the sources folder, if it has conf.py)")
    c.set_defaults(func=cmd_check)

    pa = sub.add_parser("paras", help="print a source's numbered paragraphs")
    common(pa)
    pa.add_argument("--docs", type=Path, help=argparse.SUPPRESS)
    pa.add_argument("slug", help="the source's file name (without .txt) or citation key")
    pa.set_defaults(func=cmd_paras)

    lk = sub.add_parser("lock", help="record the sources' paragraphs in sources/<slug>.paras")
    common(lk)
    lk.add_argument("--docs", type=Path, help="the Sphinx project (default: docs/ beside the sources folder)")
    lk.add_argument("slugs", nargs="*", help="sources to lock (default: all)")
    lk.add_argument("--force", action="store_true", help="lock even where a reference would point at other text")
    lk.set_defaults(func=cmd_lock)

    rn = sub.add_parser("renumber", help="make references follow their text after a source's paragraphs moved")
    common(rn)
    rn.add_argument("--docs", type=Path, help="the Sphinx project (default: docs/ beside the sources folder)")
    rn.add_argument("slug", help="the source's file name (without .txt) or citation key")
    rn.add_argument("--yes", action="store_true", help="write the changes without asking")
    rn.add_argument("--map", action="append", metavar="OLD=NEW",
                    help="for a locked paragraph whose text is gone: the paragraph its references cite now")
    rn.set_defaults(func=cmd_renumber)

    a = sub.add_parser("add", help="add a captured page, PDF, web archive or text as a new source")
    common(a)
    a.add_argument("file", type=Path,
                   help="the capture: a saved web page (.html, .mhtml), a PDF, a web archive (.warc, .warc.gz, "
                        ".wacz) or UTF-8 text")
    a.add_argument("--title", help="the headline (default: from the capture, where it says)")
    a.add_argument("--outlet", help="the publication (default: the page's site name)")
    a.add_argument("--url", help="the address (default: the page's canonical address; picks the page in an archive)")
    a.add_argument("--date", help="YYYY-MM-DD, or YYYY-MM / YYYY when only that is known (default: from the capture)")
    a.add_argument("--date-approximate", help="why the date is approximate")
    a.add_argument("--accessed", help="when it was captured, YYYY-MM-DD (default: a web archive's capture date)")
    a.add_argument("--author", action="append", help="an author (repeat for several; default: from the capture)")
    a.add_argument("--key", help="citation key (default: outlet and year, with a letter if that is taken)")
    a.add_argument("--slug", help="file name without extension (default: from outlet, year and title)")
    a.set_defaults(func=cmd_add)

    s = sub.add_parser("serve", help="live preview that rebuilds on every change")
    common(s)
    s.add_argument("--docs", type=Path, default=Path("docs"))
    s.add_argument("--out", type=Path, default=Path("build"))
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--host", default="127.0.0.1")
    s.set_defaults(func=cmd_serve)
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point: user mistakes become messages and exit codes, never tracebacks."""
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except BriefbookError as exc:
        return _fail(exc.problems)
    except OSError as exc:  # a folder that cannot be written or read, a full disk: one message, as for bad input
        where = Path(exc.filename) if isinstance(exc.filename, str) else Path.cwd()
        return _fail([os_problem(where, exc, "read" if exc.errno == errno.ENOENT else "written")])
    except KeyboardInterrupt:
        _say("interrupted.")
        return 130


if __name__ == "__main__":
    sys.exit(main())
