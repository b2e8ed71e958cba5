"""Profile the HTML build (cProfile) at several N and show, for each per-page step, its cost per call:
a step whose cost per page grows with N makes the build grow faster than N.

Run from the repository root after set-up:  nice .venv/bin/python benchmarks/profiles.py [--sizes 300 1000]
[--incremental: the rebuild after one word of one source changed, by part]

Each N is the benchmark's synthetic book (synthetic.py), converted and built in one process under
cProfile (which slows it down about 1.5×), counting CPU time. The table replaces the "## Profiles" section of
benchmarks/results.md (run.py keeps it).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic import REPO, make_book

#: (file ending, function name, what it is): the per-page steps that once grew with N, and the build's parts.
STEPS = [
    ("pydata_sphinx_theme/toctree.py", "generate_toctree_html", "the theme's whole-book navigation (no longer used)"),
    ("sphinx/environment/adapters/toctree.py", "_get_toctree_ancestors", "the theme's test for an empty toctree"),
    ("briefbook/sphinx/sidebar.py", "sidebar", "briefbook's navigation: parts and neighbours"),
    ("briefbook/sphinx/backlinks.py", "fill_placeholders", "\"Used in\", \"Related sources\", term tooltips"),
    ("briefbook/sphinx/backlinks.py", "_related", "\"Related sources\" of one source page"),
    ("briefbook/sphinx/backlinks.py", "_used_in", "one glossary entry's \"Used in\""),
    ("sphinx/search/__init__.py", "feed", "a page's words into the search index"),
    ("sphinx/builders/html/__init__.py", "dump_search_index", "writing searchindex.js (once)"),
    ("briefbook/sphinx/incremental.py", "complete_search_index", "every page's index entries (once)"),
    ("sphinx/builders/html/__init__.py", "handle_page", "a page's template (theme) rendering"),
    ("sphinx/builders/__init__.py", "read_doc", "reading a page (MyST, directives, term links)"),
    ("sphinx/builders/html/__init__.py", "write_doc", "writing a page (resolving, HTML, template)"),
]


#: The parts of an incremental build (one word of one source changed): (file ending, function name, what it is).
INCREMENTAL = [
    ("briefbook/sphinx/generation.py", "run_generation", "generation: load, check, render, write"),
    ("briefbook/book.py", "load_book", "loading and checking the book (unchanged sources reused)"),
    ("briefbook/generate.py", "render_book", "rendering the generated pages (unchanged source pages reused)"),
    ("briefbook/write.py", "sync", "writing the pages that changed"),
    ("sphinx/application.py", "_load_existing_env", "loading the environment of every page"),
    ("sphinxcontrib/bibtex/domain.py", "env_updated", "sphinxcontrib-bibtex: the bibliography"),
    ("sphinx/builders/__init__.py", "read_doc", "reading a changed page"),
    ("sphinx/builders/__init__.py", "_write_docname", "writing a page (the changed one, its parent, the brief)"),
    ("sphinx/builders/html/__init__.py", "finish", "the index, search index and static files"),
    ("~", "<built-in method _pickle.dump>", "saving the environment"),
]


def profile(n: int, tmp: Path, incremental: bool = False) -> pstats.Stats:
    """The build of an N-source book under cProfile (incremental: the rebuild after one word of one source
    changed, the first build done in a process of its own, as the analyst's previous build)."""
    from sphinx.cmd.build import build_main

    book = make_book(tmp / f"book-{n}", n)
    args = ["-q", "-b", "html", "-W", "-n", "--keep-going", "-D", f"briefbook_sources={book / 'sources'}",
            "-d", str(book / ".doctrees"), str(book / "docs"), str(book / "html")]
    if incremental:
        assert subprocess.run([sys.executable, "-m", "sphinx", "-E", *args]).returncode == 0
        target = book / "sources" / "bench-0000.txt"
        target.write_text(target.read_text().replace("Lavrov", "Lavrov,", 1))
    else:
        args.insert(0, "-E")
    prof = cProfile.Profile(time.process_time)  # CPU time: other work on the machine disturbs it far less
    prof.enable()
    status = build_main(args)
    prof.disable()
    assert status == 0, f"the build at N={n} failed"
    return pstats.Stats(prof)


def steps(stats: pstats.Stats, table: list[tuple[str, str, str]]) -> dict[str, tuple[int, float]]:
    """Calls and cumulative seconds of each step, and of the whole build."""
    found: dict[str, tuple[int, float]] = {}
    for (file, _line, name), (_cc, calls, _tt, cumulative, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        for ending, function, _ in table:
            if name == function and file.endswith(ending):
                old = found.get(function, (0, 0.0))
                found[function] = (old[0] + calls, old[1] + cumulative)
        if name == "build_main":
            found["build_main"] = (calls, cumulative)
    return found


def table(sizes: list[int], results: list[dict[str, tuple[int, float]]], which: list[tuple[str, str, str]]) -> list[str]:
    head = "| step | " + " | ".join(f"N={n}: calls, s (ms per call)" for n in sizes) + " |"
    rows = [head, "|---|" + "---:|" * len(sizes)]
    for _, function, what in which:
        cells = []
        for found in results:
            calls, seconds = found.get(function, (0, 0.0))
            cells.append(f"{calls}, {seconds:.1f} ({1000 * seconds / calls:.1f})" if calls else "not called")
        rows.append(f"| `{function}`: {what} | " + " | ".join(cells) + " |")
    rows.append("| whole build (under cProfile) | " + " | ".join(f"{r['build_main'][1]:.1f} s" for r in results) + " |")
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 1000])
    parser.add_argument("--output", type=Path, default=REPO / "benchmarks" / "results.md")
    parser.add_argument("--incremental", action="store_true",
                        help="profile the rebuild after one word of one source changed, by part")
    args = parser.parse_args()
    which = INCREMENTAL if args.incremental else STEPS
    results = []
    with tempfile.TemporaryDirectory(prefix="briefbook-profile-") as tmp:
        for n in args.sizes:
            print(f"profile: N={n} …", file=sys.stderr, flush=True)
            results.append(steps(profile(n, Path(tmp), args.incremental), which))
    rows = table(args.sizes, results, which)
    print("\n".join(rows))
    title = "## Profile of an incremental build" if args.incremental else "## Profiles"
    old = args.output.read_text() if args.output.exists() else ""
    head, _, rest = old.partition(title)
    tail = rest[rest.find("\n## "):] if "\n## " in rest else ""
    about = ("the rebuild after one word of one source changed, under cProfile (which inflates Python-heavy steps "
             "several times: read the shares, not the seconds)" if args.incremental else
             "the HTML build under cProfile; each step's calls, CPU seconds and cost per call. A cost per call that "
             "stays the same from one N to the next does not grow with the book")
    section = [title, "", f"`benchmarks/profiles.py{' --incremental' if args.incremental else ''}`: {about}.", "",
               *rows, ""]
    args.output.write_text(head.rstrip() + "\n\n" + "\n".join(section) + tail)
    return 0


if __name__ == "__main__":
    sys.exit(main())
