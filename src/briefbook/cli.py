"""The `briefbook` command: its parser and entry point, and the small commands (check, add, init, serve).

build is in cli_build.py; paras, lock and renumber in cli_paras.py."""

from __future__ import annotations

import argparse
import errno
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .errors import BriefbookError, Problem, os_problem

if TYPE_CHECKING:
    pass

from .cli_build import cmd_build
from .cli_common import STRICT, _fail, _say, docs_of
from .cli_editions import add_commands as add_edition_commands
from .cli_paras import cmd_lock, cmd_paras, cmd_renumber


def cmd_check(args: argparse.Namespace) -> int:
    """Validate every source and every reference in the analyst's files and pages; print each problem."""
    from .book import gather
    from .generate import preflight
    from .tradecraft import lint

    docs = docs_of(args)
    book, problems = gather(args.sources, docs)
    if docs is not None and not problems:
        problems = preflight(book, args.sources, docs)  # what would stop the build writing its pages
    if problems:
        raise BriefbookError(problems)
    pages = f" and {len(book.pages)} hand-written pages in {docs}" if docs is not None else ""
    findings = lint(book)
    for finding in findings:  # the analytic standards: warnings, which the build (-W) makes errors
        print(str(finding), file=sys.stderr)
    if findings:
        _say(f"{len(findings)} warning{'s' if len(findings) != 1 else ''} of the analytic standards; the build "
             "would stop on them.")
        return 1
    count = len(book.sources)
    print(f"{count} source{'s' if count != 1 else ''} in {args.sources}{pages}: all valid.")
    return 0


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
    print(f"next: check the values in {added.slug}.yaml, add a summary, notes, quotes and its grades "
          "(reliability, credibility); `briefbook check`.")
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


def cmd_site(args: argparse.Namespace) -> int:
    """Put the built HTML of the published edition beside the other editions in DIR (site.py)."""
    from .book import load_book
    from .site import publish_site

    book = load_book(args.sources, docs_of(args))
    dest = publish_site(args.out / "html", args.dir, book.edition)
    _say(f"{dest}: this edition; {args.dir / 'editions.json'} lists every edition.")
    return 0


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


def cmd_verify(args: argparse.Namespace) -> int:
    """Rebuild what DIR/manifest.json lists in a temporary folder; report inputs, tools and outputs that differ."""
    from .verify import verify

    report = verify(args.folder, args.root, args.jobs)
    lines = report.lines()
    print("\n".join(lines[:-1]))
    print(f"briefbook: {lines[-1]}")
    return 0 if report.ok else 1


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
    b.add_argument("--out", type=Path, default=Path("build"),
                   help="output folder: OUT/html/, OUT/pdf/ and OUT/manifest.json (default: build/)")
    b.add_argument("--format", choices=["html", "pdf", "brief", "packs", "all"], default="all",
                   help="html; pdf (the book); brief (two pages); packs (one PDF per source); "
                        "or all of them (default)")
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

    si = sub.add_parser("site", help="put the published edition's HTML in DIR/<edition>/, beside the others")
    common(si)
    si.add_argument("dir", type=Path, help="the site: one folder per edition, editions.json, index.html")
    si.add_argument("--docs", type=Path, default=Path("docs"), help="the Sphinx project (default: docs/)")
    si.add_argument("--out", type=Path, default=Path("build"), help="where the HTML was built (default: build/)")
    si.set_defaults(func=cmd_site)

    v = sub.add_parser("verify", help="rebuild a build or an edition from its manifest's inputs; report what differs")
    v.add_argument("folder", type=Path, help="a folder with a manifest.json: build/ or a published edition's folder")
    v.add_argument("--root", type=Path, help="the book's folder (default: found upwards from the folder)")
    v.add_argument("-j", "--jobs", default="1", type=_jobs, help="parallel Sphinx processes, or 'auto'")
    v.set_defaults(func=cmd_verify)

    s = sub.add_parser("serve", help="live preview that rebuilds on every change")
    common(s)
    s.add_argument("--docs", type=Path, default=Path("docs"))
    s.add_argument("--out", type=Path, default=Path("build"))
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--host", default="127.0.0.1")
    s.set_defaults(func=cmd_serve)

    add_edition_commands(sub, common)
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
