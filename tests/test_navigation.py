"""The left navigation and the sources index of a book with more sources than the navigation shows."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from briefbook.sphinx.sidebar import NEIGHBOURS, WHOLE
from helpers import build_copy, copy_book

EXTRA = 20
OUTLETS = ["Caspian Review", "Gulf Monitor", "Levant Post"]
#: The analyst's categories of the extra sources (every fourth has none).
CATEGORIES = ["Weapons deliveries", "UN diplomacy", "Sanctions", None]


@pytest.fixture(scope="module")
def big_book(tmp_path_factory) -> Path:
    """The repository's book and EXTRA more sources over several years and outlets, built (HTML)."""
    root = copy_book(tmp_path_factory.mktemp("big-book"))
    for i in range(EXTRA):
        slug = f"extra-{i:02d}"
        (root / "sources" / f"{slug}.txt").write_text(
            f"Extra report {i}\n\nParagraph one of report {i} about the snapback mechanism.\n\n"
            f"Paragraph two of report {i}.\n", encoding="utf-8")
        (root / "sources" / f"{slug}.yaml").write_text(
            f"title: Extra report {i}\noutlet: {OUTLETS[i % 3]}\nurl: https://example.org/{i}\n"
            f"date: {2016 + i % 5}-0{1 + i % 9}-1{i % 10}\nkey: extra-{i:02d}\n"
            + (f"category: {CATEGORIES[i % 4]}\n" if CATEGORIES[i % 4] else ""), encoding="utf-8")
    return build_copy(root, "html")


@pytest.fixture(scope="module")
def by_category(big_book, tmp_path_factory) -> Path:
    """The same book with conf.py's briefbook_sources_group = "category" and the whole list in the navigation
    (briefbook_sources_tree = True), built (HTML)."""
    root = tmp_path_factory.mktemp("by-category")
    shutil.copytree(big_book / "sources", root / "sources")
    shutil.copytree(big_book / "docs", root / "docs")
    conf = root / "docs" / "conf.py"
    conf.write_text(conf.read_text() + '\nbriefbook_sources_group = "category"\nbriefbook_sources_tree = True\n',
                    encoding="utf-8")
    return build_copy(root, "html")


def soup(book: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((book / "out" / "html" / page).read_text(encoding="utf-8"), "html.parser")


def index_order(book: Path) -> list[str]:
    """The source pages in the order the sources index lists them (newest first)."""
    return [a["href"] for a in soup(book, "sources/index.html").select("div.bb-sources tbody a.reference.internal")]


def nav_links(page: BeautifulSoup) -> list:
    return page.select("nav.bd-docs-nav a.reference.internal")


def test_a_source_page_lists_the_parts_and_its_neighbours_only(big_book):
    order = index_order(big_book)
    assert len(order) == EXTRA + 2 > WHOLE
    middle = len(order) // 2
    page = soup(big_book, f"sources/{order[middle]}")
    links = nav_links(page)
    texts = [a.get_text(" ", strip=True) for a in links]
    assert {"Sources", "Timeline", "Glossary", "References"} <= set(texts)
    sources = [a for a in links if a.find_parent("li", class_="toctree-l2") and "bb-nav-all" not in
               a.find_parent("li")["class"]]
    expected = order[middle - NEIGHBOURS: middle + NEIGHBOURS + 1]
    assert [a["href"] if a["href"] != "#" else order[middle] for a in sources] == expected
    current = page.select('nav.bd-docs-nav a[aria-current="page"]')
    assert len(current) == 1 and current[0].find_parent("li")["class"][-2:] == ["current", "active"]
    everything = page.select_one("nav.bd-docs-nav li.bb-nav-all a")
    assert everything["href"] == "index.html" and f"All {len(order)} sources" in everything.get_text()


def test_every_page_s_navigation_is_bounded_whatever_the_number_of_sources(big_book):
    pages = sorted((big_book / "out" / "html").rglob("*.html"))
    assert len(pages) > EXTRA
    most = max(len(nav_links(soup(big_book, str(p.relative_to(big_book / "out" / "html"))))) for p in pages)
    assert most <= 1 + 4 + 2 * NEIGHBOURS + 1 + 1  # overview, the parts, the window, "All", none more


def test_the_first_source_s_window_starts_at_the_top(big_book):
    order = index_order(big_book)
    links = [a["href"] for a in soup(big_book, f"sources/{order[0]}").select("nav.bd-docs-nav li.toctree-l2 a")]
    assert links[:NEIGHBOURS + 1] == ["#", *order[1:NEIGHBOURS + 1]] and links[-1] == "index.html"


def test_the_sources_index_lists_every_source_by_year_newest_first(big_book):
    page = soup(big_book, "sources/index.html")
    years = [int(r.get_text()) for r in page.select("div.bb-sources p.rubric")]
    assert years == sorted(set(years), reverse=True) and len(years) >= 5
    assert len(index_order(big_book)) == EXTRA + 2
    jumps = [a["href"] for a in page.select("article p a.reference.internal") if a["href"].startswith("#sources-")]
    assert jumps == [f"#sources-{y}" for y in years]
    assert not page.select("nav.bd-docs-nav li.toctree-l2"), "the index is the list: the navigation repeats none"
    assert "briefbook-sources.js" in str(page.select("script")) and "briefbook-sources.js" not in \
        str(soup(big_book, "index.html").select("script"))


def test_the_sources_index_groups_by_the_analyst_s_category(by_category):
    page = soup(by_category, "sources/index.html")
    headings = [r.get_text() for r in page.select("div.bb-sources p.rubric")]
    assert headings == ["Sanctions", "UN diplomacy", "Weapons deliveries", "No category"]
    for table, heading in zip(page.select("div.bb-sources table"), headings, strict=True):
        slugs = [a["href"].removesuffix(".html") for a in table.select("tbody a.reference.internal")]
        want = CATEGORIES.index(heading if heading != "No category" else None)
        extras = [s for s in slugs if s.startswith("extra-")]
        assert extras and all(int(s[-2:]) % 4 == want for s in extras), heading
    assert len(index_order(by_category)) == EXTRA + 2
    jumps = [a["href"] for a in page.select("article p a.reference.internal") if a["href"].startswith("#sources-")]
    assert jumps == ["#sources-sanctions", "#sources-un-diplomacy", "#sources-weapons-deliveries", "#sources-no-category"]
    assert all(page.select_one(f"[id='{j[1:]}']") is not None for j in jumps), "every jump has its target"
    # The navigation's neighbours follow the index's order, and its link says how the index is grouped.
    order = index_order(by_category)
    links = [a["href"] for a in soup(by_category, f"sources/{order[0]}").select("nav.bd-docs-nav li.toctree-l2 a")]
    assert links[:NEIGHBOURS + 1] == ["#", *order[1:NEIGHBOURS + 1]]
    assert "sources, by category" in soup(by_category, f"sources/{order[0]}").select_one("li.bb-nav-all").get_text()


def test_the_whole_list_is_one_file_that_every_page_loads(by_category, big_book):
    html = by_category / "out" / "html"
    tree = (html / "_static" / "briefbook-tree.js").read_text(encoding="utf-8")
    data = json.loads(tree[tree.index("=") + 1:tree.index(";\n")])
    assert data["label"] == f"All {EXTRA + 2} sources, by category"
    assert [g["name"] for g in data["groups"]] == ["Sanctions", "UN diplomacy", "Weapons deliveries", "No category"]
    listed = [uri for g in data["groups"] for _, uri in g["items"]]
    assert listed == [f"sources/{href}" for href in index_order(by_category)], "the index's order"
    pages = sorted(p for p in html.rglob("*.html") if "_static" not in p.parts)
    assert all("_static/briefbook-tree.js" in p.read_text(encoding="utf-8") for p in pages)
    off = big_book / "out" / "html"
    assert not (off / "_static" / "briefbook-tree.js").exists()
    assert "briefbook-tree.js" not in (off / "index.html").read_text(encoding="utf-8"), "off unless conf.py asks"


def serve(book):
    """A book's built HTML over http (the filter's script needs a page served, not a file); yields its address."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(book / "out" / "html"))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def served_big_book(big_book):
    yield from serve(big_book)


@pytest.mark.browser
def test_the_sources_filter_narrows_the_list_from_the_keyboard(page, served_big_book, big_book):
    page.goto(f"{served_big_book}/sources/index.html")
    rows = page.locator("div.bb-sources tbody tr")
    total = rows.count()
    page.get_by_label("Filter the sources").focus()
    page.keyboard.type("gulf monitor")
    visible = [r for r in rows.all() if r.is_visible()]
    texts = [r.inner_text() for r in visible]
    assert 0 < len(texts) < total and all("Gulf Monitor" in t for t in texts)
    hidden_years = [r for r in page.locator("div.bb-sources p.rubric").all() if not r.is_visible()]
    years_with_gulf = {t.split("\t")[0].split()[-1] for t in texts}
    assert len(page.locator("div.bb-sources p.rubric").all()) - len(hidden_years) == len(years_with_gulf)
    assert page.get_by_role("status").inner_text() == f"{len(texts)} of {total} sources match."
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    assert sum(r.is_visible() for r in rows.all()) == total
    assert page.console_errors == []


@pytest.mark.browser
def test_without_javascript_the_whole_list_is_there(browser, served_big_book, big_book):
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(f"{served_big_book}/sources/index.html")
    assert pg.locator("div.bb-sources tbody tr").count() == EXTRA + 2
    assert all(r.is_visible() for r in pg.locator("div.bb-sources tbody tr").all())
    assert pg.locator("#bb-sources-filter").count() == 0
    context.close()


@pytest.fixture(scope="module")
def served_by_category(by_category):
    yield from serve(by_category)


@pytest.mark.browser
def test_the_filter_finds_a_category_and_hides_the_other_groups(page, served_by_category):
    page.goto(f"{served_by_category}/sources/index.html")
    rows = page.locator("div.bb-sources tbody tr")
    total = rows.count()
    page.get_by_label("Filter the sources").focus()
    page.keyboard.type("un diplomacy")  # the group's heading: not in any row's own text
    visible = [r for r in rows.all() if r.is_visible()]
    assert len(visible) == sum(1 for i in range(EXTRA) if i % 4 == 1)
    assert [h.inner_text() for h in page.locator("div.bb-sources p.rubric").all() if h.is_visible()] == ["UN diplomacy"]
    assert page.get_by_role("status").inner_text() == f"{len(visible)} of {total} sources match."
    page.keyboard.type(" gulf")  # every word must match: the category and the outlet
    texts = [r.inner_text() for r in rows.all() if r.is_visible()]
    assert 0 < len(texts) < len(visible) and all("Gulf Monitor" in t for t in texts)
    assert page.console_errors == []


@pytest.mark.browser
def test_the_whole_list_opens_from_the_keyboard_and_marks_the_current_page(browser, served_by_category, by_category):
    from test_browser import AXE

    order = index_order(by_category)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    pg.goto(f"{served_by_category}/sources/{order[5]}")
    summary = pg.locator("nav.bd-docs-nav details.bb-tree summary")
    assert summary.inner_text() == f"All {EXTRA + 2} sources, by category"
    assert pg.locator("nav.bd-docs-nav details.bb-tree a").count() == 0, "filled only when opened"
    summary.focus()
    pg.keyboard.press("Enter")
    links = pg.locator("nav.bd-docs-nav details.bb-tree a")
    links.first.wait_for(state="visible", timeout=5000)  # filled on the toggle event, which comes after the key
    assert links.count() == EXTRA + 2
    assert [a.get_attribute("href").removeprefix("../sources/") for a in links.all()] == order
    current = pg.locator('nav.bd-docs-nav details.bb-tree a[aria-current="page"]')
    assert current.count() == 1 and current.get_attribute("href").endswith(order[5])
    pg.add_script_tag(path=str(AXE))
    violations = pg.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                             ".filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id)")
    assert violations == [] and errors == []
    pg.keyboard.press("Enter")
    links.first.wait_for(state="hidden", timeout=5000)  # Enter closes it again
    context.close()
    off = browser.new_context(java_script_enabled=False)
    page = off.new_page()
    page.goto(f"{served_by_category}/sources/{order[5]}")
    assert page.locator("details.bb-tree").count() == 0
    assert page.locator("nav.bd-docs-nav li.bb-nav-all a").get_attribute("href") == "index.html", \
        "without JavaScript, the link to the index that lists them all"
    off.close()
