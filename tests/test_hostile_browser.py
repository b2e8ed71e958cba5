"""No script from a captured headline, or from any other metadata, glossary, timeline or references.bib value:
the book's real theme and conf.py, every page opened in chromium, with and without the Content-Security-Policy."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from pathlib import Path

import pytest

from helpers import build_copy, copy_book

pytestmark = pytest.mark.browser

#: One value that would run a script, break out of an attribute, or be taken as MyST, TeX or a template.
P = "<img src=x onerror=\"window.__pwned=1\"> \"'&<script>window.__pwned=1</script> {role}`x` \\input{/x} {{ y }}"


def j(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def hostile_book(root: Path) -> Path:
    copy_book(root)
    src = root / "sources"
    meta = src / "tehran-times-2020-lavrov-full-right.yaml"
    text = meta.read_text()
    head, _, rest = text.partition("\ntitle:")
    rest = rest.split("\n", 1)[1]
    meta.write_text(f"{head}\ntitle: {j('Headline ' + P)}\n{rest}")
    with meta.open("a") as fh:
        fh.write(f"authors: [{j('Author ' + P)}]\ndate_approximate: {j('Approx ' + P)}\n")
    text = meta.read_text()
    text = text.replace("outlet: Tehran Times", f"outlet: {j('Tehran Times ' + P)}")
    meta.write_text(text)
    with (src / "glossary.yaml").open("a") as fh:
        fh.write(f"  - name: {j('Entity ' + P)}\n    category: {j('Category ' + P)}\n    aliases: [Mehr]\n")
    glossary = (src / "glossary.yaml").read_text()
    glossary = glossary.replace("terms:\n", f"terms:\n  - term: Hostile term\n    aliases: [{j('alias ' + P)}]\n"
                                f"    category: {j('Category ' + P)}\n    as_of: 2025-01-01\n"
                                "    definition: A term defined {cite:p}`hostile-ref`.\n", 1)
    (src / "glossary.yaml").write_text(glossary)
    timeline = (src / "timeline.yaml").read_text().replace(
        "events:\n", f"events:\n  - date: 2019-05\n    date_approximate: {j('Approx ' + P)}\n"
                     "    event: A hostile event.\n    cite: [hostile-ref]\n", 1)
    (src / "timeline.yaml").write_text(timeline)
    bibtex = P.replace("{", "\\{").replace("}", "\\}")
    with (src / "references.bib").open("a") as fh:
        fh.write(f"\n@misc{{hostile-ref,\n  title = {{Title {bibtex}}},\n  author = {{Doe, Jane}},\n"
                 f"  organization = {{Org {bibtex}}},\n  note = {{Note {bibtex}}},\n  year = {{2024}},\n"
                 "  url = {https://example.org/ref?a=1&b=%3Cx%3E}\n}\n")
    conf = root / "docs" / "conf.py"
    conf.write_text(conf.read_text().replace('briefbook_marking = "UNCLASSIFIED', f'briefbook_marking = {P + "</style>"!r} + "'))
    index = root / "docs" / "index.md"
    index.write_text(index.read_text() + "\n\nThe hostile reference {cite:p}`hostile-ref` and {term}`Hostile term`.\n")
    return root


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = build_copy(hostile_book(tmp_path_factory.mktemp("hostile-meta")), "html")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root / "out" / "html"))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.parametrize("policy", ["with the policy", "without the policy"])
def test_no_hostile_value_runs_on_any_page(browser, hostile_site, policy):
    root, base = hostile_site
    html = root / "out" / "html"
    pages = sorted(p.relative_to(html).as_posix() for p in html.rglob("*.html") if "_static" not in p.parts)
    context = browser.new_context(bypass_csp=policy == "without the policy")
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    ran = []
    for name in pages:
        page.goto(f"{base}/{name}")
        page.wait_for_load_state("load")
        if page.evaluate("window.__pwned !== undefined"):
            ran.append(name)
    for query in ("Headline", "onerror", "Hostile"):
        page.goto(f"{base}/search.html?q={query}")
        page.wait_for_selector("#search-results .search-summary, #search-results p", timeout=10000)
        if page.evaluate("window.__pwned !== undefined"):
            ran.append(f"search {query}")
    context.close()
    assert ran == [] and dialogs == []


def test_hostile_values_are_shown_as_text(hostile_site):
    from bs4 import BeautifulSoup

    root, _ = hostile_site
    html = root / "out" / "html"
    source = BeautifulSoup((html / "sources" / "tehran-times-2020-lavrov-full-right.html").read_text(), "html.parser")
    assert ("Headline " + P) in source.select_one("article h1, main h1").get_text()
    head_title = source.select_one("title").get_text()
    assert head_title.startswith("Headline " + P)
    assert ("Tehran Times " + P) in source.select_one(".bb-headnote").get_text()
    assert source.select_one(".bb-marking-top").get_text() == P + "</style> — open sources — for briefing use"
    refs = BeautifulSoup((html / "references.html").read_text(), "html.parser").get_text()
    # Hand-kept entries are read the usual BibTeX way (braces and TeX commands are BibTeX's): the markup stays text.
    assert 'Title <img src=x onerror="window.__pwned=1">' in refs and "<script>window.__pwned=1</script>" in refs
    for path in html.rglob("*.html"):
        text = path.read_text()
        assert "<script>window.__pwned" not in text and "<img src=x" not in text, path
