"""`briefbook serve`: live preview that rebuilds when a source's metadata changes (sphinx-autobuild)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode()
    except OSError:
        return ""


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


def test_serve_rebuilds_when_a_source_changes(book):
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "briefbook.cli", "serve", "--port", str(port)], cwd=book,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/sources/tehran-times-2020-lavrov-full-right.html"
    try:
        assert wait_for(lambda: "Tehran Times" in fetch(url), 90), "the preview came up"
        assert "livereload" in fetch(url).lower() or "websocket" in fetch(url).lower(), "the page reloads itself"
        meta = book / "sources" / "tehran-times-2020-lavrov-full-right.yaml"
        meta.write_text(meta.read_text().replace("(see the notes).", "(see the notes). Edited live."))
        assert wait_for(lambda: "Edited live." in fetch(url), 60), "the change was rebuilt"
    finally:
        server.terminate()
        server.wait(timeout=20)
