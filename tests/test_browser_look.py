"""How the HTML book looks to a reader, in Debian's chromium: the headnote on a phone, one search entry,
term links apart from other links, citations in one style."""

from __future__ import annotations

import re

import pytest

from helpers import ARTIFACTS

pytestmark = pytest.mark.browser
WIDTHS = (1280, 360)


def pages(built_book, folder: str = "") -> list[str]:
    html = built_book / "out" / "html"
    found = sorted(p.relative_to(html).as_posix() for p in (html / folder).rglob("*.html") if "_static" not in p.parts)
    assert found
    return found


def source_pages(built_book) -> list[str]:
    return [name for name in pages(built_book, "sources") if not name.endswith("/index.html")]


def test_the_headnote_fits_a_360_pixel_screen(browser, served_book, built_book):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    names = source_pages(built_book)
    assert len(names) >= 2
    for name in names:
        page.goto(f"{served_book}/{name}")
        card = page.locator(".bb-headnote")
        sizes = card.evaluate("e => [e.scrollWidth, e.clientWidth, document.documentElement.scrollWidth]")
        assert sizes[0] <= sizes[1] and sizes[2] <= 360, f"{name}: the card or the page is wider than the screen {sizes}"
        code = card.locator("code").first
        box, outer = code.bounding_box(), card.bounding_box()
        assert box["x"] + box["width"] <= outer["x"] + outer["width"], f"{name}: the SHA-256 runs out of the card"
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(".bb-headnote").screenshot(path=str(ARTIFACTS / "headnote-360.png"))
    context.close()


VISIBLE_SEARCH = ("() => [...document.querySelectorAll('button.search-button__button, .search-button-field, "
                  "input[type=search]:not(dialog input):not(#bb-sources-filter)')].filter(e => e.checkVisibility()).length")


def test_every_page_has_one_search_entry_at_every_width(browser, served_book, built_book):
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        for name in pages(built_book):
            if name == "search.html":
                continue  # the search page has its own field for the results
            page.goto(f"{served_book}/{name}")
            # (the sources index's "Filter the sources" field filters that page's list: not a search entry)
            assert page.evaluate(VISIBLE_SEARCH) == 1, f"{name} at {width} px"
        page.goto(f"{served_book}/index.html")
        page.locator("button.search-button__button:visible").click()
        field = page.locator(".search-button__search-container input[type=search], #pst-search-dialog input")
        field.first.wait_for(state="visible")
        context.close()


DECORATION = "e => { const s = getComputedStyle(e); return [s.textDecorationLine, s.textDecorationStyle, s.color] }"


def _luminance(css: str) -> float:
    r, g, b = (int(v) / 255 for v in re.findall(r"\d+", css)[:3])
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_term_links_are_dotted_and_other_links_solid(page, served_book):
    page.goto(f"{served_book}/sources/tehran-times-2020-lavrov-full-right.html")
    background = page.evaluate("getComputedStyle(document.querySelector('.bd-article-container') || document.body)"
                               ".backgroundColor")
    background = background if "0, 0, 0, 0" not in background else "rgb(255, 255, 255)"
    kinds = {
        "a term in a source's text": page.locator("p.bb-para a.bb-term").first,
        "a term in analyst text": page.locator(".bd-article a.reference:has(> .std-term)").first,
        "a citation": page.locator(".bd-article span.bibtex-citation a").first,
        "a paragraph reference": page.locator(".bd-article a.reference:has(.bb-para-ref)").first,
        "an address": page.locator(".bb-headnote a.reference.external").first,
    }
    styles = {kind: link.evaluate(DECORATION) for kind, link in kinds.items()}
    for kind, (line, style, color) in styles.items():
        assert "underline" in line, f"{kind} is underlined, so it is a link without relying on colour"
        assert style == ("dotted" if "term" in kind else "solid"), (kind, style)
        assert contrast(color, background) >= 4.5, f"{kind}: {color} on {background} fails WCAG AA"
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("p.bb-para").first.screenshot(path=str(ARTIFACTS / "links-terms-and-citations.png"))


AROUND = ("els => els.map(e => [e.innerText, e.previousSibling ? e.previousSibling.textContent : '', "
          "e.nextSibling ? e.nextSibling.textContent : ''])")


def test_citations_are_in_parentheses_and_the_bibliography_lists_them_by_the_same_label(page, served_book, built_book):
    seen = 0
    for name in pages(built_book):
        page.goto(f"{served_book}/{name}")
        # Each citation is in parentheses: its own ("(UN SC/14277)"), or, written without them
        # ({cite:alp}), those it shares with paragraph references ("(UN SC/14277; Tehran Times 2020, ¶3)").
        for text, before, after in page.locator("span.bibtex-citation").evaluate_all(AROUND):
            own = re.fullmatch(r"\([^()\[\]]+\)", text)
            shared = "[" not in text and before.rstrip()[-1:] in ("(", ";") and after.lstrip()[:1] in (")", ";")
            assert own or shared, f"{name}: {before[-20:]!r} {text!r} {after[:20]!r}"
            seen += 1
    assert seen > 20
    page.goto(f"{served_book}/references.html")
    entries = page.locator("div.citation")
    assert entries.count() > 10
    for i in range(entries.count()):
        label = entries.nth(i).locator("span.label").inner_text()
        assert "[" not in label and "]" not in label, label
        assert "URL:" not in entries.nth(i).inner_text()
    # A citation's text is the entry's label: follow one and compare.
    page.goto(f"{served_book}/index.html")
    link = page.locator("span.bibtex-citation a").first
    label = link.inner_text()
    link.click()
    target = page.url.split("#", 1)[1]
    assert page.locator(f"[id='{target}'] span.label").inner_text() == label
