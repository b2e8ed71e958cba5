"""render: MyST pages from loaded sources, with every source and metadata text inert."""

from __future__ import annotations

from briefbook.book import load_book
from briefbook.render import directive, fence, header, source_page
from briefbook.write import MARK
from helpers import REPO


def test_fence_is_longer_than_any_colon_run_in_the_body():
    assert fence("plain") == ":::"
    assert fence("::::{note}\n:::::\n") == "::::::"
    block = directive("bb-note", "3", body="::::\ninside\n")
    assert block.startswith(":::::{bb-note} 3\n") and block.endswith(":::::\n")


def test_header_marks_generated_files():
    assert header("sources/a.txt").startswith(f"% {MARK} from sources/a.txt.")


def test_source_page_structure_and_escaped_metadata():
    book = load_book(REPO / "sources")
    source, cleaned = book.source("tehran-times-2020")
    page = source_page(source, cleaned)
    assert page.count("{bb-para}") == len(cleaned.paragraphs)
    assert page.count("{bb-note}") == len(source.meta.notes)
    assert page.count("{bb-keyquote} tehran-times-2020 ") == len(source.meta.quotes)
    assert "{bb-source} tehran-times-2020\n" in page
    assert f"(source-{source.key})=\n# " in page
    title_line = next(line for line in page.splitlines() if line.startswith("# "))
    assert "\\:" in title_line, "ASCII punctuation of the title is escaped"
