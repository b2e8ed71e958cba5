"""Separate web-page residue and page furniture from the article body, and number its paragraphs."""

from __future__ import annotations

import bisect
import os
import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlsplit

from .load import Source
from .pages import running_furniture

#: Lines that are page furniture wherever they occur (matched against the stripped line).
FURNITURE = [
    (re.compile(r"(?i)^updated on\b.*$"), "page furniture (update stamp)"),
    (re.compile(r"(?i)^published on\b.*$"), "page furniture (publication stamp)"),
    (re.compile(r"(?i)^\d+\s*min(ute)?s?\s+read$"), "page furniture (reading time)"),
    (re.compile(r"(?i)^(related|recommended) (stories|articles|posts)$"), "page furniture (related-stories heading)"),
    (re.compile(r"(?i)^no stories found\.?$"), "page furniture (empty related-stories list)"),
    (re.compile(r"(?i)^(share|share this|advertisement|read more|print|tags:?)$"), "page furniture"),
    # A photo credit or caption credit: "Photo: AFP", "(Photo: Reuters)", "Photo credit: …", "Photograph by …".
    (re.compile(r"(?i)^\(?(?:photo|photograph|image|picture)s?(?:\s+credit)?\s*(?::|by\b|/|©)\s*\S.{0,150}$"),
     "page furniture (photo credit)"),
    # A link to another story: "Related: …", "Read also: …", "See also: …".
    (re.compile(r"(?i)^(?:related|read also|also read|read more|see also|more on this)\s*:\s*\S.{0,200}$"),
     "page furniture (link to another story)"),
    # "© 2025 Tehran Times. All rights reserved.", "Copyright 2025 Reuters", "(c) Interfax".
    (re.compile(r"(?i)^(?:©|\(c\)|copyright\s*(?:©|\(c\))?)\s*(?:\d{4}\b.{0,150}|.{0,120}all rights reserved\.?)$"),
     "page furniture (copyright line)"),
]
#: A byline: "By Mina Rostami", "By Mina Rostami and John Doe, Reuters", "By MINA ROSTAMI | 5 March 2024".
#: Only a whole line of capitalised names (not prose such as "By 2025, Iran had …"), near the top.
#: Each word is taken whole (possessive *+): a long capitalised word cannot be split in exponentially many ways.
_NAME = r"(?:[A-ZÀ-ÖØ-ÞА-ЯЁ][\w’'.-]*+|(?:al|el|de|da|di|van|von|der|bin|ibn)[-\s])+?(?:\s+[A-ZÀ-ÖØ-ÞА-ЯЁ][\w’'.-]*+){0,3}"
BYLINE = re.compile(rf"^By\s+(?P<names>{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*)(?:\s*(?:[|·•–—]|,)\s*(?P<rest>[^.!?]*))?$")
BYLINE_WITHIN = 8
BYLINE_LENGTH = 300
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
    """A numbered paragraph of the article body (¶number), the text line it came from, and its page."""

    number: int
    text: str
    line: int
    #: The page it starts on, in paged text (a PDF's, with form feeds between pages); else None.
    page: int | None = None


@dataclass(frozen=True)
class SetAside:
    """A line (or the end of one) that is not article text, and why."""

    line: int
    text: str
    reason: str
    #: None for a line of the source's .txt; else the file it is a line of (a web page's left-out text).
    file: str | None = None


@dataclass(frozen=True)
class Cleaned:
    """The body paragraphs, what was set aside, and a licence found in the text."""

    paragraphs: tuple[Paragraph, ...]
    set_aside: tuple[SetAside, ...]
    licence: str | None
    #: How many pages paged text has (None for text without form feeds).
    pages: int | None = None


class Prefixes:
    """A set of strings, and whether one of them begins a text: O(log n + length) a question, not O(n).

    In sorted order, every member that begins a text t is a prefix of t's nearest predecessor p;
    so it is enough to know, for each member, the length of the shortest member that begins it."""

    def __init__(self, strings: set[str] | list[str]):
        self.sorted = sorted(set(strings))
        self.shortest: list[int] = []
        chain: list[str] = []  # members, each a prefix of the next
        for s in self.sorted:
            while chain and not s.startswith(chain[-1]):
                chain.pop()
            self.shortest.append(len(chain[0]) if chain else len(s))
            chain.append(s)

    def begins(self, text: str) -> bool:
        """True when a member is a prefix of text (or equal to it)."""
        i = bisect.bisect_right(self.sorted, text) - 1
        if i < 0:
            return False
        before = self.sorted[i]
        common = len(os.path.commonprefix([before, text]))
        return self.shortest[i] <= common


def byline_authors(line: str) -> tuple[str, ...]:
    """The names in a byline line ("By Mina Rostami and John Doe" -> both), or () when it is not one."""
    if len(line) > BYLINE_LENGTH or len(line.split()) > 16:
        return ()
    m = BYLINE.match(line.strip())
    if not m:
        return ()
    names = re.split(r"\s*(?:,|\band\b|&)\s*", m.group("names"))
    return tuple(n.strip() for n in names if n.strip())


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
    paged = any("\f" in line for line in lines)
    page_of = _pages(lines)
    host = urlsplit(meta.url).netloc.lower().removeprefix("www.")
    site_names = {_norm(meta.outlet), host}
    counts = Counter(_norm(l) for l in lines if l.strip())
    repeated = {t for t, n in counts.items() if n > 1 and not SENTENCE_END.search(t)}
    reasons: dict[int, str] = {}
    licence = None
    tails: dict[int, tuple[str, str]] = {}  # line -> (kept head, set-aside tail)

    if paged:
        # Web-page heuristics (captions, link lists) do not fit documents; page furniture does.
        repeated, site_names = set(), set()
        reasons.update(_page_furniture(lines, page_of))
    captions = Prefixes(repeated)
    top = [i for i, l in enumerate(lines) if l.strip()][:BYLINE_WITHIN]
    for i, line in enumerate(lines):
        t = _norm(line)
        if not t or i in reasons:
            continue
        if t == _norm(meta.title):
            reasons[i] = "headline (shown as the page title)"
        elif i in top and byline_authors(line):
            reasons[i] = "byline (authors go in the metadata)"
        elif t in repeated:
            reasons[i] = "repeated line (photo caption)"
        elif not SENTENCE_END.search(t) and captions.begins(t):
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
    if prose and not paged:
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
        if "\f" in line:  # pdftotext puts the form feed at the start of the next page's first line
            line = line.replace("\f", "")
        for part in split_long(line):
            paragraphs.append(Paragraph(len(paragraphs) + 1, part, i + 1, page_of[i] if paged else None))
    aside.sort(key=lambda s: s.line)
    if source.left_out:
        name = source.residue_path.name if source.residue_path else None
        extractor = meta.capture.extractor if meta.capture else "the extractor"
        why = f"left out by {extractor} (page furniture)"
        aside += [SetAside(n, text, why, name) for n, text in enumerate(source.left_out, 1)]
    return Cleaned(tuple(paragraphs), tuple(aside), licence, page_of[-1] if paged and lines else None)


def _pages(lines: list[str]) -> list[int]:
    """The page of each line: 1, then one more at each form feed (a line after a leading one is on the new page)."""
    out, page = [], 1
    for line in lines:
        lead = len(line) - len(line.lstrip("\f"))
        page += lead
        out.append(page)
        page += line.count("\f") - lead
    return out


def _page_furniture(lines: list[str], page_of: list[int]) -> dict[int, str]:
    """Line index -> reason, for running headers and footers and page numbers."""
    pages: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        if line.replace("\f", "").strip():
            pages.setdefault(page_of[i], []).append(i)
    numbers = sorted(pages)
    found = running_furniture([[lines[i].replace("\f", "") for i in pages[p]] for p in numbers])
    return {pages[numbers[p]][k]: why for (p, k), why in found.items()}
