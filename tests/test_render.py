"""render: MyST pages from loaded sources, with every source and metadata text inert."""

from __future__ import annotations

from briefbook.book import load_book
from briefbook.render import directive, fence, header, source_page, sources_index
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


def test_the_sources_index_groups_by_outlet_alphabetically_newest_first_within(tmp_path):
    folder = tmp_path / "sources"
    folder.mkdir()
    for slug, outlet, date in [("a", "Zeta Wire", "2020-01-01"), ("b", "alpha *Post*", "2019-05-05"),
                               ("c", "Zeta Wire", "2024-02-02"), ("d", "alpha *Post*", "2023-03-03")]:
        (folder / f"{slug}.txt").write_text(f"Text of {slug}.\n", encoding="utf-8")
        (folder / f"{slug}.yaml").write_text(f"title: Title {slug}\noutlet: '{outlet}'\nurl: https://example.org/{slug}\n"
                                             f"date: {date}\n", encoding="utf-8")
    book = load_book(folder)
    page = sources_index(book.sources, "outlet")
    assert page.index("{rubric} alpha \\*Post\\*") < page.index("{rubric} Zeta Wire"), "alphabetical, escaped"
    assert page.index("(d.md)") < page.index("(b.md)") < page.index("(c.md)") < page.index("(a.md)")
    assert "By outlet: [alpha \\*Post\\*](#sources-alpha-post) (2) · [Zeta Wire](#sources-zeta-wire) (2)." in page
    toctree = page[page.index("{toctree}"):]
    assert toctree.index("\nd\n") < toctree.index("\nb\n") < toctree.index("\nc\n") < toctree.index("\na\n"), \
        "the toctree (and so the navigation) follows the index's order"
    by_year = sources_index(book.sources)
    assert [line for line in by_year.splitlines() if line.startswith("By year:")] == [
        "By year: [2024](#sources-2024) (1) · [2023](#sources-2023) (1) · [2020](#sources-2020) (1) · "
        "[2019](#sources-2019) (1)."]
