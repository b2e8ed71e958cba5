"""Two editions side by side (`briefbook site`), served over http: the switcher on both, the banner on the older."""

from __future__ import annotations

import functools
import http.server
import json
import re
import subprocess
import sys
import threading

import pytest
from playwright.sync_api import expect

from editions_helpers import change_book, introduce_typo, publish_edition
from helpers import build_copy, copy_book
from test_browser import AXE

pytestmark = pytest.mark.browser
SOURCE = "sources/tehran-times-2020-lavrov-full-right.html"


def site(root, dest) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefbook.cli", "site", str(dest), "--sources",
                           str(root / "sources"), "--docs", str(root / "docs"), "--out", str(root / "out")],
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def served_site(tmp_path_factory):
    root = copy_book(tmp_path_factory.mktemp("editions"))
    dest = root / "site"
    introduce_typo(root)
    publish_edition(root)
    assert site(root, dest).returncode == 0
    first = {p: p.read_bytes() for p in (dest / "2025-10-31").rglob("*") if p.is_file()}
    change_book(root)
    build_copy(root, "html")
    refused = site(root, dest)
    assert refused.returncode != 0 and "not the HTML of a published edition" in refused.stderr
    publish_edition(root, "2025-11-20")
    assert site(root, dest).returncode == 0
    again = site(root, dest)
    assert again.returncode != 0 and "exists already" in again.stderr
    assert {p: p.read_bytes() for p in (dest / "2025-10-31").rglob("*") if p.is_file()} == first, \
        "the older edition's files are never written again"
    handler = functools.partial(type("Quiet", (http.server.SimpleHTTPRequestHandler,),
                                     {"log_message": lambda *a: None}), directory=str(dest))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", dest
    server.shutdown()


def test_the_site_lists_the_editions_newest_first(served_site):
    _, dest = served_site
    listed = json.loads((dest / "editions.json").read_text())
    assert [e["folder"] for e in listed] == ["2025-11-20", "2025-10-31"]
    assert "2025-11-20/index.html" in (dest / "index.html").read_text()


def test_the_older_edition_has_a_banner_to_the_newest_and_the_newest_none(page, served_site):
    base, _ = served_site
    page.goto(f"{base}/2025-10-31/{SOURCE}")
    banner = page.locator(".bb-edition-banner")
    banner.wait_for()
    assert banner.get_attribute("role") == "note"
    assert "This is Edition 1 of 31 October 2025" in banner.inner_text()
    link = banner.get_by_role("link", name="Edition 2 of 20 November 2025")
    assert link.get_attribute("href").endswith(f"/2025-11-20/{SOURCE}")
    switch = page.locator("details.bb-editions-switch")
    switch.locator("summary").focus()
    page.keyboard.press("Enter")
    links = switch.get_by_role("link")
    assert links.all_inner_texts() == ["Edition 2 of 20 November 2025 (newest)", "Edition 1 of 31 October 2025"]
    assert links.nth(1).get_attribute("aria-current") == "page"
    page.goto(f"{base}/2025-11-20/{SOURCE}")
    page.locator("details.bb-editions-switch").wait_for()
    assert page.locator(".bb-edition-banner").count() == 0
    assert page.console_errors == []
    # Edition 1 has no redline page (nothing came before it): its link goes to edition 1's first page.
    page.goto(f"{base}/2025-11-20/changes.html")
    older = page.locator("details.bb-editions-switch a", has_text="Edition 1 of 31 October 2025")
    expect(older).to_have_attribute("href", re.compile(r"/2025-10-31/index\.html$"))


def test_without_script_the_block_is_a_plain_link_to_the_list(page, served_site):
    base, dest = served_site
    page.goto(f"{base}/2025-11-20/index.html")
    page.locator("details.bb-editions-switch").wait_for()
    html = (dest / "2025-11-20" / "index.html").read_text()
    assert 'href="../editions.html">All editions</a>' in html and "<details" not in html


def test_the_editions_pages_pass_axe(browser, served_site):
    base, _ = served_site
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    problems = {}
    for name in (f"2025-10-31/{SOURCE}", "2025-10-31/index.html", "2025-11-20/index.html",
                 "2025-11-20/changes.html", "2025-11-20/glossary.html", f"2025-11-20/{SOURCE}"):
        page.goto(f"{base}/{name}")
        page.locator("details.bb-editions-switch").wait_for()
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
            ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))")
        if violations:
            problems[name] = violations
    context.close()
    assert problems == {}
