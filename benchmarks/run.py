"""Benchmark briefbook: the HTML build against its floor, growth with the number of sources, incremental and
parallel builds, memory, the PDF's steps, and hostile inputs.

Run from the repository root after set-up:  nice .venv/bin/python benchmarks/run.py
    options: --sizes 10 100 300 1000  --pdf 100 300  --no-hostile  |  --hostile (the hostile rows alone)

For each N it makes a book of N synthetic sources shaped like the seeds (synthetic.py) plus the
repository's own sources, glossary, timeline and pages, then measures, each in a fresh process:
conversion (load, validate, clean, render, write); the full HTML build (sphinx-book-theme, warnings
as errors); the floor: the same pages built the same way with Sphinx's `basic` theme, which writes
no navigation of the book into a page (full/floor is the headline: what the book's theme costs);
an incremental rebuild after one word of one source changes; a parallel build (-j auto); and peak
memory. A least-squares fit of log(time) on log(N) over N >= 100 gives the growth exponent of the
full build and of the floor. At the PDF sizes, `briefbook build --format pdf` is timed with each
LuaLaTeX pass and xindy (measure.py), cold and again after one source changes (its LaTeX folder,
with the previous run's auxiliary files, is kept). The hostile inputs (hostile.py) follow.
Results go to stdout and benchmarks/results.md; the README's "Benchmark" section quotes them.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from hostile import hostile
from measure import PY, machine, pdf_build, timed
from synthetic import REPO, make_book

CONVERT = ("import sys,time; from pathlib import Path; from briefbook.generate import generate; "
           "t=time.perf_counter(); c=time.process_time(); generate(Path(sys.argv[1]), Path(sys.argv[2])); "
           "print(time.perf_counter()-t, time.process_time()-c)")
#: The targets: full build / floor at every N, growth exponent, conversion and incremental shares, PDF at N=300.
MAX_RATIO, MAX_EXPONENT, MAX_CONVERSION, MAX_INCREMENTAL, MAX_PDF = 1.25, 1.1, 0.05, 0.10, 300.0


def sphinx(book: Path, out: str, *extra: str) -> list[str]:
    return [PY, "-m", "sphinx", "-q", "-b", "html", "-W", "-n", "--keep-going", "-D",
            f"briefbook_sources={book / 'sources'}", *extra, "-d", str(book / f".doctrees-{out}"), str(book / "docs"),
            str(book / out)]


def touch_source(book: Path) -> None:
    """One word of one source changes (as an analyst's correction would)."""
    target = book / "sources" / "bench-0000.txt"
    target.write_text(target.read_text().replace("Lavrov", "Lavrov,", 1))


def bench(n: int, pdf: bool) -> dict:
    """Every measurement for a book of n synthetic sources."""
    with tempfile.TemporaryDirectory(prefix=f"briefbook-bench-{n}-") as tmp:
        book = make_book(Path(tmp), n)
        megabytes = sum(p.stat().st_size for p in (book / "sources").glob("*.txt")) / 1e6
        conv = subprocess.run([PY, "-c", CONVERT, str(book / "sources"), str(book / "docs")], capture_output=True, text=True)
        conversion, conversion_cpu = map(float, conv.stdout.split())
        full = timed(sphinx(book, "html", "-E"))
        assert full.status == 0, full.err
        floor = timed(sphinx(book, "floor", "-E", "-D", "html_theme=basic"))
        assert floor.status == 0, floor.err
        touch_source(book)
        incremental = timed(sphinx(book, "html"))
        assert incremental.status == 0, incremental.err
        parallel = timed(sphinx(book, "par", "-E", "-j", "auto"))
        result = {"n": n, "mb": megabytes, "conversion": conversion, "conversion_cpu": conversion_cpu, "full": full,
                  "floor": floor, "incremental": incremental, "parallel": parallel,
                  "parallel_ok": parallel.status == 0 and not parallel.err.strip(),
                  "peak_mb": max(t.peak for t in (full, floor, incremental, parallel))}
        if pdf:
            result["pdf"] = pdf_build(book, book / "out")
            touch_source(book)
            result["pdf_again"] = pdf_build(book, book / "out")
        shutil.rmtree(book, ignore_errors=True)
        return result


def exponent(points: list[tuple[int, float]]) -> float:
    """The slope of the least-squares line through (log N, log t)."""
    xs, ys = [math.log(n) for n, _ in points], [math.log(t) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def pdf_line(n: int, run: dict, what: str) -> str:
    passes = run["passes"]
    return (f"| {n} | {what} | {run['total']:.1f} ({run['cpu']:.1f}) | {run['sphinx']:.1f} | {len(passes)}: "
            f"{' + '.join(f'{p:.1f}' for p in passes)} | {run['xindy']:.1f} | {run['latexmk']:.1f} | {run['peak']:.0f} |")


def report(results: list[dict]) -> list[str]:
    rows = ["| N | text (MB) | conversion (s) | full HTML build (s) | floor: `basic` theme (s) | **full / floor** | "
            "conversion share | incremental (s) | incremental share | -j auto (s), warning-free | peak memory (MiB) |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|"]
    for r in results:
        full, floor, incr = r["full"], r["floor"], r["incremental"]
        rows.append(f"| {r['n']} | {r['mb']:.2f} | {r['conversion']:.2f} | {full.wall:.1f} ({full.cpu:.1f}) "
                    f"| {floor.wall:.1f} ({floor.cpu:.1f}) | **{full.cpu / floor.cpu:.2f}** ({full.wall / floor.wall:.2f}) "
                    f"| {100 * r['conversion_cpu'] / full.cpu:.1f}% | {incr.wall:.1f} ({incr.cpu:.1f}) "
                    f"| {100 * incr.cpu / full.cpu:.1f}% | {r['parallel'].wall:.1f}, {'yes' if r['parallel_ok'] else 'NO'} "
                    f"| {r['peak_mb']:.0f} |")
    lines = [*rows, "", "Times are wall-clock seconds with CPU seconds (user + system) in brackets; the ratios and "
             "shares are of CPU time (wall time in brackets), which other work on a shared machine disturbs far less.", ""]
    grown = [r for r in results if r["n"] >= 100]
    slope = float("nan")
    if len(grown) >= 2:
        slope = exponent([(r["n"], r["full"].cpu) for r in grown])
        fits = {what: exponent([(r["n"], getattr(r[key], clock)) for r in grown])
                for what, key, clock in [("floor", "floor", "cpu"), ("full, wall", "full", "wall"),
                                         ("floor, wall", "floor", "wall")]}
        lines.append(f"Growth exponent (time ∝ N^k, least squares over N = {', '.join(str(r['n']) for r in grown)}): "
                     f"full build k = {slope:.2f} (CPU time); " + ", ".join(f"{w} k = {k:.2f}" for w, k in fits.items()) + ".")
    pdfs = [r for r in results if "pdf" in r]
    if pdfs:
        lines += ["", "PDF (`briefbook build --format pdf`): Sphinx = the check, Sphinx reading and its LaTeX writer; "
                  "then latexmk: its LuaLaTeX passes, xindy and latexmk's own work (comparing files between passes). "
                  "*Again* = after one source changes, with the previous run's auxiliary files kept.", "",
                  "| N | run | total (s) (CPU s) | Sphinx, LaTeX writer (s) | LuaLaTeX passes (s) | xindy (s) | latexmk (s) "
                  "| peak memory (MiB) |",
                  "|---:|---|---:|---:|---|---:|---:|---:|"]
        for r in pdfs:
            lines += [pdf_line(r["n"], r["pdf"], "cold"), pdf_line(r["n"], r["pdf_again"], "again")]
    last = results[-1]
    pdf300 = next((r for r in pdfs if r["n"] == 300), None)
    checks: list[tuple[str, bool | None]] = [
        (f"full build at most {MAX_RATIO}× the floor at every N",
         all(r["full"].cpu <= MAX_RATIO * r["floor"].cpu for r in results)),
        (f"growth exponent of the full build at most {MAX_EXPONENT}", slope <= MAX_EXPONENT if slope == slope else None),
        (f"conversion under {MAX_CONVERSION:.0%} of the full build at every N",
         all(r["conversion_cpu"] < MAX_CONVERSION * r["full"].cpu for r in results)),
        (f"incremental rebuild under {MAX_INCREMENTAL:.0%} of the full build at N = {last['n']}",
         last["incremental"].cpu < MAX_INCREMENTAL * last["full"].cpu),
        ("parallel builds (-j auto) warning-free", all(r["parallel_ok"] for r in results)),
    ]
    if pdf300:
        checks.append((f"PDF at N = 300 under {MAX_PDF / 60:.0f} minutes (wall time)", pdf300["pdf"]["total"] < MAX_PDF))
        checks.append(("PDF again after one change: no more LuaLaTeX passes than from scratch (the kept auxiliary "
                       "files spare the passes they make unnecessary)",
                       len(pdf300["pdf_again"]["passes"]) <= len(pdf300["pdf"]["passes"])))
    verdict = {True: "met", False: "NOT MET", None: "not measured (needs two sizes of at least 100)"}
    lines += ["", *[f"- {verdict[ok]}: {what}" for what, ok in checks], ""]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 300, 1000])
    parser.add_argument("--pdf", type=int, nargs="*", default=[100, 300], help="also build the PDF at these N")
    parser.add_argument("--output", type=Path, default=REPO / "benchmarks" / "results.md")
    parser.add_argument("--hostile", action="store_true", help="measure the hostile inputs alone")
    parser.add_argument("--no-hostile", action="store_true", help="leave the hostile inputs out")
    args = parser.parse_args()
    head = ["# Benchmark results", "", f"Machine: {machine()}.", ""]
    load = os.getloadavg()[0]
    lines: list[str] = []
    if not args.hostile:
        results = []
        for n in args.sizes:
            print(f"benchmark: N={n} …", file=sys.stderr, flush=True)
            results.append(bench(n, pdf=n in args.pdf))
            print("\n".join(report(results)), file=sys.stderr)
        lines += report(results)
    if not args.no_hostile:
        lines += ["## Hostile inputs", "", "`briefbook check`, then the HTML build of what is accepted.", "",
                  *hostile(), ""]
    head[-1:-1] = [f"Load average (1 minute) at the start {load:.1f}, at the end {os.getloadavg()[0]:.1f}: the machine's "
                   "other work slows wall times, much less CPU times.", ""]
    text = "\n".join(head + lines)
    print(text)
    old = args.output.read_text() if args.output.exists() else ""
    if "## Profiles" in old:  # profiles.py's section, and what follows it, stay
        text += "\n" + old[old.index("## Profiles"):]
    args.output.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
