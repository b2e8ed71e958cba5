"""Benchmark briefbook: conversion against the Sphinx build, incremental rebuilds, memory, parallel builds, PDF.

Run from the repository root after set-up:  .venv/bin/python benchmarks/run.py [--sizes 10 100 1000] [--pdf 100]
                                       or:  .venv/bin/python benchmarks/run.py --hostile

For each N it makes a book of N synthetic sources shaped like the seeds (headline, captions, page
furniture, related links, licence lines, one-line bodies, glossary terms, quotations) plus the
repository's own sources, glossary, timeline and pages, then measures in separate processes:
conversion (load, validate, clean, render, write), the full HTML build, the bare-Sphinx baseline
(the same build of the already generated pages with briefbook's step switched off), an
incremental rebuild after one source changes, a parallel build (-j auto, warnings as errors),
and each build's peak memory. Results go to stdout and benchmarks/results.md.

--hostile measures small or odd inputs that once took minutes (a YAML merge-key bomb, megabytes
of photo captions, 5,000 glossary terms, a 50 MB capture, 100,000 paragraphs, a page at the
paragraph limit): `briefbook check` and, where the input is accepted, the HTML build, each with
its time, peak memory and outcome. Its table replaces the "Hostile inputs" section of results.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PY = sys.executable
OUTLETS = ["Tehran Times", "Inter Bellum News", "Gulf Monitor", "Caspian Review", "Moscow Ledger", "Levant Post",
           "Eurasia Desk", "Atlantic Wire"]
SENTENCES = [
    "Russian Foreign Minister Sergey Lavrov said on {day} that there were no restrictions on military-technical cooperation with Iran.",
    "“We will develop military-technical cooperation with Iran,” Lavrov said, adding that Russia follows its international obligations.",
    "The snapback mechanism built into the JCPOA allows a participant to restore UN sanctions, including the arms embargo.",
    "Most members of the UN Security Council questioned whether the United States could trigger the snapback process.",
    "Under Resolution 2231, arms transfers to and from Iran needed the Council's approval until 18 October 2020.",
    "Reports in {month} suggested that Moscow may deliver Su-35 fighter jets and S-400 air defense systems to Iran.",
    "Deputy Foreign Minister Sergey Ryabkov said Russia was not afraid of U.S. sanctions because it was accustomed to them.",
    "Presidents Vladimir Putin and Massoud Pezeshkian signed the Treaty on Comprehensive Strategic Partnership in January.",
    "Iran, Russia and China told the IAEA that the 2015 nuclear deal had reached its Termination Day.",
    "Flight tracking data showed Il-76 and An-124 transports landing at Iranian bases since {month}.",
    "The E3 said the reimposed sanctions, adopted under Chapter VII, remain binding on all member states.",
    "Analysts cautioned that claims about MiG-29 deliveries could not be independently confirmed.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
MONTHS = ["January", "March", "June", "July", "September", "October", "December"]


def synthetic_source(rng: random.Random, i: int) -> tuple[str, str]:
    """A captured text shaped like the seeds, and its metadata."""
    outlet = OUTLETS[i % len(OUTLETS)]
    year = 2015 + i % 11
    title = f"Report {i}: " + rng.choice(SENTENCES).format(day="Monday", month="June").rstrip(".")[:90]
    paragraphs = [
        " ".join(rng.choice(SENTENCES).format(day=rng.choice(DAYS), month=rng.choice(MONTHS))
                 for _ in range(rng.randint(2, 5)))
        for _ in range(rng.randint(5, 10))
    ]
    caption = "Foreign Minister of Russia Sergey Lavrov"
    lines = [title, "", "A standfirst without a full stop", caption, caption + "Website of the Government", "Updated on",
             "2 min read", ""]
    if i % 2:  # one long line, like seed 002
        body = " ".join(paragraphs)
        if i % 4 == 1:
            body += f" All Content by {outlet} is licensed under a Creative Commons Attribution 4.0 International License."
        lines.append(body)
    else:
        for p in paragraphs:
            lines += [p, ""]
    lines += [caption, "Iran Vows to Rebuild Nuclear Sites", caption, "Related Stories", "", "No stories found.", outlet]
    meta = (f"title: {title!r}\noutlet: {outlet}\nurl: https://example.org/{i}\ndate: {year}-{1 + i % 12:02d}-{1 + i % 28:02d}\n"
            f"key: bench-{i}\nsummary: A synthetic source for the benchmark, about {{term}}`snapback`.\n"
            "notes:\n  - para: 1\n    text: A synthetic note.\n")
    return "\n".join(lines) + "\n", meta


def make_book(root: Path, n: int) -> Path:
    """A copy of the repository's book plus n synthetic sources."""
    shutil.copytree(REPO / "sources", root / "sources")
    shutil.copytree(REPO / "docs", root / "docs", ignore=shutil.ignore_patterns(
        "_build", "sources", "book.bib", "glossary.md", "timeline.md"))
    rng = random.Random(n)
    for i in range(n):
        text, meta = synthetic_source(rng, i)
        (root / "sources" / f"bench-{i:04d}.txt").write_text(text, encoding="utf-8")
        (root / "sources" / f"bench-{i:04d}.yaml").write_text(meta, encoding="utf-8")
    return root


def timed(cmd: list[str], env: dict | None = None) -> tuple[float, float, int, str]:
    """Wall seconds, peak memory (MiB) and exit status of a command, and its stderr."""
    start = time.perf_counter()
    run = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], capture_output=True, text=True,
                         env={**os.environ, **(env or {})})
    wall = time.perf_counter() - start
    lines = run.stderr.strip().splitlines()
    peak = int(lines[-1]) / 1024 if lines and lines[-1].isdigit() else float("nan")
    return wall, peak, run.returncode, "\n".join(lines[:-1])


def sphinx(book: Path, out: str, *extra: str) -> list[str]:
    return [PY, "-m", "sphinx", "-q", "-b", "html", *extra, "-d", str(book / f".doctrees-{out}"), str(book / "docs"),
            str(book / out)]


CONVERT = ("import sys,time; from pathlib import Path; from briefbook.generate import generate; "
           "t=time.perf_counter(); generate(Path(sys.argv[1]), Path(sys.argv[2])); print(time.perf_counter()-t)")


def bench(n: int, pdf: bool) -> dict:
    """Every measurement for a book of n synthetic sources."""
    with tempfile.TemporaryDirectory(prefix=f"briefbook-bench-{n}-") as tmp:
        book = make_book(Path(tmp), n)
        megabytes = sum(p.stat().st_size for p in (book / "sources").glob("*.txt")) / 1e6
        # Conversion alone, in a fresh process (the first run writes every file).
        conv = subprocess.run([PY, "-c", CONVERT, str(book / "sources"), str(book / "docs")], capture_output=True, text=True)
        conversion = float(conv.stdout.strip())
        shutil.rmtree(book / "docs" / "sources")
        for name in ("book.bib", "glossary.md", "timeline.md"):
            (book / "docs" / name).unlink()
        strict = ["-W", "-n", "--keep-going", "-D", f"briefbook_sources={book / 'sources'}"]
        full, full_mem, status, err = timed(sphinx(book, "html", *strict, "-E"))
        assert status == 0, err
        # Bare Sphinx: the same pages, already generated; briefbook's step off (its directives still load).
        bare, bare_mem, _, _ = timed(sphinx(book, "bare", "-E", "-D", "briefbook_sources="))
        # Incremental: one word of one source changes.
        target = book / "sources" / "bench-0000.txt"
        target.write_text(target.read_text().replace("Lavrov", "Lavrov,", 1))
        incremental, incr_mem, status, err = timed(sphinx(book, "html", *strict))
        assert status == 0, err
        parallel, par_mem, par_status, par_err = timed(sphinx(book, "par", *strict, "-E", "-j", "auto"))
        result = {"n": n, "mb": megabytes, "conversion": conversion, "full": full, "bare": bare,
                  "incremental": incremental, "parallel": parallel, "parallel_ok": par_status == 0 and not par_err.strip(),
                  "peak_mb": max(full_mem, incr_mem, par_mem, bare_mem)}
        if pdf:
            pdf_time, pdf_mem, status, err = timed([PY, "-m", "briefbook.cli", "build", "-q", "--format", "pdf",
                                                    "--sources", str(book / "sources"), "--docs", str(book / "docs"),
                                                    "--out", str(book / "out")])
            assert status == 0, err
            result.update(pdf=pdf_time, pdf_mem=pdf_mem)
        return result


def machine() -> str:
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), platform.processor())
    mem = int(next(l.split()[1] for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal"))) / 2**20
    import sphinx as sph

    return (f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, Python {platform.python_version()}, "
            f"Sphinx {sph.__version__}, {platform.system()} {platform.release()}")


def report(results: list[dict]) -> str:
    rows = ["| N | text (MB) | conversion (s) | full HTML build (s) | conversion share | bare Sphinx (s) | "
            "incremental (s) | incremental share | -j auto (s), warning-free | peak memory (MiB) |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|"]
    for r in results:
        rows.append(f"| {r['n']} | {r['mb']:.2f} | {r['conversion']:.2f} | {r['full']:.1f} | {100 * r['conversion'] / r['full']:.1f}% "
                    f"| {r['bare']:.1f} | {r['incremental']:.1f} | {100 * r['incremental'] / r['full']:.1f}% "
                    f"| {r['parallel']:.1f}, {'yes' if r['parallel_ok'] else 'NO'} | {r['peak_mb']:.0f} |")
    lines = ["# Benchmark results", "", f"Machine: {machine()}.", "", *rows, ""]
    per_mb = [(r["n"], r["conversion"] / r["mb"]) for r in results if r["mb"] > 0]
    lines.append("Conversion time per MB of text: " + ", ".join(f"N={n}: {s:.2f} s/MB" for n, s in per_mb) + ".")
    for r in results:
        if "pdf" in r:
            lines.append(f"PDF build at N={r['n']}: {r['pdf']:.1f} s, peak memory {r['pdf_mem']:.0f} MiB.")
    checks = [
        ("conversion under 5% of the full HTML build at every N", all(r["conversion"] < 0.05 * r["full"] for r in results)),
        ("incremental rebuild under 10% of a full build at the largest N",
         results[-1]["incremental"] < 0.10 * results[-1]["full"]),
        ("parallel builds (-j auto) warning-free", all(r["parallel_ok"] for r in results)),
    ]
    lines += ["", *[f"- {'met' if ok else 'NOT MET'}: {what}" for what, ok in checks], ""]
    return "\n".join(lines)


META = "title: {title}\noutlet: Hostile Daily\nurl: https://example.org/{slug}\ndate: 2025-01-01\nkey: {slug}\n"


def _small_book(root: Path, glossary: str = "terms: []\n") -> Path:
    """An empty book (conf.py, index with the sources), its sources folder with this glossary."""
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "conf.py").write_text('project = "Hostile"\nextensions = ["briefbook"]\n'
                                         'briefbook_sources = "../sources"\n')
    (root / "docs" / "index.md").write_text("# Hostile\n\n:::{toctree}\nsources/index\nglossary\n:::\n\n"
                                          ":::{bibliography}\n:::\n")
    (root / "sources").mkdir()
    (root / "sources" / "glossary.yaml").write_text(glossary)
    return root


def _source(root: Path, slug: str, text: str | None = None, meta_extra: str = "") -> Path:
    if text is not None:
        (root / "sources" / f"{slug}.txt").write_text(text, encoding="utf-8")
    (root / "sources" / f"{slug}.yaml").write_text(META.format(title=f"Case {slug}", slug=slug) + meta_extra)
    return root / "sources" / f"{slug}.txt"


def hostile_cases(root: Path) -> dict[str, tuple[Path, bool]]:
    """Each case's book, and whether it should build (else be refused)."""
    rng = random.Random(18)
    cases: dict[str, tuple[Path, bool]] = {}
    book = _small_book(root / "bomb")
    bomb = "a: &a [x]\n" + "".join(f"m{i}: &m{i}\n  <<: [{', '.join(['*' + ('a' if i == 0 else f'm{i - 1}')] * 9)}]\n"
                                   for i in range(8))
    _source(book, "bomb-2025", "A short text.\n", bomb)
    cases[f"YAML merge-key bomb ({len(bomb)} bytes)"] = (book, False)

    book = _small_book(root / "captions")
    lines = []
    for k in range(6000):
        caption = f"Photo {k}: " + " ".join(rng.choice(SENTENCES[k % len(SENTENCES)].split()) for _ in range(36))
        lines += [caption, f"Paragraph {k}: {rng.choice(SENTENCES).format(day='Monday', month='June')}" if k % 6 == 0
                  else "", caption + " (Photo: Reuters)"]
    txt = _source(book, "captions-2025", "\n".join(lines) + "\nThe end of the article.\n")
    cases[f"photo captions ({txt.stat().st_size / 1e6:.1f} MB, 6,000 repeated)"] = (book, True)

    words = [w for s in SENTENCES for w in s.split() if len(w) > 3 and w.isalpha()]
    terms = []
    for k in range(5000):
        name = f"{rng.choice(words)} {rng.choice(words)} {k}"
        terms.append(f"  - term: \"{name}\"\n    as_of: 2025-01-01\n    definition: Term number {k}.\n")
    book = _small_book(root / "terms", "terms:\n" + "".join(terms))
    names = [t.split('"')[1] for t in terms]
    body = []
    while sum(map(len, body)) < 180_000:
        body.append(" ".join(rng.choice(names) if rng.random() < 0.05 else rng.choice(words) for _ in range(60)) + ".")
    _source(book, "terms-2025", "\n\n".join(body) + "\n")
    cases["5,000 glossary terms over 180 KB of text"] = (book, True)

    book = _small_book(root / "huge")
    txt = _source(book, "huge-2025")
    with open(txt, "wb") as fh:
        fh.truncate(50_000_000)
    cases["a 50 MB capture"] = (book, False)

    book = _small_book(root / "paragraphs")
    _source(book, "paragraphs-2025", "".join(f"Paragraph {n} of a very long capture.\n\n" for n in range(100_000)))
    cases["100,000 short paragraphs"] = (book, False)

    from briefbook.limits import MAX_BLOCKS

    book = _small_book(root / "limit")
    _source(book, "limit-2025", "".join(f"Paragraph {n}: {rng.choice(SENTENCES).format(day='Monday', month='June')}\n"
                                        for n in range(MAX_BLOCKS)))
    cases[f"a page at the limit ({MAX_BLOCKS:,} paragraphs)"] = (book, True)
    return cases


def hostile() -> str:
    """Time and peak memory of `briefbook check` and the HTML build on each hostile case."""
    rows = ["| case | check (s) | check memory (MiB) | outcome | HTML build (s) | build memory (MiB) |",
            "|---|---:|---:|---|---:|---:|"]
    with tempfile.TemporaryDirectory(prefix="briefbook-hostile-") as tmp:
        for name, (book, builds) in hostile_cases(Path(tmp)).items():
            print(f"hostile: {name} …", file=sys.stderr, flush=True)
            check, check_mem, status, err = timed([PY, "-m", "briefbook.cli", "check", "--sources", str(book / "sources")])
            first = next((line for line in err.splitlines() if line.strip()), "")
            outcome = "accepted" if status == 0 else f"refused: {first.split(': ', 1)[-1][:90]}…"
            build = build_mem = float("nan")
            if builds:
                build, build_mem, status, err = timed([PY, "-m", "briefbook.cli", "build", "-q", "--format", "html",
                                                       "--sources", str(book / "sources"), "--docs", str(book / "docs"),
                                                       "--out", str(book / "out")])
                assert status == 0, err
            shown = ["–" if x != x else f"{x:.1f}" if i % 2 == 0 else f"{x:.0f}"
                     for i, x in enumerate((check, check_mem, build, build_mem))]
            rows.append(f"| {name} | {shown[0]} | {shown[1]} | {outcome} | {shown[2]} | {shown[3]} |")
            print(rows[-1], file=sys.stderr)
    return "\n".join(["## Hostile inputs", "", f"Machine: {machine()}.", "", *rows, ""])


def replace_section(text: str, section: str) -> str:
    """text with its "## Hostile inputs" section replaced by section (or added)."""
    head = text.split("## Hostile inputs", 1)[0].rstrip()
    return f"{head}\n\n{section}" if head else section


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--pdf", type=int, default=100, help="also build the PDF at this N (0: never)")
    parser.add_argument("--output", type=Path, default=REPO / "benchmarks" / "results.md")
    parser.add_argument("--hostile", action="store_true", help="measure the hostile inputs instead")
    args = parser.parse_args()
    if args.hostile:
        section = hostile()
        print(section)
        args.output.write_text(replace_section(args.output.read_text() if args.output.exists() else "", section))
        return 0
    results = []
    for n in args.sizes:
        print(f"benchmark: N={n} …", file=sys.stderr, flush=True)
        results.append(bench(n, pdf=n == args.pdf))
        print(report(results), file=sys.stderr)
    text = report(results)
    print(text)
    old = args.output.read_text() if args.output.exists() else ""
    kept = "## Hostile inputs" + old.split("## Hostile inputs", 1)[1] if "## Hostile inputs" in old else ""
    args.output.write_text(f"{text}\n{kept}" if kept else text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
