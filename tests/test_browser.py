"""The HTML book in a real browser (Debian's chromium, headless, through Playwright)."""

from __future__ import annotations

import re

import pytest

from conftest import ARTIFACTS

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
