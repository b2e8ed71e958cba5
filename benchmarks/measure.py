"""How the benchmark measures: wall time and peak memory of a command, the machine, and the PDF build
split into its steps (Sphinx with its LaTeX writer, each LuaLaTeX pass, xindy)."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import NamedTuple

PY = sys.executable


class Timed(NamedTuple):
    """What one command took: wall seconds, CPU seconds (user + system, its processes), peak memory (MiB),
    and its exit status and stderr."""

    wall: float
    cpu: float
    peak: float
    status: int
    err: str


def timed(cmd: list[str], env: dict | None = None) -> Timed:
    """Run a command under /usr/bin/time."""
    start = time.perf_counter()
    run = subprocess.run(["/usr/bin/time", "-f", "%M %U %S", *cmd], capture_output=True, text=True,
                         env={**os.environ, **(env or {})})
    wall = time.perf_counter() - start
    lines = run.stderr.strip().splitlines()
    last = lines[-1].split() if lines else []
    if len(last) == 3 and last[0].isdigit():
        return Timed(wall, float(last[1]) + float(last[2]), int(last[0]) / 1024, run.returncode, "\n".join(lines[:-1]))
    return Timed(wall, float("nan"), float("nan"), run.returncode, "\n".join(lines))


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal"))) / 2**20
    import sphinx as sph

    return (f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, Python {platform.python_version()}, "
            f"Sphinx {sph.__version__}, {platform.system()} {platform.release()}")


#: A stand-in for a TeX program on PATH: notes when it started and ended, then runs the real one.
WRAPPER = """#!/bin/sh
start=$(date +%s.%N)
{real} "$@"
status=$?
echo "{name} $start $(date +%s.%N)" >> "$BB_BENCH_LOG"
exit $status
"""


def pdf_build(book: Path, out: Path) -> dict:
    """`briefbook build --format pdf` with latexmk, lualatex and xindy timed: the total, the time before latexmk
    (check, Sphinx reading and its LaTeX writer), each LuaLaTeX pass, xindy, latexmk's own time, peak memory."""
    bindir = book / ".bench-bin"
    bindir.mkdir(exist_ok=True)
    for name in ("latexmk", "lualatex", "xindy"):
        real = shutil.which(name)
        assert real, f"{name} is not installed"
        (bindir / name).write_text(WRAPPER.format(real=real, name=name))
        (bindir / name).chmod(0o755)
    log = book / ".bench-tex.log"
    log.write_text("")
    start = time.time()
    total, cpu, peak, status, err = timed([PY, "-m", "briefbook.cli", "build", "-q", "--format", "pdf",
                                      "--sources", str(book / "sources"), "--docs", str(book / "docs"), "--out", str(out)],
                                     env={"PATH": f"{bindir}:{os.environ['PATH']}", "BB_BENCH_LOG": str(log)})
    assert status == 0, err
    runs = [(name, float(a), float(b)) for name, a, b in (line.split() for line in log.read_text().splitlines())]
    passes = [b - a for name, a, b in runs if name == "lualatex"]
    xindy = sum(b - a for name, a, b in runs if name == "xindy")
    latexmk = next(((a, b) for name, a, b in runs if name == "latexmk"), (start + total, start + total))
    return {"total": total, "cpu": cpu, "sphinx": latexmk[0] - start, "passes": passes, "xindy": xindy,
            "latexmk": latexmk[1] - latexmk[0] - sum(passes) - xindy, "peak": peak}
