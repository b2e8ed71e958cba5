"""Captured files -> derived text and pre-filled metadata: sniff what a file is, then extract it.

Saved web pages (.html, .mhtml), PDF documents, web archives (WARC, WACZ) and plain text
are told apart by their bytes, not their names. Each extractor returns one :class:`Capture`.
Nothing here writes a file.
"""

from __future__ import annotations

import gzip
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BriefbookError, Problem

#: The kinds of capture, and the extension the original is kept under in sources/.
KINDS = {"html": ".html", "mhtml": ".mhtml", "pdf": ".pdf", "warc": ".warc", "warc.gz": ".warc.gz",
         "wacz": ".wacz", "text": ".txt"}
#: What a kind is called in the metadata's `capture.type` (a gzipped WARC is still a WARC).
TYPES = {"warc.gz": "warc"}

OCR_HINT = "run OCR first, for example `ocrmypdf in.pdf out.pdf`, then add out.pdf."


@dataclass(frozen=True)
class Prefill:
    """Metadata a capture supplies (None when it does not say)."""

    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    date: str | None = None
    authors: tuple[str, ...] = ()
    accessed: str | None = None


@dataclass(frozen=True)
class Capture:
    """One captured file: the original bytes, the text derived from it, and what the extractor left out."""

    kind: str
    original: bytes
    text: str
    prefill: Prefill = Prefill()
    extractor: str | None = None
    left_out: tuple[str, ...] = ()
    record_digest: str | None = None
    notes: tuple[str, ...] = field(default=())  # where pre-filled values came from, for the user

    @property
    def suffix(self) -> str:
        """The extension the original is kept under."""
        return KINDS[self.kind]

    @property
    def type(self) -> str:
        """The value of `capture.type` in the metadata."""
        return TYPES.get(self.kind, self.kind)


def refuse(path: Path, message: str, fix: str) -> BriefbookError:
    """The one error a capture that cannot be added raises."""
    return BriefbookError([Problem(path, message, None, fix)])


_IMAGES = [(b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF87a", "GIF"), (b"GIF89a", "GIF"),
           (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"), (b"BM", "BMP")]
_HTML = re.compile(rb"^(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S)
_MHTML = re.compile(rb"^(?:[\x21-\x39\x3b-\x7e]+:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)*?"
                    rb"content-type:\s*multipart/related", re.I)


def _zip_kind(path: Path, data: bytes) -> str:
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except zipfile.BadZipFile:
        raise refuse(path, "is a damaged zip archive.", "capture the page again and add the new file.") from None
    if "datapackage.json" in names or any(re.fullmatch(r"archive/[^/]+\.warc(\.gz)?", n) for n in names):
        return "wacz"
    office = {"word/": "a Word document (.docx)", "xl/": "an Excel workbook (.xlsx)", "ppt/": "a PowerPoint file (.pptx)"}
    for prefix, what in office.items():
        if any(n.startswith(prefix) for n in names):
            raise refuse(path, f"is {what}, which briefbook cannot read.",
                         "export it as PDF (File › Save as › PDF) and add the PDF.")
    if "mimetype" in names:
        raise refuse(path, "is an OpenDocument or EPUB file, which briefbook cannot read.",
                     "export it as PDF and add the PDF.")
    raise refuse(path, "is a zip archive that is not a web archive (no datapackage.json or archive/*.warc.gz).",
                 "add the page itself (.html, .pdf, .warc or .wacz), not a zip of files.")


def sniff(path: Path, data: bytes) -> str:
    """What the file is, from its bytes: a key of KINDS; refuse what briefbook cannot read."""
    head = data[:4096]
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"WARC/1."):
        return "warc"
    if head.startswith(b"\x1f\x8b"):
        try:
            start = gzip.GzipFile(fileobj=io.BytesIO(data)).read(16)
        except (OSError, EOFError):
            start = b""
        if start.startswith(b"WARC/1."):
            return "warc.gz"
        raise refuse(path, "is a gzip-compressed file that is not a web archive (WARC).",
                     "decompress it (gunzip) and add what is inside.")
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path, data)
    for magic, name in _IMAGES:
        if head.startswith(magic):
            return _image(path, name)
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return _image(path, "WebP")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise refuse(path, "is an old Microsoft Office document (.doc, .xls or .ppt), which briefbook cannot read.",
                     "open it and save it as PDF, then add the PDF.")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise refuse(path, "is UTF-16 text; briefbook reads UTF-8.",
                     "convert it, for example `iconv -f UTF-16 -t UTF-8 in.txt > out.txt`, and add out.txt.")
    if b"\x00" in data[:8192]:
        raise refuse(path, "is a binary file (it contains NUL bytes), not a captured page, document or text.",
                     "add the saved web page (.html), the PDF, the web archive (.warc, .wacz) or the text (.txt).")
    body = head.removeprefix(b"\xef\xbb\xbf")
    if _MHTML.match(body):
        return "mhtml"
    if _HTML.match(body):
        return "html"
    return "text"


def _image(path: Path, name: str) -> str:
    raise refuse(path, f"is an image ({name}), which has no text to cite.",
                 "add the page itself (.html or .pdf); for a scan, run OCR first, for example "
                 "`img2pdf scan.png -o scan.pdf && ocrmypdf scan.pdf out.pdf`, then add out.pdf.")


def extract(path: Path, url: str | None = None) -> Capture:
    """Read a captured file and derive its text; url picks the page in a web archive."""
    data = path.read_bytes()
    kind = sniff(path, data)
    named = path.name.lower()
    if named.endswith(".txt") and kind != "text":
        what = {"html": "a saved web page (HTML)", "mhtml": "a saved web page (MHTML)", "pdf": "a PDF document"}.get(
            kind, "a web archive")
        raise refuse(path, f"is named .txt but looks like {what}.",
                     f"rename it to {KINDS[kind]} (for example `mv {path.name} {path.stem}{KINDS[kind]}`) and add it again.")
    if kind in ("html", "mhtml"):
        from . import html

        return html.extract_html(path, data) if kind == "html" else html.extract_mhtml(path, data)
    if kind == "pdf":
        from . import pdf

        return pdf.extract_pdf(path, data)
    if kind in ("warc", "warc.gz", "wacz"):
        from . import warc

        return warc.extract_archive(path, data, kind, url)
    from . import text

    return text.extract_text(path, data)
