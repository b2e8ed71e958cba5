"""Load a sources folder into validated source records."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BriefbookError, Problem
from .model import SourceMeta
from .yamlio import LineMap, load_yaml, read_text, validate

#: Files in sources/ that are book data, not captured articles.
RESERVED = {"glossary.yaml", "timeline.yaml", "references.bib", "README.md"}
#: A source's paragraph lock, beside it (lock.py reads and checks it).
LOCK_SUFFIX = ".paras"
SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


@dataclass(frozen=True)
class Source:
    """One captured article: its exact text, its hash and its validated metadata."""

    slug: str
    text: str
    sha256: str
    meta: SourceMeta
    txt_path: Path
    yaml_path: Path
    #: The line of every value of the .yaml, for messages that name it.
    lines: LineMap = field(default_factory=LineMap, compare=False, repr=False)

    @property
    def key(self) -> str:
        """The citation key: given in the metadata, else outlet and year."""
        return self.meta.key or default_key(self.meta.outlet, self.meta.date.year)

    @property
    def label(self) -> str:
        """The short in-text label: outlet and year."""
        return f"{self.meta.outlet} {self.meta.date.year}"


def default_key(outlet: str, year: int) -> str:
    """'Tehran Times', 2020 -> 'tehran-times-2020'."""
    words = re.findall(r"[a-z0-9]+", outlet.lower())
    return "-".join([*words, str(year)]) if words else f"source-{year}"


def _pairs(folder: Path) -> tuple[dict[str, tuple[Path, Path]], list[Problem]]:
    pairs: dict[str, list[Path | None]] = {}
    problems: list[Problem] = []
    root = folder.resolve()
    refused: set[str] = set()
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
        if path.is_symlink() and root not in path.resolve().parents:
            problems.append(Problem(path, "is a link to a file outside the sources folder, which briefbook never reads.",
                                    None, "copy the file into the sources folder instead of linking to it."))
            refused.add(path.stem)
            continue
        if path.name in RESERVED or path.suffix == LOCK_SUFFIX:
            continue
        if path.suffix not in (".txt", ".yaml"):
            fix = "rename it to .yaml." if path.suffix == ".yml" else "move it out of the sources folder."
            problems.append(Problem(path, "is neither a captured text (.txt) nor its metadata (.yaml).", None, fix))
            continue
        if not SLUG.match(path.stem):
            problems.append(
                Problem(path, "has a name briefbook cannot use as a page name.", None,
                        "use lower-case letters, digits, '-', '_' and '.', for example tehran-times-2020-lavrov.txt.")
            )
            continue
        slot = pairs.setdefault(path.stem, [None, None])
        slot[0 if path.suffix == ".txt" else 1] = path
    out: dict[str, tuple[Path, Path]] = {}
    for stem, (txt, yml) in pairs.items():
        if stem in refused:
            continue
        if txt is None and yml is not None:
            problems.append(Problem(yml, f"has no captured text beside it ({stem}.txt).", None,
                                    f"add sources/{stem}.txt, or remove this file."))
        elif yml is None and txt is not None:
            problems.append(Problem(txt, f"has no metadata file beside it ({stem}.yaml).", None,
                                    f"add sources/{stem}.yaml with title, outlet, url and date, "
                                    "or use `briefbook add` to make both."))
        elif txt is not None and yml is not None:
            out[stem] = (txt, yml)
    return out, problems


def load_source(txt: Path, yml: Path) -> Source:
    """Load and validate one source pair; raise BriefbookError with every problem."""
    problems: list[Problem] = []
    text = raw = None
    try:
        raw = txt.read_bytes()
        text = read_text(txt)
    except BriefbookError as exc:
        problems.extend(exc.problems)
    if text is not None and not text.strip():
        problems.append(Problem(txt, "is empty: there is no captured text.", None,
                                "paste the article's text into it, or remove the source."))
    meta = None
    lines = LineMap()
    try:
        data, lines = load_yaml(yml)
        meta = validate(yml, SourceMeta, data, lines)
    except BriefbookError as exc:
        problems.extend(exc.problems)
    if problems or raw is None or text is None or meta is None:
        raise BriefbookError(problems)
    digest = hashlib.sha256(raw).hexdigest()
    if meta.sha256 is not None and meta.sha256 != digest:
        raise BriefbookError([Problem(
            txt, f"no longer matches the SHA-256 recorded in {yml.name} "
                 f"(recorded {meta.sha256[:12]}…, now {digest[:12]}…): the captured text was changed.",
            None, f"restore the captured text; if the change is deliberate, set sha256: {digest} in {yml.name}.",
        )])
    # A byte-order mark is not part of the article.
    return Source(txt.stem, text.removeprefix("\ufeff"), digest, meta, txt, yml, lines)


def _free_key(key: str, taken: dict[str, Source]) -> str:
    """The key with the first letter (b, c, …) that no source uses: 'tehran-times-2020b'."""
    return next((f"{key}{letter}" for letter in "bcdefghijklmnopqrstuvwxyz" if f"{key}{letter}" not in taken),
                f"{key}-{len(taken) + 1}")


def load_sources(folder: Path, report: list[Problem] | None = None) -> list[Source]:
    """Every source in the folder, sorted by slug; BriefbookError lists all problems
    (or, given a `report` list, they are added to it and the sources that loaded are returned)."""
    if not folder.is_dir():
        raise BriefbookError([Problem(folder, "is not a folder of sources.", None,
                                      "pass --sources DIR pointing at the folder with the .txt and .yaml files.")])
    pairs, problems = _pairs(folder)
    sources: list[Source] = []
    for stem in sorted(pairs):
        try:
            sources.append(load_source(*pairs[stem]))
        except BriefbookError as exc:
            problems.extend(exc.problems)
    seen: dict[str, Source] = {}
    for src in sources:
        other = seen.setdefault(src.key, src)
        if other is not src:
            problems.append(Problem(
                src.yaml_path, f"has the citation key {src.key!r}, which {other.yaml_path.name} has too.",
                src.lines.line(("key",)) if src.meta.key else None,
                f"give one of them its own key, for example `key: {_free_key(src.key, seen)}`.",
            ))
    if report is not None:
        report.extend(problems)
        return sources
    if problems:
        raise BriefbookError(problems)
    return sources
