"""PDF documents -> text through pdfminer.six: paragraphs rejoined, line-end hyphens undone, pages kept.

The derived text has one paragraph a line (blank lines between) and a form feed on its own
line between pages (the pdftotext convention), so each paragraph knows its page. Running
headers, footers and page numbers stay in the text: cleaning sets them aside and lists them.
A paragraph that runs over a page break is joined and belongs to the page it starts on.
"""

from __future__ import annotations

import functools
import io
import re
import statistics
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from ..pages import running_furniture
from . import OCR_HINT, Capture, Prefill, refuse

SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]]*[⁰¹²³⁴⁵⁶⁷⁸⁹]*$")
SUPERS = "⁰¹²³⁴⁵⁶⁷⁸⁹"


@dataclass
class Line:
    """One visual line of a page: its text and where it sits (PDF points, y upwards)."""

    text: str
    x0: float
    x1: float
    y0: float
    y1: float
    size: float


def extractor_name() -> str:
    """'pdfminer.six 20250506'."""
    return f"pdfminer.six {version('pdfminer.six')}"


def _line(obj) -> Line | None:
    from pdfminer.layout import LTChar

    chars = [c for c in obj if isinstance(c, LTChar)]
    if not chars:
        return None
    sizes = [round(c.size, 1) for c in chars]
    size = max(set(sizes), key=sizes.count)
    base = statistics.median(c.y0 for c in chars if round(c.size, 1) == size)
    out = []
    for item in obj:
        t = item.get_text()
        if isinstance(item, LTChar) and item.size < 0.85 * size and item.y0 > base + 0.15 * size:
            t = t.translate(SUPERSCRIPT)  # a footnote mark
        out.append(t)
    text = " ".join("".join(out).split())
    if text[:1] in SUPERS and len(text) > 1:
        text = re.sub(rf"^([{SUPERS}]+)(?=\w)", r"\1 ", text)
    return Line(text, obj.x0, obj.x1, obj.y0, obj.y1, size) if text else None


def _page_lines(page) -> list[Line]:
    from pdfminer.layout import LTTextContainer, LTTextLine

    found: list[Line] = []

    def walk(obj) -> None:
        if isinstance(obj, LTTextLine):
            if line := _line(obj):
                found.append(line)
        elif isinstance(obj, LTTextContainer) or hasattr(obj, "__iter__"):
            for child in obj:
                walk(child)

    walk(page)
    found.sort(key=lambda l: (-round(l.y1), l.x0))
    merged: list[Line] = []
    for line in found:  # fragments of one visual line (wide word gaps, a right-aligned page number)
        last = merged[-1] if merged else None
        overlap = min(last.y1, line.y1) - max(last.y0, line.y0) if last else 0
        if last and overlap > 0.5 * min(last.y1 - last.y0, line.y1 - line.y0):
            parts = sorted([last, line], key=lambda l: l.x0)
            merged[-1] = Line(f"{parts[0].text} {parts[1].text}", min(last.x0, line.x0), max(last.x1, line.x1),
                              min(last.y0, line.y0), max(last.y1, line.y1), max(last.size, line.size))
        else:
            merged.append(line)
    return merged


@functools.lru_cache(maxsize=4)
def _words(language: str):
    from spellchecker import SpellChecker

    return SpellChecker(language=language)


def join_hyphen(left: str, right: str, document: str) -> str:
    """Join two lines; undo a line-end hyphen only where the joined word is a word."""
    m = re.search(r"(\w+)-$", left)
    n = re.match(r"([a-zà-ÿа-яё]\w*)", right)
    if not m or not n or m.group(1).isdigit():
        if left.endswith(("-", "–", "—", "/")):
            return left + right
        return f"{left} {right}"
    head, tail = m.group(1), n.group(1)
    joined, compound = (head + tail).casefold(), f"{head}-{tail}".casefold()
    doc = document.casefold()
    if re.search(rf"\b{re.escape(compound)}\b", doc):
        return left + right  # the document writes it with a hyphen elsewhere
    known = re.search(rf"\b{re.escape(joined)}\b", doc) is not None
    if not known and len(head) > 1:
        known = joined in _words("ru" if re.search("[а-яё]", joined) else "en")
    return left[:-1] + right if known else left + right


def _paragraphs(lines: list[Line], body_size: float, right: float, document: str) -> list[tuple[str, Line, Line]]:
    """Group a page's lines into paragraphs: (text, first line, last line)."""
    out: list[tuple[str, Line, Line]] = []
    prev = None
    for line in lines:
        new = prev is None
        if prev is not None:
            pitch = prev.y0 - line.y0
            new = (abs(prev.size - line.size) > 0.6 or pitch > 1.45 * prev.size or pitch < 0
                   or (SENTENCE_END.search(prev.text) and prev.x1 < right - 2 * prev.size)
                   or (SENTENCE_END.search(prev.text) and line.x0 > prev.x0 + 0.8 * line.size)
                   or line.text[:1] in SUPERS)
        if new:
            out.append((line.text, line, line))
        else:
            text, first, _ = out[-1]
            out[-1] = (join_hyphen(text, line.text, document), first, line)
        prev = line
    return out


def _info(data: bytes) -> dict[str, str]:
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    doc = PDFDocument(PDFParser(io.BytesIO(data)))
    out = {}
    for info in doc.info:
        for key, value in resolve1(info).items():
            value = resolve1(value)
            if isinstance(value, bytes):
                out[key] = decode_text(value).strip()
    return out


def _prefill(info: dict[str, str]) -> Prefill:
    title = info.get("Title") or None
    if title and (re.match(r"(?i)microsoft (word|powerpoint)|untitled", title) or re.search(r"\.\w{2,4}$", title)):
        title = None
    m = re.match(r"D:(\d{4})(\d{2})(\d{2})", info.get("CreationDate", ""))
    authors = tuple(a.strip() for a in re.split(r";|\s+and\s+", info.get("Author", "")) if a.strip())
    return Prefill(title=title, date="-".join(m.groups()) if m else None, authors=authors)


def extract_pdf(path: Path, data: bytes) -> Capture:
    """A PDF document with a text layer."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        info = _info(data)
        pages = [_page_lines(p) for p in extract_pages(io.BytesIO(data), laparams=LAParams(all_texts=True))]
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise refuse(path, "is an encrypted PDF that cannot be read without a password.",
                     "save an unprotected copy (for example `qpdf --decrypt in.pdf out.pdf`) and add that.") from None
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
        raise refuse(path, f"is a damaged PDF ({type(exc).__name__}).",
                     "download or print the document to PDF again and add the new file.") from None
    if not any(pages):
        which = "its one page has no text" if len(pages) == 1 else f"none of its {len(pages)} pages has any text"
        raise refuse(path, f"has no text layer (a scanned document?): {which}.", OCR_HINT)
    every = [l for page in pages for l in page]
    sizes = [round(l.size, 1) for l in every for _ in l.text]
    body = max(set(sizes), key=sizes.count)
    right = statistics.quantiles([l.x1 for l in every if round(l.size, 1) == body] * 2, n=10)[-1]
    document = "\n".join(l.text for l in every)
    paged = [_paragraphs(lines, body, right, document) for lines in pages]
    texts = [[t for t, _, _ in page] for page in paged]
    furniture = running_furniture(texts)
    for n in range(len(paged) - 1):  # a paragraph that runs over the page break
        here = [k for k in range(len(paged[n])) if (n, k) not in furniture and abs(paged[n][k][1].size - body) <= 0.6]
        there = [k for k in range(len(paged[n + 1])) if (n + 1, k) not in furniture
                 and abs(paged[n + 1][k][1].size - body) <= 0.6]
        if here and there:
            a, b = here[-1], there[0]
            if not SENTENCE_END.search(texts[n][a]) and re.match(r"[a-zà-ÿа-яё]", texts[n + 1][b]):
                texts[n][a] = join_hyphen(texts[n][a], texts[n + 1][b], document)
                texts[n + 1][b] = ""
    empty = [str(i + 1) for i, page in enumerate(pages) if not page]
    notes = (f"pages {', '.join(empty)} have no text layer (scanned?): {OCR_HINT}",) if empty else ()
    text = "\n\n\f\n\n".join("\n\n".join(t for t in page if t) for page in texts) + "\n"
    return Capture("pdf", data, text, _prefill(info), extractor_name(), (), None, notes)
