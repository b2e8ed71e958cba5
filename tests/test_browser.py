"""The HTML book in a real browser (Debian's chromium, headless, through Playwright)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import ARTIFACTS

pytestmark = pytest.mark.browser
SEED = "/sources/tehran-times-2020-lavrov-full-right.html"


def test_hovering_a_term_shows_its_definition(page, served_book):
    page.goto(served_book + SEED)
    link = page.locator("p.bb-para a.bb-term", has_text="JCPOA").first
    link.hover()
    tip = page.locator("#bb-tooltip")
    tip.wait_for(state="visible")
    assert "Joint Comprehensive Plan of Action" in tip.inner_text()
    assert link.get_attribute("aria-describedby") == "bb-tooltip"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "term-tooltip.png"))
    page.mouse.move(0, 0)
    tip.wait_for(state="hidden")


def test_the_tooltip_works_from_the_keyboard(page, served_book):
    page.goto(served_book + SEED)
    link = page.locator("p.bb-para a.bb-term").first
    link.focus()
    tip = page.locator("#bb-tooltip")
    tip.wait_for(state="visible")
    assert len(tip.inner_text()) > 20
    page.keyboard.press("Escape")
    tip.wait_for(state="hidden")


def test_hovering_a_citation_shows_the_full_reference(page, served_book):
    page.goto(served_book + "/glossary.html")
    page.locator("a.reference.internal", has_text="CRS IF11583").first.hover()
    assert "Congressional Research Service" in page.locator("#bb-tooltip").inner_text()


def test_clicking_a_term_lands_on_its_glossary_entry(page, served_book):
    page.goto(served_book + SEED)
    page.locator("p.bb-para a.bb-term", has_text="snapback").first.click()
    page.wait_for_url(re.compile(r"glossary\.html#term-snapback$"))
    assert page.locator("#term-snapback").is_visible()
    assert page.console_errors == []


def test_landing_page_is_the_overview_and_loads_without_console_errors(page, served_book):
    page.goto(served_book + "/index.html")
    assert page.locator("h1").first.inner_text().startswith("Russia–Iran Military-Technical Cooperation")
    assert page.locator("#key-judgments").is_visible()
    nav = page.locator(".bd-sidebar-primary").inner_text()
    assert [part in nav for part in ("Sources", "Timeline", "Glossary", "References")] == [True] * 4
    page.wait_for_load_state("networkidle")
    assert page.console_errors == []


def test_a_paragraph_link_lands_on_the_paragraph(page, served_book):
    page.goto(served_book + "/glossary.html")
    page.locator("a", has_text="Tehran Times 2020, ¶5").first.click()
    page.wait_for_url(re.compile(r"tehran-times-2020-lavrov-full-right\.html#p-5$"))
    target = page.locator("p.bb-para").nth(4)
    assert target.inner_text().startswith("¶5")
    assert target.is_visible() and page.evaluate("document.querySelector('p.bb-para:nth-of-type(1)') !== null")
    box = target.bounding_box()
    assert 0 <= box["y"] < 900, "scrolled into view"


@pytest.mark.parametrize("query, expected", [
    ("snapback", "tehran-times-2020-lavrov-full-right"),
    ("S-400", "interbellum-2025-lavrov-no-limits"),
    ("accustomed", "tehran-times-2020-lavrov-full-right"),
])
def test_search_finds_terms_and_quoted_words(page, served_book, query, expected):
    page.goto(f"{served_book}/search.html?q={query}")
    results = page.locator("#search-results a")
    results.first.wait_for(timeout=15000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert any(expected in (h or "") for h in hrefs), hrefs


def test_on_a_phone_the_notes_are_inline_and_screenshots_are_kept(browser, served_book):
    ARTIFACTS.mkdir(exist_ok=True)
    for name, width in (("desktop", 1280), ("phone", 390)):
        context = browser.new_context(viewport={"width": width, "height": 900})
        pg = context.new_page()
        pg.goto(served_book + "/sources/interbellum-2025-lavrov-no-limits.html")
        note = pg.locator("aside.bb-note").first
        para = pg.locator("p.bb-para").nth(1)
        nbox, pbox = note.bounding_box(), para.bounding_box()
        assert note.is_visible()
        if width == 390:
            assert nbox["x"] + nbox["width"] <= 390 + 1, "inside the screen"
            assert nbox["width"] >= pbox["width"] * 0.9, "full width, inline with the text"
            assert nbox["y"] < pbox["y"], "right before the paragraph it is pinned to"
        else:
            assert nbox["x"] >= pbox["x"] + pbox["width"] - 1, "in the margin beside the text"
        pg.screenshot(path=str(ARTIFACTS / f"source-{name}.png"), full_page=False)
        context.close()


def test_printing_shows_the_content_only(page, served_book):
    page.goto(served_book + "/sources/tehran-times-2020-lavrov-full-right.html")
    page.emulate_media(media="print")
    for chrome in (".bd-sidebar-primary", ".bd-header", ".prev-next-area", ".bd-sidebar-secondary"):
        loc = page.locator(chrome)
        assert loc.count() == 0 or not loc.first.is_visible(), chrome
    after = page.evaluate("getComputedStyle(document.querySelector('.bb-headnote a.reference.external'), '::after').content")
    assert "https://www.tehrantimes.com/news/456360/" in after, "external links show their address"
    assert page.evaluate("getComputedStyle(document.querySelector('.bb-headnote')).breakInside") == "avoid"


AXE = Path(__file__).resolve().parents[1] / ".venv" / "node" / "node_modules" / "axe-core" / "axe.min.js"


def every_page(built_book) -> list[str]:
    html = built_book / "out" / "html"
    pages = sorted(p.relative_to(html).as_posix() for p in html.rglob("*.html") if "_static" not in p.parts)
    assert len(pages) >= 8
    return pages


def test_every_page_runs_under_its_content_security_policy(page, served_book, built_book):
    for name in every_page(built_book):
        page.goto(f"{served_book}/{name}")
        policy = page.locator("head meta[http-equiv='Content-Security-Policy']")
        assert policy.count() == 1, name
        assert "script-src 'self' 'sha256-" in policy.get_attribute("content") and "'unsafe-inline'" not in \
            policy.get_attribute("content").split("script-src", 1)[1].split(";", 1)[0], name
        assert page.evaluate("document.head.querySelector('script, meta[http-equiv]').tagName") == "META", \
            f"{name}: the policy comes before every script"
    assert page.console_errors == [], "no script of the book itself is refused by the policy"


def test_no_page_has_serious_or_critical_accessibility_violations(browser, served_book, built_book):
    if not AXE.exists():
        pytest.fail("axe-core is not installed: run scripts/setup.sh --test (it installs axe-core from the npm registry).")
    # axe-core is injected into the page, which the pages' own Content-Security-Policy would refuse.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    problems = {}
    for name in every_page(built_book):
        page.goto(f"{served_book}/{name}")
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
            ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
        )
        if violations:
            problems[name] = violations
    context.close()
    assert problems == {}


MARKING = "UNCLASSIFIED — open sources — for briefing use"


def test_the_handling_mark_is_on_every_page_and_every_printed_sheet(browser, served_book, built_book):
    import unicodedata

    from pypdf import PdfReader

    for width in (1280, 360):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        for name in every_page(built_book):
            page.goto(f"{served_book}/{name}")
            top, foot = page.locator(".bb-marking-top"), page.locator(".bb-marking-foot")
            assert top.inner_text() == MARKING and top.is_visible(), name
            assert foot.inner_text() == MARKING, name
            box = top.bounding_box()
            assert box is not None and box["y"] < 60, f"{name}: the mark is at the top of the page"
        context.close()
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{served_book}/sources/tehran-times-2020-lavrov-full-right.html")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    printed = ARTIFACTS / "printed-source-page.pdf"
    printed.write_bytes(page.pdf(format="A4", prefer_css_page_size=True))
    context.close()
    sheets = PdfReader(printed).pages
    assert len(sheets) > 1
    for sheet in sheets:
        text = unicodedata.normalize("NFKC", sheet.extract_text())  # the printed "fi" is a ligature
        assert text.count(MARKING) == 2, "at the top and the foot of every printed sheet"
