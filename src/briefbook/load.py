"""Load a sources folder into validated source records."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import labels, limits
from .errors import BriefbookError, Problem
from .model import SourceMeta
from .yamlio import LineMap, decode, parse_yaml, read_text, validate

#: Files in sources/ that are book data, not captured articles.
RESERVED = {"glossary.yaml", "timeline.yaml", "judgments.yaml", "changes.yaml", "references.bib", "README.md"}
#: A source's paragraph lock, beside it (lock.py reads and checks it).
LOCK_SUFFIX = ".paras"
SLUG = re.compile(r"[a-z0-9][a-z0-9._-]*")
#: Slugs that would collide with the book's own pages or files (docs/sources/index.md, …).
RESERVED_SLUGS = {"index", "glossary", "timeline", "references", "readme", "genindex", "search"}


def slug_problem(slug: str) -> str | None:
    """Why a name cannot be a source's slug (its page name), or None when it can."""
    if slug in RESERVED_SLUGS:
        return f"{slug!r} is the name of one of the book's own pages"
    if not SLUG.fullmatch(slug):
        return f"{slug!r} is not a usable page name"
    return None


@dataclass(frozen=True)
class Source:
    """One captured article: its exact text, its hash and its validated metadata."""

    slug: str
    text: str
    sha256: str
    meta: SourceMeta
    txt_path: Path
    yaml_path: Path
    #: The original capture (a saved page, PDF or web archive) the text was derived from, if any.
    original_path: Path | None = None
    #: The rest of a web page's text, which the extractor left out (one block a line), and its file.
    left_out: tuple[str, ...] = ()
    residue_path: Path | None = None
    #: Set by load_sources, which sees every source (letters for outlet-year defaults).
    assigned_key: str | None = None
    assigned_label: str | None = None
    #: The line of every value of the .yaml, for messages that name it.
    lines: LineMap = field(default_factory=LineMap, compare=False, repr=False)
    #: The SHA-256 of the .yaml's text: a later load of the same text reuses the validated metadata.
    yaml_sha256: str = ""

    @property
    def key(self) -> str:
        """The citation key: given in the metadata, else outlet and year (lettered where they clash)."""
        return self.assigned_key or self.meta.key or default_key(self.meta.outlet, self.meta.date.year)

    @property
    def label(self) -> str:
        """The short in-text label: outlet and year, and the key's letter ("Tehran Times 2020b")."""
        return self.assigned_label or labels.label(self.meta.outlet, self.meta.date.year, self.key, [self.key])


def default_key(outlet: str, year: int) -> str:
    """'Tehran Times', 2020 -> 'tehran-times-2020' (transliterated: a Cyrillic outlet gets a readable key)."""
    return labels.key_base(outlet, year)


def _yaml_line(path: Path, key: str) -> int | None:
    """The line of a top-level key in a metadata file (for messages)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((n for n, line in enumerate(lines, 1) if line.startswith(f"{key}:")), None)


def _check_file(path: Path, recorded: str | None, yml: Path, what: str, field: str) -> list[Problem]:
    """A file named in the capture block exists beside the source and matches its recorded hash."""
    line = _yaml_line(yml, "capture")
    if not os.path.lexists(path):
        return [Problem(yml, f"names {what} {path.name} (capture.{field}), which is not in the sources folder.", line,
                        f"put the file back as sources/{path.name}, or remove the `capture:` block "
                        "(the .txt then stands alone).")]
    if recorded is None:
        return []
    try:
        digest = limits.sha256_of(path)
    except BriefbookError as exc:
        return exc.problems
    if digest != recorded:
        key = "sha256" if field == "file" else "residue_sha256"
        return [Problem(path, f"no longer matches the SHA-256 recorded in {yml.name} (capture.{key}: recorded "
                              f"{recorded[:12]}…, now {digest[:12]}…): the file was changed.", None,
                        f"restore the file as captured; if the change is deliberate, set `{key}: {digest}` under "
                        f"`capture:` in {yml.name}.")]
    return []


def _capture_files(txt: Path, yml: Path, meta: SourceMeta) -> tuple[Path | None, Path | None, list[Problem]]:
    """The original and residue files a source's capture block names, checked."""
    cap = meta.capture
    if cap is None:
        return None, None, []
    folder, stem = txt.parent, txt.stem
    problems = []
    for name, part in ((cap.file, "file"), (cap.residue, "residue")):
        if name is not None and (not name.startswith(f"{stem}.") or name in (txt.name, yml.name)):
            problems.append(Problem(yml, f"capture.{part}: {name!r} is not a file beside {txt.name}.",
                                    _yaml_line(yml, "capture"),
                                    f"name the file after the source, for example `{part}: {stem}.{cap.type}`."))
    if problems:
        return None, None, problems
    original = folder / cap.file
    problems += _check_file(original, cap.sha256, yml, "the original capture", "file")
    residue = folder / cap.residue if cap.residue else None
    if residue is not None:
        problems += _check_file(residue, cap.residue_sha256, yml, "the left-out text", "residue")
    return original, residue, problems


def _pairs(folder: Path) -> tuple[dict[str, tuple[Path, Path]], list[Problem], dict[Path, Problem]]:
    """Text-and-metadata pairs, problems, and loose files (a problem unless a source's capture block names them)."""
    pairs: dict[str, list[Path | None]] = {}
    problems: list[Problem] = []
    loose: dict[Path, Problem] = {}
    root = folder.resolve()
    refused: set[str] = set()
    for path in sorted(folder.iterdir()):
        if any(not ch.isprintable() for ch in path.name):
            problems.append(Problem(folder / repr(path.name)[1:-1], "has a line break or another control character in "
                                    "its name, which no page name may have.", None,
                                    "rename it to lower-case letters, digits, '-', '_' and '.' (`mv` with the name "
                                    "in quotes)."))
            refused.add(path.stem)
            continue
        if path.name.startswith(".") and path.suffix in (".txt", ".yaml") and not path.name.startswith(".#"):
            problems.append(Problem(path, "is hidden (its name starts with a dot), so it would be left out of the book.",
                                    None, f"rename it without the dot (`mv {path.name} {path.name.lstrip('.')}` in "
                                          "the sources folder), or move it out of the folder."))
            continue
        if path.name.startswith(".") or path.is_dir():
            continue  # hidden files (editors' swap and lock files, .gitkeep) and folders are not book data
        if path.is_symlink() and root not in path.resolve().parents:
            problems.append(Problem(path, "is a link to a file outside the sources folder, which briefbook never reads.",
                                    None, "copy the file into the sources folder instead of linking to it."))
            refused.add(path.stem)
            continue
        if path.name in RESERVED or path.suffix == LOCK_SUFFIX:
            continue
        if path.suffix not in (".txt", ".yaml"):
            fix = "rename it to .yaml." if path.suffix == ".yml" else "move it out of the sources folder."
            loose[path] = Problem(path, "is neither a captured text (.txt) nor its metadata (.yaml), nor an original "
                                        "capture named in a source's metadata (capture.file).", None, fix)
            continue
        why = slug_problem(path.stem)
        if why is not None:
            problems.append(
                Problem(path, f"has a name briefbook cannot use: {why}.", None,
                        "rename the .txt and the .yaml to lower-case letters, digits, '-', '_' and '.', "
                        "for example tehran-times-2020-lavrov.txt and tehran-times-2020-lavrov.yaml.")
            )
            continue
        slot = pairs.setdefault(path.stem, [None, None])
        slot[0 if path.suffix == ".txt" else 1] = path
    out = {}
    for stem, (txt, yml) in pairs.items():
        if stem in refused:
            continue
        if txt is None and yml is not None:
            problems.append(Problem(yml, f"has no captured text beside it ({stem}.txt).", None,
                                    f"add sources/{stem}.txt, or remove this file."))
        elif yml is None and txt is not None:
            loose[txt] = Problem(txt, f"has no metadata file beside it ({stem}.yaml).", None,
                                 f"add sources/{stem}.yaml with title, outlet, url and date, "
                                 "or use `briefbook add` to make both.")
        elif txt is not None and yml is not None:
            out[stem] = (txt, yml)
    return out, problems, loose


def load_source(txt: Path, yml: Path, previous: Source | None = None) -> Source:
    """Load and validate one source pair; raise BriefbookError with every problem.

    `previous`: this source as loaded before; when its .yaml holds the same text, its validated metadata is
    taken as it is (validating the same text again gives the same record). Everything else is checked again."""
    problems: list[Problem] = []
    text = raw = None
    try:
        raw = limits.read_input(txt)
        text = decode(txt, raw)
    except BriefbookError as exc:
        problems.extend(exc.problems)
    if text is not None and not text.strip():
        problems.append(Problem(txt, "is empty: there is no captured text.", None,
                                "paste the article's text into it, or remove the source."))
    meta = None
    lines = LineMap()
    yaml_digest = ""
    try:
        yaml_text = read_text(yml)
        yaml_digest = hashlib.sha256(yaml_text.encode()).hexdigest()
        if previous is not None and previous.yaml_path == yml and previous.yaml_sha256 == yaml_digest:
            meta, lines = previous.meta, previous.lines
        else:
            data, lines = parse_yaml(yml, yaml_text)
            meta = validate(yml, SourceMeta, data, lines)
    except BriefbookError as exc:
        problems.extend(exc.problems)
    if problems or raw is None or text is None or meta is None:
        raise BriefbookError(problems)
    digest = hashlib.sha256(raw).hexdigest()
    if meta.sha256 is not None and meta.sha256 != digest:
        problems.append(Problem(
            txt, f"no longer matches the SHA-256 recorded in {yml.name} "
                 f"(recorded {meta.sha256[:12]}…, now {digest[:12]}…): the captured text was changed.",
            None, f"restore the captured text; if the change is deliberate, set sha256: {digest} in {yml.name}.",
        ))
    original, residue, found = _capture_files(txt, yml, meta)
    problems += found
    left_out: tuple[str, ...] = ()
    if residue is not None and not found:
        try:
            left_out = tuple(line for line in read_text(residue).splitlines() if line.strip())
        except BriefbookError as exc:
            problems.extend(exc.problems)
    if problems:
        raise BriefbookError(problems)
    # A byte-order mark is not part of the article.
    return Source(txt.stem, text.removeprefix("\ufeff"), digest, meta, txt, yml, original, left_out, residue,
                  lines=lines, yaml_sha256=yaml_digest)


def with_keys(sources: list[Source]) -> list[Source]:
    """The sources with their citation keys and labels settled (see labels.py)."""
    cited = [labels.Cited(s.slug, s.meta.outlet, s.meta.date.year, s.meta.key, (s.meta.date, s.meta.title, s.slug))
             for s in sources]
    keys = labels.assign_keys(cited)
    every = list(keys.values())
    return [replace(s, assigned_key=keys[s.slug],
                    assigned_label=labels.label(s.meta.outlet, s.meta.date.year, keys[s.slug], every))
            for s in sources]



def load_sources(folder: Path, report: list[Problem] | None = None,
                 previous: dict[str, Source] | None = None) -> list[Source]:
    """Every source in the folder, sorted by slug; BriefbookError lists all problems
    (or, given a `report` list, they are added to it and the sources that loaded are returned).
    `previous`: the sources of an earlier load, by slug (see load_source)."""
    if not folder.is_dir():
        raise BriefbookError([Problem(folder, "is not a folder of sources.", None,
                                      "pass --sources DIR pointing at the folder with the .txt and .yaml files.")])
    pairs, problems, loose = _pairs(folder)
    sources: list[Source] = []
    failed: set[str] = set()
    for stem in sorted(pairs):
        try:
            sources.append(load_source(*pairs[stem], previous=(previous or {}).get(stem)))
        except BriefbookError as exc:
            problems.extend(exc.problems)
            failed.add(stem)
    claimed = {p for s in sources for p in (s.original_path, s.residue_path) if p is not None}
    for path, problem in loose.items():
        # Files of a source whose metadata could not be read are not reported twice.
        if path not in claimed and not any(path.name.startswith(f"{stem}.") for stem in failed):
            problems.append(problem)
    sources = with_keys(sources)
    seen: dict[str, Source] = {}
    for src in sources:
        other = seen.setdefault(src.key, src)
        if other is not src:
            free = labels.next_lettered(default_key(src.meta.outlet, src.meta.date.year), seen)
            problems.append(Problem(
                src.yaml_path, f"has the citation key {src.key!r}, which {other.yaml_path.name} has too.",
                src.lines.line(("key",)) if src.meta.key else None,
                f"give one of them its own key, for example `key: {free}`.",
            ))
    if report is not None:
        report.extend(problems)
        return sources
    if problems:
        raise BriefbookError(problems)
    return sources
