"""Turn Sphinx's LaTeX output into the PDF with latexmk and LuaLaTeX."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .products import BRIEF_TEX, PRINT_FORMATS, brief_length, pdf_path, product_of

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


def documents(latex_dir: Path, wanted: tuple[str, ...] = PRINT_FORMATS) -> list[Path]:
    """The LaTeX documents Sphinx wrote (those with a \\documentclass) of the wanted products, the book first."""
    found = [tex for tex in sorted(latex_dir.glob("*.tex")) if product_of(tex.name) in wanted
             and "\\documentclass" in tex.read_text(encoding="utf-8", errors="replace")[:5000]]
    if not found:
        raise FileNotFoundError(f"no LaTeX document in {latex_dir}")
    return sorted(found, key=lambda tex: PRINT_FORMATS.index(product_of(tex.name)))


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


def run_latex(latex_dir: Path, pdf_dir: Path, wanted: tuple[str, ...] = ("pdf",), jobs: int = 2) -> int:
    """Run latexmk on each wanted document (two at a time); publish each PDF. Non-zero when TeX is missing or fails."""
    missing = missing_tools()
    if missing:
        print(f"briefbook: cannot build the PDF: {', '.join(missing)} not installed. Install TeX with:\n  {apt_command()}\n"
              "(scripts/setup.sh does this when run as root).", file=sys.stderr)
        return 3
    texs = documents(latex_dir, wanted)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        statuses = list(pool.map(lambda tex: _compile(tex, latex_dir), texs))
    status = next((code for code in statuses if code), 0)
    for tex, code in zip(texs, statuses, strict=True):
        if code == 0:
            _publish(tex, pdf_path(pdf_dir, tex.name))
    if status == 0 and "packs" in wanted:  # a source taken out of the book takes its pack with it
        made = {pdf_path(pdf_dir, tex.name) for tex in texs}
        for old in (pdf_dir / "packs").glob("*.pdf"):
            if old not in made:
                old.unlink()
    if status == 0 and "brief" in wanted:
        brief = latex_dir / BRIEF_TEX
        problem = brief_length(brief).problem() if brief.exists() else None
        if problem:
            print(f"briefbook: {problem}", file=sys.stderr)
            return 4
    return status


def _compile(tex: Path, latex_dir: Path) -> int:
    """latexmk on one document, TeX confined to the build folder; the errors when it fails."""
    command, xindy = makefile_settings(latex_dir)
    # A source paragraph is one line of LaTeX: let TeX read lines longer than its default 200,000 bytes.
    # TeX may read and write only inside the build folder and TEXMF (kpathsea's paranoid mode).
    env = dict(os.environ, LATEXOPTS=f"{SAFE_OPTIONS} -interaction=nonstopmode -halt-on-error -file-line-error",
               XINDYOPTS=xindy, openin_any="p", openout_any="p",
               buf_size=os.environ.get("buf_size", "20000000"))
    log = tex.with_suffix(".latexmk.out")
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
        print(f"briefbook: LaTeX failed on {tex.name}:\n  " + "\n  ".join(errors + summary or lines[-20:])
              + f"\nFull logs: {texlog} and {log}", file=sys.stderr)
    return status


def _publish(tex: Path, target: Path) -> None:
    """Copy a document's PDF to its place, replacing the previous one in one step."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    shutil.copyfile(tex.with_suffix(".pdf"), tmp)
    tmp.replace(target)
    print(f"briefbook: PDF: {target}", file=sys.stderr)
