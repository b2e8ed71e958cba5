"""Captures made in the test session: a page saved from a local server, WARC and WACZ files written with
warcio, an MHTML file, and files that must be refused. The PDFs are committed (tests/fixtures/make.sh)."""

from __future__ import annotations

import email.generator
import email.policy
import functools
import http.server
import io
import json
import threading
import urllib.request
import zipfile
from email.message import EmailMessage
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
PAGE_URL = "https://caspianledger.example/business/2024/03/anzali-grain-terminal"
ARCHIVED_AT = "2024-03-06T10:15:00Z"


def save_from_local_server(dest: Path) -> Path:
    """Serve tests/fixtures on 127.0.0.1 and save the news page from it, as a browser's "HTML only" save does."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(FIXTURES)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}/news-page.html") as response:
            dest.write_bytes(response.read())
    finally:
        server.shutdown()
    return dest


def news_html() -> bytes:
    return (FIXTURES / "news-page.html").read_bytes()


def warc_bytes(gzip: bool = True, redirect: bool = True) -> bytes:
    """A WARC of the news page as a crawler writes it: warcinfo, a redirect, the page, its stylesheet."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("page.warc", {"software": "briefbook tests"}))

    def response(url: str, status: str, headers: list, body: bytes) -> None:
        http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                                      warc_headers_dict={"WARC-Date": ARCHIVED_AT}))

    if redirect:
        response("http://caspianledger.example/anzali", "301 Moved Permanently", [("Location", PAGE_URL)], b"")
    response(PAGE_URL, "200 OK", [("Content-Type", "text/html; charset=utf-8")], news_html())
    response("https://caspianledger.example/static/site.css", "200 OK", [("Content-Type", "text/css")], b"body{}")
    return buf.getvalue()


def wacz_bytes() -> bytes:
    """A WACZ (zip) holding the WARC, the pages list and a datapackage.json, as ArchiveWeb.page makes them."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("archive/data.warc.gz", warc_bytes(redirect=False))
        z.writestr("pages/pages.jsonl", json.dumps({"format": "json-pages-1.0", "id": "pages"}) + "\n"
                   + json.dumps({"url": PAGE_URL, "ts": ARCHIVED_AT, "title": "Port of Anzali"}) + "\n")
        z.writestr("datapackage.json", json.dumps({"profile": "data-package", "wacz_version": "1.1.1",
                                                   "resources": [{"path": "archive/data.warc.gz"}]}))
    return buf.getvalue()


def mhtml_bytes() -> bytes:
    """The news page as one MHTML file (multipart/related), as Chromium's "Save as single file" writes it."""
    msg = EmailMessage()
    msg["From"] = "<Saved by Blink>"
    msg["Snapshot-Content-Location"] = PAGE_URL
    msg["Subject"] = "Port of Anzali opens grain terminal after two-year delay"
    msg["Date"] = "Wed, 6 Mar 2024 10:15:00 +0000"
    msg.make_related()
    html = EmailMessage()
    html.set_content(news_html().decode("utf-8"), subtype="html", cte="quoted-printable")
    html["Content-Location"] = PAGE_URL
    msg.attach(html)
    css = EmailMessage()
    css.set_content("body{}", subtype="css")
    msg.attach(css)
    out = io.BytesIO()
    email.generator.BytesGenerator(out, policy=email.policy.SMTP).flatten(msg)
    return out.getvalue()


PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")


def docx_bytes() -> bytes:
    """A zip shaped like a Word document."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


#: Two plain-text captures from the same outlet in the same year (with a byline, photo credit,
#: related link and copyright line), and their flags.
TEXT_A = """Grain exports from Aktau rise for a third year

By Daniyar Seitkali and Mina Rostami

Photo: Ledger staff

Kazakhstan's port of Aktau shipped more grain across the Caspian last year than in any year since 2015, the port said on Tuesday.

By 2025, officials expect the volume to double as the new terminal at Anzali comes into full use.

Related: Port of Anzali opens grain terminal after two-year delay

© 2024 The Caspian Ledger. All rights reserved.
"""
TEXT_B = """Ferry timetable changes across the Caspian

Ferry operators on the Caspian announced a new winter timetable on Monday, with fewer sailings between Baku and Aktau.

(Photo: Caspian Shipping Company)

The operators said the change reflected lower demand and the falling water level at several ports.

Copyright 2024 The Caspian Ledger
"""
TEXT_FLAGS = {
    "a": ["--title", "Grain exports from Aktau rise for a third year", "--outlet", "The Caspian Ledger",
          "--url", "https://caspianledger.example/business/2024/02/aktau-wheat", "--date", "2024-02-20"],
    "b": ["--title", "Ferry timetable changes across the Caspian", "--outlet", "The Caspian Ledger",
          "--url", "https://caspianledger.example/business/2024/11/ferries", "--date", "2024-11-04"],
}
