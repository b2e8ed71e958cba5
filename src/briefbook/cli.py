"""The `briefbook` command: build, check, add and serve."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from . import __version__
from .errors import BriefbookError, Problem

ROOT_HINT = "run it from the book's folder (the one with docs/ and sources/), or pass --sources and --docs."
STRICT = ["-W", "-n", "--keep-going"]


def _say(message: str) -> None:
    print(f"briefbook: {message}", file=sys.stderr, flush=True)


def _fail(problems: list[Problem]) -> int:
    for problem in problems:
        print(str(problem), file=sys.stderr)
    _say(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found; nothing was written.")
    return 1


def cmd_check(args: argparse.Namespace) -> int:
    """Validate every source; print each problem."""
    from .book import load_book

    book = load_book(args.sources)
    print(f"{len(book.sources)} sources in {args.sources}: all valid.")
    return 0


def _sphinx(args: list[str]) -> int:
    from sphinx.cmd.build import build_main

    try:
        return build_main(args)
    except SystemExit as stop:  # bad input: the extension has reported it and stops the build
        return stop.code if isinstance(stop.code, int) else 1


def _stage(final: Path) -> Path:
    """A fresh staging copy of a previous output folder (so the build stays incremental)."""
    stage = final.with_name(f".{final.name.lstrip('.')}.new")
    if stage.exists():
        shutil.rmtree(stage)  # left by a build that was killed
    if final.exists():
        shutil.copytree(final, stage, symlinks=True)
    return stage


def _publish(stage: Path, final: Path) -> None:
    """Put a successful build in place of the previous one."""
    old = final.with_name(f".{final.name.lstrip('.')}.old")
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        final.rename(old)
    stage.rename(final)
    if old.exists():
        shutil.rmtree(old)


def staged_sphinx(builder: str, docs: Path, out: Path, name: str, common: list[str]) -> int:
    """Run Sphinx into staging copies of OUT/name and the doctree cache; publish both only on success.

    A failed build leaves the previous output and cache as they were, so its warnings come back
    on the next run instead of being hidden by a half-updated environment.
    """
    final, doctrees = out / name, out / ".doctrees"
    stage, stage_doctrees = _stage(final), _stage(doctrees)
    status = _sphinx([*common, "-d", str(stage_doctrees), "-b", builder, str(docs), str(stage)])
    if status:
        shutil.rmtree(stage, ignore_errors=True)
        shutil.rmtree(stage_doctrees, ignore_errors=True)
        return status
    _publish(stage, final)
    _publish(stage_doctrees, doctrees)
    return 0


def build_pdf(docs: Path, out: Path, common: list[str]) -> int:
    """Sphinx's LaTeX builder, then latexmk; the PDF lands in OUT/pdf/."""
    from .pdf import run_latex

    status = staged_sphinx("latex", docs, out, "latex", common)
    if status:
        return status
    return run_latex(out / "latex", out / "pdf")


def cmd_build(args: argparse.Namespace) -> int:
    """Check the sources, then build HTML and/or PDF with warnings as errors."""
    from .book import cached_book

    cached_book(args.sources)  # fail early, as `check` does; the build reuses the loaded book
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    common = [*STRICT, "-q" if args.quiet else "", "-j", str(args.jobs),
              "-D", f"briefbook_sources={args.sources.resolve()}"]
    common = [c for c in common if c]
    status = 0
    if args.format in ("html", "all"):
        _say(f"building HTML into {out / 'html'} …")
        status = staged_sphinx("html", args.docs, out, "html", common)
        if status:
            _say("the HTML build failed (warnings are errors): see the messages above.")
            return status
        _say(f"HTML book: {out / 'html' / 'index.html'}")
    if args.format in ("pdf", "all"):
        _say(f"building the PDF into {out / 'pdf'} …")
        status = build_pdf(args.docs, out, common)
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


def cmd_serve(args: argparse.Namespace) -> int:
    """Live preview with sphinx-autobuild: rebuilds when a source, the glossary or a page changes."""
    import importlib.util

    if importlib.util.find_spec("sphinx_autobuild") is None:
        return _fail([Problem(Path("sphinx-autobuild"), "is not installed.", None,
                              "pip install 'briefbook[serve]' (scripts/setup.sh does this).")])
    cmd = [sys.executable, "-m", "sphinx_autobuild", *STRICT, "--watch", str(args.sources),
           "--port", str(args.port), "--host", args.host,
           "-D", f"briefbook_sources={args.sources.resolve()}", "--re-ignore", r"(sources/.*\.md|book\.bib)$",
           str(args.docs), str(args.out / "serve")]
    # Become sphinx-autobuild, so that stopping `briefbook serve` stops the server too.
    os.execv(sys.executable, cmd)
    return 0  # not reached


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
    b.add_argument("-j", "--jobs", default="1", help="parallel Sphinx processes, or 'auto'")
    b.add_argument("-q", "--quiet", action="store_true", help="only warnings and errors")
    b.set_defaults(func=cmd_build)

    c = sub.add_parser("check", help="validate the sources and list every problem")
    common(c)
    c.set_defaults(func=cmd_check)

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
    except KeyboardInterrupt:
        _say("interrupted.")
        return 130


if __name__ == "__main__":
    sys.exit(main())
