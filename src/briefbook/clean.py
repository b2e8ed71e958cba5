"""Separate web-page residue from the article body, and number its paragraphs."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlsplit

from .load import Source

#: Lines that are page furniture wherever they occur (matched against the stripped line).
FURNITURE = [
    (re.compile(r"(?i)^updated on\b.*$"), "page furniture (update stamp)"),
    (re.compile(r"(?i)^published on\b.*$"), "page furniture (publication stamp)"),
    (re.compile(r"(?i)^\d+\s*min(ute)?s?\s+read$"), "page furniture (reading time)"),
    (re.compile(r"(?i)^(related|recommended) (stories|articles|posts)$"), "page furniture (related-stories heading)"),
    (re.compile(r"(?i)^no stories found\.?$"), "page furniture (empty related-stories list)"),
    (re.compile(r"(?i)^(share|share this|advertisement|read more|print|tags:?)$"), "page furniture"),
]
LICENCE = re.compile(
    r"(?i)(?:^|(?<=\s))(All (?:Content|content|material) by .{1,80}? is licensed under an? (?:Creative Commons|CC)\b.{1,120}?"
    r"(?:License|Licence)\.?)\s*$"
)
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "col", "lt", "sgt", "capt", "maj", "gov", "sen", "rep",
    "no", "vs", "etc", "e.g", "i.e", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "inc", "ltd", "co", "corp", "jr", "sr", "fig", "approx",
}
#: A line longer than this is split into paragraphs at sentence boundaries.
LONG_LINE = 900
PARA_MIN, PARA_MAX = 350, 650


@dataclass(frozen=True)
class Paragraph:
    """A numbered paragraph of the article body (¶number), and the text line it came from."""

    number: int
    text: str
    line: int


@dataclass(frozen=True)
class SetAside:
    """A line (or the end of one) that is not article text, and why."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class Cleaned:
    """The body paragraphs, what was set aside, and a licence found in the text."""

    paragraphs: tuple[Paragraph, ...]
    set_aside: tuple[SetAside, ...]
    licence: str | None


def split_lines(text: str) -> list[str]:
    """Split at CRLF, CR or LF only (not at the other characters str.splitlines knows)."""
    return re.split(r"\r\n|\r|\n", text)


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().casefold()


def sentence_breaks(text: str) -> list[int]:
    """Offsets of single spaces that end a sentence outside any quotation (the space is the separator)."""
    breaks, depth, straight, scanned = [], 0, False, 0
    for m in re.finditer(r"[.!?][\"'”’)\]]* (?=[“\"‘'(]?[A-Z0-9])", text):
        cut = m.end() - 1
        chunk = text[scanned:cut]
        depth = max(0, depth + chunk.count("“") - chunk.count("”"))
        straight ^= chunk.count('"') % 2 == 1
        scanned = cut
        if depth or straight:
            continue
        if text[m.start()] == ".":
            word = re.search(r"(\S+)$", text[max(0, m.start() - 40): m.start()])
            token = word.group(1).lstrip("“\"‘'(") if word else ""
            if token.lower() in ABBREVIATIONS or re.fullmatch(r"(?:[A-Za-z]\.)*[A-Za-z]", token):
                continue
        breaks.append(cut)
    return breaks


def split_long(text: str) -> list[str]:
    """Split a very long line into readable paragraphs; ' '.join(result) == text."""
    if len(text) <= LONG_LINE:
        return [text]
    breaks = sentence_breaks(text)
    parts, start = [], 0
    for k, cut in enumerate(breaks):
        following = breaks[k + 1] if k + 1 < len(breaks) else len(text)
        if cut - start >= PARA_MIN and (cut - start >= PARA_MAX or following - start > PARA_MAX):
            parts.append(text[start:cut])
            start = cut + 1
    parts.append(text[start:])
    return parts


def clean(source: Source) -> Cleaned:
    """Classify each line of the captured text as body or residue; number the body."""
    lines = split_lines(source.text)
    meta = source.meta
    host = urlsplit(meta.url).netloc.lower().removeprefix("www.")
    site_names = {_norm(meta.outlet), host}
    counts = Counter(_norm(l) for l in lines if l.strip())
    repeated = {t for t, n in counts.items() if n > 1 and not SENTENCE_END.search(t)}
    reasons: dict[int, str] = {}
    licence = None
    tails: dict[int, tuple[str, str]] = {}  # line -> (kept head, set-aside tail)

    for i, line in enumerate(lines):
        t = _norm(line)
        if not t:
            continue
        if t == _norm(meta.title):
            reasons[i] = "headline (shown as the page title)"
        elif t in repeated:
            reasons[i] = "repeated line (photo caption)"
        elif any(t.startswith(r) and not SENTENCE_END.search(t) for r in repeated):
            reasons[i] = "photo caption and credit"
        elif t in site_names:
            reasons[i] = "site name"
        elif m := LICENCE.search(line):
            licence = m.group(1).strip()
            head = line[: m.start()].rstrip()
            if head.strip():
                tails[i] = (head, line[m.start():].strip())
            else:
                reasons[i] = "licence line (moved to the headnote)"
        else:
            for rx, why in FURNITURE:
                if rx.match(line.strip()):
                    reasons[i] = why
                    break

    # After the last line of prose, short lines without a full stop are link lists.
    prose = [i for i, l in enumerate(lines) if l.strip() and i not in reasons and SENTENCE_END.search(l.strip())]
    if prose:
        for i in range(prose[-1] + 1, len(lines)):
            if lines[i].strip() and i not in reasons:
                reasons[i] = "related-story link or footer after the article's end"

    for n in meta.cleaning.set_aside_lines:
        if 0 < n <= len(lines) and n - 1 not in reasons:
            reasons[n - 1] = "set aside by the analyst (cleaning.set_aside_lines)"
    for n in meta.cleaning.keep_lines:
        reasons.pop(n - 1, None)

    paragraphs: list[Paragraph] = []
    aside: list[SetAside] = []
    for i, line in enumerate(lines):
        if i in reasons:
            aside.append(SetAside(i + 1, line, reasons[i]))
            continue
        if i in tails:
            line, tail = tails[i]
            aside.append(SetAside(i + 1, tail, "licence line at the end of the text (moved to the headnote)"))
        if not line.strip():
            continue
        for part in split_long(line):
            paragraphs.append(Paragraph(len(paragraphs) + 1, part, i + 1))
    aside.sort(key=lambda s: s.line)
    return Cleaned(tuple(paragraphs), tuple(aside), licence)
