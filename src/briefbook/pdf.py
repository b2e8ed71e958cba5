"""Turn Sphinx's LaTeX output into the PDF with latexmk and LuaLaTeX."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

PACKAGES = Path(__file__).resolve().parent / "data" / "system-packages.txt"
TOOLS = {"latexmk": "latexmk", "lualatex": "texlive-luatex", "xindy": "xindy"}
SAFE_OPTIONS = "--nosocket --no-shell-escape"
#: latexmk runs LuaLaTeX again whenever the .aux changed. The page count LaTeX writes there (\@abspage@last,
#: which the book never prints) changes when the index is set in the second pass, and would cost a third.
IGNORE_PAGE_COUNT = r"$hash_calc_ignore_pattern{'aux'} = '\@abspage\@last\{';"
#: An empty index for the first pass, so its chapter is already in the contents and the outline: a book built
#: from scratch settles in two passes (the first, then the second with the index xindy made), not three.
EMPTY_INDEX = "\\begin{sphinxtheindex}\n\\end{sphinxtheindex}\n"


def apt_command() -> str:
    """The exact command that installs what the PDF needs."""
    names = [l.strip() for l in PACKAGES.read_text().splitlines() if l.strip() and not l.startswith("#")] \
        if PACKAGES.exists() else sorted(set(TOOLS.values()))
    return "sudo apt-get update && sudo apt-get install -y --no-install-recommends " + " ".join(names)


def missing_tools() -> list[str]:
    """The TeX programs the PDF build needs that are not on PATH."""
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def main_document(latex_dir: Path) -> Path:
    """The book's .tex file (the one with a \\documentclass)."""
    for tex in sorted(latex_dir.glob("*.tex")):
        if "\\documentclass" in tex.read_text(encoding="utf-8", errors="replace")[:5000]:
            return tex
    raise FileNotFoundError(f"no LaTeX document in {latex_dir}")


def makefile_settings(latex_dir: Path) -> tuple[list[str], str]:
    """The latexmk command and XINDYOPTS that Sphinx wrote into the LaTeX folder's Makefile."""
    command, xindy = ["latexmk", "-pdf", "-dvi-", "-ps-"], ""
    makefile = latex_dir / "Makefile"
    for line in makefile.read_text().splitlines() if makefile.exists() else []:
        if line.startswith("PDFLATEX ="):
            command = line.split("=", 1)[1].split()
        elif line.startswith("export XINDYOPTS ="):
            xindy = line.split("=", 1)[1].strip()
    return command, xindy


def run_latex(latex_dir: Path, pdf_dir: Path) -> int:
    """Run latexmk on the book; copy the PDF to pdf_dir. Non-zero when TeX is missing or fails."""
    missing = missing_tools()
    if missing:
        print(f"briefbook: cannot build the PDF: {', '.join(missing)} not installed. Install TeX with:\n  {apt_command()}\n"
              "(scripts/setup.sh does this when run as root).", file=sys.stderr)
        return 3
    tex = main_document(latex_dir)
    command, xindy = makefile_settings(latex_dir)
    # A source paragraph is one line of LaTeX: let TeX read lines longer than its default 200,000 bytes.
    # TeX may read and write only inside the build folder and TEXMF (kpathsea's paranoid mode), and
    # LuaTeX's --safer takes away Lua's os.execute, io.popen, file writing and the like.
    env = dict(os.environ, LATEXOPTS=f"{SAFE_OPTIONS} -interaction=nonstopmode -halt-on-error -file-line-error",
               XINDYOPTS=xindy, openin_any="p", openout_any="p",
               buf_size=os.environ.get("buf_size", "20000000"))
    log = latex_dir / "latexmk.out"
    index = tex.with_suffix(".ind")
    if not index.exists():  # a later build keeps the last one: with the other auxiliary files, often one pass
        index.write_text(EMPTY_INDEX, encoding="utf-8")
    with log.open("w") as fh:
        status = subprocess.run([*command, "-e", IGNORE_PAGE_COUNT, tex.name], cwd=latex_dir, env=env, stdout=fh,
                                stderr=subprocess.STDOUT).returncode
    if status:
        texlog = tex.with_suffix(".log")
        lines = texlog.read_text(errors="replace").splitlines() if texlog.exists() else []
        errors = [l for l in lines if l.startswith("!") or ".tex:" in l][:15]
        summary = [l for l in log.read_text(errors="replace").splitlines() if "rror" in l or l.startswith("***")][-8:]
        print("briefbook: LaTeX failed:\n  " + "\n  ".join(errors + summary or lines[-20:])
              + f"\nFull logs: {texlog} and {log}", file=sys.stderr)
        return status
    pdf_dir.mkdir(parents=True, exist_ok=True)
    target = pdf_dir / tex.with_suffix(".pdf").name
    tmp = target.with_name(f".{target.name}.tmp")
    shutil.copyfile(tex.with_suffix(".pdf"), tmp)
    tmp.replace(target)
    print(f"briefbook: PDF: {target}", file=sys.stderr)
    return 0
