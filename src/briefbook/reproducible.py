"""What makes two builds of the same inputs byte-identical wherever they run (no Sphinx).

Two things would otherwise tie a build to the moment or the place it ran:

- **Dates.** The cover's "Compiled …", the brief's "Information as of …" (when conf.py gives no
  ``briefbook_as_of``) and the PDFs' dates follow ``SOURCE_DATE_EPOCH``. When it is not set,
  ``briefbook build`` sets it from the inputs (``source_date``): conf.py's ``briefbook_as_of`` when
  it is a plain date, else the newest date or access date of the book's sources, else 0.
- **The PDF's trailer /ID**, which LuaTeX makes from the output file's path and the time: every
  LaTeX document gets a fixed one, the SHA-256 of its own text (``add_trailer_id``).
"""

from __future__ import annotations

import ast
import contextlib
import datetime as dt
import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import BriefbookError, Problem
from .model import MONTHS

ENV = "SOURCE_DATE_EPOCH"


@dataclass(frozen=True)
class SourceDate:
    """The SOURCE_DATE_EPOCH of a build and where it came from (said in the manifest)."""

    epoch: int
    origin: str


def day_epoch(day: dt.date) -> int:
    """Midnight UTC of a day, in seconds since 1970."""
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


def parse_day(text: str) -> dt.date | None:
    """A date written as "31 October 2025" (as the book prints dates) or "2025-10-31"; None otherwise."""
    text = " ".join(text.split())
    with contextlib.suppress(ValueError):
        if m := re.fullmatch(r"(\d{1,2}) ([A-Za-z]+) (\d{4})", text):
            months = [m_.lower() for m_ in MONTHS]
            if m.group(2).lower() in months:
                return dt.date(int(m.group(3)), months.index(m.group(2).lower()) + 1, int(m.group(1)))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
    return None


def conf_as_of(conf: Path) -> str | None:
    """conf.py's ``briefbook_as_of`` when it is a plain string (read, not run), else None."""
    try:
        tree = ast.parse(conf.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return None
    found = None
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "briefbook_as_of"
                                                for t in node.targets):
            found = node.value.value if isinstance(node.value, ast.Constant) and isinstance(node.value.value,
                                                                                             str) else None
    return found


def source_date(dates: list[dt.date], conf: Path | None, environ: dict[str, str] | None = None,
                edition: str | None = None) -> SourceDate:
    """The build's SOURCE_DATE_EPOCH: the environment's when set, else one the inputs determine.

    dates: the sources' dates and access dates (full dates, or the first day of a partial one);
    edition: the date of the published edition the book is (ISO), if it is one."""
    env = os.environ if environ is None else environ
    given = env.get(ENV, "").strip()
    if given:
        if not given.isdigit():
            raise BriefbookError([Problem(Path(ENV), f"is {given!r}; expected a whole number of seconds since "
                                                     "1 January 1970 (UTC).", None,
                                          f"unset it (briefbook then takes the date from the book) or set it "
                                          f"to a number, for example `export {ENV}=1761868800`.")])
        return SourceDate(int(given), f"the environment's {ENV}")
    if edition:
        return SourceDate(day_epoch(dt.date.fromisoformat(edition)), f"the date of the edition the book is ({edition})")
    as_of = conf_as_of(conf) if conf is not None else None
    day = parse_day(as_of) if as_of else None
    if day is not None:
        return SourceDate(day_epoch(day), f"briefbook_as_of in {conf.name if conf else 'conf.py'} ({as_of})")
    if dates:
        newest = max(dates)
        return SourceDate(day_epoch(newest), f"the newest date or access date of a source ({newest.isoformat()})")
    return SourceDate(0, "no date in the inputs (no briefbook_as_of, no source)")


@contextlib.contextmanager
def source_date_set(epoch: int) -> Iterator[None]:
    """SOURCE_DATE_EPOCH set for what runs inside (Sphinx, latexmk), restored after."""
    before = os.environ.get(ENV)
    os.environ[ENV] = str(epoch)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(ENV, None)
        else:
            os.environ[ENV] = before


TRAILER = "\\pdfvariable trailerid"
_TRAILER_LINE = re.compile(r"^\\ifdefined\\pdfvariable\\pdfvariable trailerid[^\n]*\n", re.M)


def trailer_id_line(text: str) -> str:
    """The line that gives a LaTeX document's PDF a fixed /ID: the first 16 bytes of its text's SHA-256."""
    digest = hashlib.sha256(_TRAILER_LINE.sub("", text).encode("utf-8")).hexdigest()[:32].upper()
    return f"\\ifdefined\\pdfvariable{TRAILER} {{[<{digest}> <{digest}>]}}\\fi\n"


def add_trailer_id(tex: Path) -> None:
    """Put (or refresh) the fixed trailer /ID line just before the .tex file's ``\\documentclass``."""
    text = tex.read_text(encoding="utf-8")
    bare = _TRAILER_LINE.sub("", text)
    m = re.search(r"^\\documentclass", bare, re.M)
    if m is None:
        return
    at = m.start()
    new = bare[:at] + trailer_id_line(bare) + bare[at:]
    if new != text:
        tmp = tex.with_name(f".{tex.name}.tmp")
        tmp.write_text(new, encoding="utf-8")
        tmp.replace(tex)
