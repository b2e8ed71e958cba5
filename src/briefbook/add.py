"""`briefbook add`: a captured file -> a new source in sources/, valid with the rest, or nothing at all.

The capture is read by content (briefbook.capture); the original is kept byte for byte beside
the text derived from it; the key and slug are chosen so nothing existing changes; every file
is created new (never replacing one), and the whole folder is validated afterwards: on any
problem exactly the files written are removed again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from pydantic import ValidationError
from slugify import slugify

from . import labels
from .capture import Capture, extract
from .errors import BriefbookError, Problem
from .limits import MAX_ORIGINAL_BYTES, MAX_TEXT_BYTES, SPLIT_HINT
from .load import RESERVED_SLUGS, Source, slug_problem
from .model import SourceMeta
from .write import write_new

SLUG_LENGTH = 60
#: Where each required value can be given on the command line, what it is called, and a placeholder.
FLAGS = {"title": "--title", "outlet": "--outlet", "url": "--url", "date": "--date"}
WORDS = {"title": ("headline", '"HEADLINE"'), "outlet": ("outlet", '"OUTLET NAME"'),
         "url": ("address", "https://…"), "date": ("date", "YYYY-MM-DD")}
KIND_WORDS = {"text": "plain text", "html": "the page", "mhtml": "the page", "pdf": "the PDF", "warc": "the archived page",
              "wacz": "the archived page"}


@dataclass
class Request:
    """What the user asked for: the file, and values that override what the capture says."""

    file: Path
    sources: Path
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    date: str | None = None
    date_approximate: str | None = None
    accessed: str | None = None
    authors: list[str] = field(default_factory=list)
    key: str | None = None
    slug: str | None = None


@dataclass
class Added:
    """What `add` did."""

    slug: str
    key: str
    label: str
    written: list[Path]
    capture: Capture


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def same_address(url: str) -> str:
    """An address compared for duplicates: no scheme, 'www.', fragment or trailing slash; host in lower case."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}{'?' + parts.query if parts.query else ''}"


def existing_sources(folder: Path) -> list[Source]:
    """The folder's sources, which must be valid already (add never makes a bad folder worse)."""
    if not folder.exists():
        return []
    from .book import load_book

    try:
        book = load_book(folder)
    except BriefbookError as exc:
        problems = exc.problems
    else:
        return [s for s, _ in book.sources]
    lead = Problem(folder, "has problems already (listed below), so nothing was added.", None,
                   "fix them (`briefbook check` lists them), then add the capture again.")
    raise BriefbookError([lead, *problems])


def metadata(req: Request, cap: Capture) -> dict:
    """The new source's metadata: the flags, else what the capture says; refuse if something is missing."""
    pre = cap.prefill
    values = {"title": req.title or pre.title, "outlet": req.outlet or pre.outlet,
              "url": req.url or pre.url, "date": req.date or pre.date}
    missing = [k for k, v in values.items() if not v]
    if missing:
        words = [WORDS[k][0] for k in missing]
        what = words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"
        flags = " ".join(f"{FLAGS[k]} {WORDS[k][1]}" for k in missing)
        raise BriefbookError([Problem(req.file, f"does not give the source's {what}: {KIND_WORDS[cap.kind.split('.')[0]]} "
                                                "does not say.", None, f"add {flags} to the command.")])
    data: dict = dict(values)
    if req.date_approximate:
        data["date_approximate"] = req.date_approximate
    authors = req.authors or list(pre.authors)
    if authors:
        data["authors"] = authors
    if req.accessed or pre.accessed:
        data["accessed"] = req.accessed or pre.accessed
    return data


def _validate(req: Request, data: dict) -> SourceMeta:
    try:
        return SourceMeta.model_validate(data)
    except ValidationError as exc:
        problems = []
        for e in exc.errors():
            name = str(e["loc"][0])
            where = Path(FLAGS.get(name, "--" + name.replace("_", "-")))
            problems.append(Problem(where, e["msg"].removeprefix("Value error, ") + "."))
        raise BriefbookError(problems) from None


def refuse_duplicates(req: Request, cap: Capture, url: str, existing: list[Source]) -> None:
    """The same capture (original or text) or the same address is refused, naming the source that has it."""
    original, text = _sha(cap.original), _sha(cap.text.encode("utf-8"))
    for src in existing:
        hashes = {src.sha256} | ({src.meta.capture.sha256} if src.meta.capture else set())
        if original in hashes or text in hashes:
            why = "the same capture"
        elif same_address(src.meta.url) == same_address(url):
            why = f"the same address ({src.meta.url})"
        else:
            continue
        raise BriefbookError([Problem(req.file, f"is already a source: {src.yaml_path} has {why}.", None,
                                      f"keep the existing source ({src.key}); to replace it, remove "
                                      f"{src.slug}.* from {req.sources} first.")])


def choose_slug(req: Request, meta: SourceMeta, suffixes: list[str]) -> str:
    """The file name: --slug, else outlet, year and title (ASCII, cut at a word), made unique."""
    if req.slug:
        why = slug_problem(req.slug)
        if why is not None:
            raise BriefbookError([Problem(Path("--slug"), f"{why}.", None,
                                          "use lower-case letters, digits and '-', and none of "
                                          f"{', '.join(sorted(RESERVED_SLUGS))}.")])
        taken = [req.sources / f"{req.slug}{s}" for s in suffixes if (req.sources / f"{req.slug}{s}").exists()]
        if taken:
            raise BriefbookError([Problem(p, "already exists; briefbook add never replaces a source.", None,
                                          "choose another --slug, or remove the old source first.") for p in taken])
        return req.slug
    base = slugify(f"{meta.outlet} {meta.date.year} {meta.title}", max_length=SLUG_LENGTH, word_boundary=True,
                   save_order=True) or f"source-{meta.date.year}"
    if base in RESERVED_SLUGS:
        base = f"{base}-{meta.date.year}"
    slug, n = base, 1
    while any((req.sources / f"{slug}{s}").exists() for s in suffixes):
        n += 1
        slug = f"{base}-{n}"
    return slug


def _yaml(data: dict, cap: Capture, txt: str) -> str:
    head = f"# Metadata and annotations for {txt} (see sources/README.md).\n"
    if cap.extractor:
        head += f"# The text was made from the original capture by {cap.extractor}; check the values it gave.\n"
    return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def add(req: Request) -> Added:
    """Add one captured file as a new source; BriefbookError (with nothing written) on any problem."""
    if not req.file.is_file():
        raise BriefbookError([Problem(req.file, "does not exist or is not a file.", None,
                                      "give the path of the saved page, PDF, web archive or text.")])
    size = req.file.stat().st_size
    if size > MAX_ORIGINAL_BYTES:
        raise BriefbookError([Problem(req.file, f"is {size:,} bytes; briefbook adds captures of at most "
                                                f"{MAX_ORIGINAL_BYTES:,} bytes.", None,
                                      "save the page without its media, compress the PDF, or split the document.")])
    existing = existing_sources(req.sources)
    cap = extract(req.file, url=req.url)
    data = metadata(req, cap)
    meta = _validate(req, data)
    refuse_duplicates(req, cap, meta.url, existing)
    taken = {s.key for s in existing}
    key = req.key or labels.next_key(labels.key_base(meta.outlet, meta.date.year), taken)
    if key in taken:
        owner = next(s for s in existing if s.key == key)
        raise BriefbookError([Problem(Path("--key"), f"{key!r} is the key of {owner.yaml_path.name} already.", None,
                                      f"leave --key out (add chooses a free one), or give another, for example "
                                      f"--key {labels.next_lettered(key, taken)}.")])
    files: dict[str, bytes] = {}
    text_size = len(cap.original) if cap.kind == "text" else len(cap.text.encode("utf-8"))
    if text_size > MAX_TEXT_BYTES:
        raise BriefbookError([Problem(req.file, f"gives {text_size:,} bytes of text; a source holds at most "
                                                f"{MAX_TEXT_BYTES:,}.", None, SPLIT_HINT)])
    if cap.kind == "text":
        files[".txt"] = cap.original  # byte for byte, as captured
    else:
        files[".txt"] = cap.text.encode("utf-8")
        files[cap.suffix] = cap.original
        if cap.left_out:
            files[".residue.txt"] = ("\n".join(cap.left_out) + "\n").encode("utf-8")
    slug = choose_slug(req, meta, [*files, ".yaml"])
    data = {**{k: data[k] for k in ("title", "outlet", "url", "date") if k in data}, **data, "key": key,
            "sha256": _sha(files[".txt"])}
    if cap.kind != "text":
        block = {"file": f"{slug}{cap.suffix}", "sha256": _sha(cap.original), "type": cap.type,
                 "extractor": cap.extractor}
        if cap.record_digest:
            block["record_digest"] = cap.record_digest
        if ".residue.txt" in files:
            block["residue"] = f"{slug}.residue.txt"
            block["residue_sha256"] = _sha(files[".residue.txt"])
        data["capture"] = block
    files[".yaml"] = _yaml(data, cap, f"{slug}.txt").encode("utf-8")
    return _write_and_check(req, slug, key, files, cap)


def _write_and_check(req: Request, slug: str, key: str, files: dict[str, bytes], cap: Capture) -> Added:
    """Create every file, then validate the whole folder; on any problem remove exactly what was written."""
    from .book import load_book
    from .lock import lock_path, render_lock

    created = not req.sources.exists()
    req.sources.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    try:
        for suffix in [s for s in files if s != ".yaml"] + [".yaml"]:  # the metadata last: no half source is ever whole
            path = req.sources / f"{slug}{suffix}"
            write_new(path, files[suffix])
            written.append(path)
        book = load_book(req.sources)  # every check `briefbook check` runs
        # The paragraphs as they are when the source arrives: later changes cannot move them silently.
        mine, cleaned = next(sc for sc in book.sources if sc[0].slug == slug)
        lock = lock_path(mine)
        write_new(lock, render_lock(mine, cleaned).encode("utf-8"))
        written.append(lock)
    except FileExistsError as exc:
        _remove(written, req.sources if created else None)
        raise BriefbookError([Problem(Path(exc.filename or slug), "appeared while adding; briefbook add never "
                                      "replaces a file.", None, "add the capture again.")]) from None
    except BaseException:
        _remove(written, req.sources if created else None)
        raise
    return Added(slug, mine.key, mine.label, written, cap)


def _remove(paths: list[Path], folder: Path | None) -> None:
    """Remove exactly the files add wrote (and the folder, if add made it and it is empty again)."""
    for path in reversed(paths):
        path.unlink(missing_ok=True)
    if folder is not None and not any(folder.iterdir()):
        folder.rmdir()
