"""Saved web pages (.html, .mhtml) -> the article's text through trafilatura, and the rest of the page's text.

trafilatura keeps the body (no navigation, ads, share buttons or footers) and finds the title,
author, date (through htmldate), site name and canonical address. Every other block of text
on the page is returned as `left_out`, so the book can list it: nothing is dropped silently.
"""

from __future__ import annotations

import difflib
import email
import email.policy
import re
from importlib.metadata import version
from pathlib import Path

from . import Capture, Prefill, refuse

#: Elements whose text a reader never sees.
_INVISIBLE = {"script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object"}
#: Elements that start a new block of text.
_BLOCKS = {
    "address", "article", "aside", "blockquote", "body", "br", "button", "caption", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hr", "li", "main", "nav", "ol", "option", "p", "pre", "section", "select", "summary",
    "table", "td", "th", "tr", "ul",
}
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(https?://[^\s>]+)\s*-->", re.I)
_SINGLEFILE = re.compile(r"<!--\s*Page saved with SingleFile\s+url:\s*(https?://\S+)\s+saved date:\s*([^\n]+?)\s*-->",
                         re.I | re.S)


def extractor_name() -> str:
    """'trafilatura 2.3.1'."""
    return f"trafilatura {version('trafilatura')}"


def visible_blocks(tree) -> list[str]:
    """The page's text as a reader sees it, one block (paragraph, list item, cell, …) per entry."""
    chunks: list[str] = []

    def walk(el) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in _INVISIBLE or not tag:  # not shown (or a comment); the text after it is
            if el.tail:
                chunks.append(el.tail)
            return
        block = tag in _BLOCKS
        if block:
            chunks.append("\n")
        if el.text:
            chunks.append(el.text)
        for child in el:
            walk(child)
        if block:
            chunks.append("\n")
        if el.tail:
            chunks.append(el.tail)

    body = tree.find(".//body")
    walk(body if body is not None else tree)
    return [" ".join(line.split()) for line in "".join(chunks).split("\n") if line.split()]


def left_out(blocks: list[str], body: str) -> list[str]:
    """The blocks whose words are not all part of the extracted body, in page order."""
    words = [(i, w) for i, b in enumerate(blocks) for w in b.casefold().split()]
    body_words = body.casefold().split()
    matcher = difflib.SequenceMatcher(None, [w for _, w in words], body_words, autojunk=False)
    matched = [False] * len(words)
    for a, _, size in matcher.get_matching_blocks():
        for k in range(a, a + size):
            matched[k] = True
    whole = {i: True for i in range(len(blocks))}
    for (i, _), ok in zip(words, matched, strict=True):
        whole[i] = whole[i] and ok
    return [b for i, b in enumerate(blocks) if not whole[i]]


def _iso(value: str | None) -> str | None:
    m = re.match(r"(\d{4}-\d{2}-\d{2})", value or "")
    return m.group(1) if m else None


def page_capture(path: Path, html: bytes | str, kind: str, original: bytes, url: str | None = None,
                 accessed: str | None = None, notes: tuple[str, ...] = ()) -> Capture:
    """Extract one HTML page (from a file, an MHTML part or a web archive) into a Capture."""
    import htmldate
    import trafilatura
    from trafilatura.utils import load_html

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=True, include_images=False, favor_precision=False)
    body = (getattr(doc, "text", None) or "").strip()
    if doc is None or isinstance(doc, dict) or not body:
        raise refuse(path, "is a web page in which trafilatura found no article text.",
                     "check that the file is the article itself (not a front page or a login page); "
                     "if the page needs JavaScript, save it from the browser after it has loaded "
                     "(Save Page As › Web Page, Complete, or SingleFile).")
    tree = load_html(html)
    blocks = visible_blocks(tree) if tree is not None else []
    text = "\n\n".join(line.strip() for line in body.splitlines() if line.strip()) + "\n"
    date = _iso(doc.date)
    if date is None:
        date = htmldate.find_date(html if isinstance(html, str) else html.decode("utf-8", "replace"),
                                  extensive_search=True, original_date=True, outputformat="%Y-%m-%d")
        if date:
            notes = (*notes, f"date {date} found by htmldate")
    authors = tuple(a.strip() for a in re.split(r";|\s+and\s+|\s*&\s*", doc.author or "") if a.strip())
    prefill = Prefill(title=doc.title or None, outlet=doc.sitename or None, url=doc.url or url, date=date,
                      authors=authors, accessed=accessed)
    return Capture(kind, original, text, prefill, extractor_name(), tuple(left_out(blocks, body)), None, notes)


def _saved_from(text: str) -> tuple[str | None, str | None]:
    """The address and date a browser or SingleFile wrote into a saved page's first comment."""
    head = text[:4000]
    if m := _SINGLEFILE.search(head):
        from email.utils import parsedate_to_datetime

        when = m.group(2)
        iso = _iso(when)
        if iso is None:
            try:
                iso = parsedate_to_datetime(when).date().isoformat()
            except (TypeError, ValueError):
                iso = None
        return m.group(1), iso
    if m := _SAVED_FROM.search(head):
        return m.group(1), None
    return None, None


def extract_html(path: Path, data: bytes) -> Capture:
    """A saved web page (.html)."""
    url, accessed = _saved_from(data[:4000].decode("utf-8", "replace"))
    return page_capture(path, data, "html", data, url=url, accessed=accessed)


def extract_mhtml(path: Path, data: bytes) -> Capture:
    """A web page saved as one MHTML file (multipart/related): its first HTML part."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    part = next((p for p in message.walk() if p.get_content_type() == "text/html"), None)
    if part is None:
        raise refuse(path, "is an MHTML file with no HTML part.", "save the page again, as HTML or MHTML.")
    url = message.get("Snapshot-Content-Location") or part.get("Content-Location")
    accessed = None
    if message.get("Date"):
        try:
            accessed = message["Date"].datetime.date().isoformat()
        except (AttributeError, TypeError, ValueError):
            accessed = None
    html = part.get_content()
    return page_capture(path, html, "mhtml", data, url=url if url and url.startswith("http") else None,
                        accessed=accessed)
