"""Web archives of one page (.warc, .warc.gz, .wacz) -> the archived page, extracted as a saved page is.

The archived response for the page's address (the one asked for, the WACZ's first page, or
the first HTML page in the archive, following redirects) goes through trafilatura; the
archive's capture date becomes `accessed`, and the record's digest is kept.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from . import Capture, refuse
from .html import page_capture

MAX_REDIRECTS = 5


@dataclass(frozen=True)
class Response:
    """One archived HTTP response."""

    url: str
    status: int
    content_type: str
    location: str | None
    date: str | None
    digest: str | None
    body: bytes | None  # kept only for HTML responses


def _norm(url: str) -> str:
    return url.strip().rstrip("/").lower()


def _records(stream) -> list[Response]:
    from warcio.archiveiterator import ArchiveIterator

    out = []
    for rec in ArchiveIterator(stream):
        if rec.rec_type not in ("response", "resource"):
            continue
        headers = rec.rec_headers
        url = (headers.get_header("WARC-Target-URI") or "").strip("<> ")
        http = rec.http_headers
        if http is not None:
            status = int((http.get_statuscode() or "0")[:3] or 0)
            ctype = (http.get_header("Content-Type") or "").lower()
            location = http.get_header("Location")
        else:
            status, ctype, location = 200, (headers.get_header("Content-Type") or "").lower(), None
        is_html = "html" in ctype
        body = rec.content_stream().read() if is_html and 200 <= status < 300 else None
        digest = headers.get_header("WARC-Block-Digest") or headers.get_header("WARC-Payload-Digest")
        out.append(Response(url, status, ctype, location, headers.get_header("WARC-Date"), digest, body))
    return out


def _wacz(path: Path, data: bytes) -> tuple[list[Response], str | None]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    responses: list[Response] = []
    for name in sorted(n for n in names if re.fullmatch(r"archive/[^/]+\.warc(\.gz)?", n)):
        with archive.open(name) as fh:
            responses += _records(io.BytesIO(fh.read()))
    page = None
    for pages in ("pages/pages.jsonl", "pages/extraPages.jsonl"):
        if pages in names and page is None:
            for line in archive.read(pages).decode("utf-8", "replace").splitlines()[1:]:
                try:
                    page = json.loads(line).get("url")
                except (json.JSONDecodeError, AttributeError):
                    continue
                if page:
                    break
    return responses, page


def _choose(path: Path, responses: list[Response], wanted: str | None) -> Response:
    by_url: dict[str, Response] = {}
    for r in responses:
        if r.body is not None or 300 <= r.status < 400:
            by_url.setdefault(_norm(r.url), r)
    pages = [r for r in responses if r.body is not None]
    if not pages:
        raise refuse(path, "is a web archive with no archived HTML page in it.",
                     "archive the page itself (for example `wget --warc-file=page URL`) and add the new archive.")
    if wanted is None:
        first = next(r for r in responses if r.body is not None or (300 <= r.status < 400 and r.location))
        wanted = first.url
    current = by_url.get(_norm(wanted))
    for _ in range(MAX_REDIRECTS):
        if current is None or current.body is not None or not current.location:
            break
        current = by_url.get(_norm(urljoin(current.url, current.location)))
    if current is None or current.body is None:
        listed = ", ".join(r.url for r in pages[:5])
        raise refuse(path, f"has no archived HTML page for {wanted} (it has: {listed}).",
                     f"give --url with one of those addresses, for example --url {pages[0].url}")
    return current


def extract_archive(path: Path, data: bytes, kind: str, url: str | None = None) -> Capture:
    """A WARC (plain or gzipped) or a WACZ of one page."""
    try:
        if kind == "wacz":
            responses, page = _wacz(path, data)
        else:
            responses, page = _records(io.BytesIO(data)), None
    except Exception as exc:  # warcio raises a variety of errors on damaged archives
        raise refuse(path, f"is a damaged web archive ({type(exc).__name__}: {exc}).",
                     "capture the page again and add the new archive.") from None
    chosen = _choose(path, responses, url or page)
    accessed = chosen.date[:10] if chosen.date and re.match(r"\d{4}-\d{2}-\d{2}", chosen.date) else None
    # The archived address is the page's address unless the page names a canonical one.
    capture = page_capture(path, chosen.body or b"", kind, data, url=chosen.url, accessed=accessed,
                           notes=(f"archived page {chosen.url}, captured {chosen.date}",))
    return Capture(capture.kind, data, capture.text, capture.prefill, capture.extractor, capture.left_out,
                   chosen.digest, capture.notes)
