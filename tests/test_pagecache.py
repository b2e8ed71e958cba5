"""What an incremental build reuses: rendered source pages, loaded and cleaned sources, formatted entries.

Each cache must never serve what its inputs no longer give: a page is rendered again when its source's
text or metadata, the glossary, or its key and label (settled by the other sources of its outlet and year)
change, and the reused records equal those of a fresh load.
"""

from __future__ import annotations

from pathlib import Path

from pybtex.database import Entry, Person

from briefbook import bibstyle, render
from briefbook.book import load_book
from briefbook.generate import render_book
from briefbook.glossary import Linker
from briefbook.pagecache import PageCache

META = "title: {title}\noutlet: The Daily\nurl: https://example.org/{slug}\ndate: 2024-03-05\n"
GLOSSARY = ("terms:\n  - term: snapback\n    as_of: 2025-10-31\n    definition: |\n      The return of UN sanctions.\n"
            "entities: []\n")


def make_source(folder: Path, slug: str, text: str = "The snapback was triggered.\n\nA second paragraph.\n",
                title: str = "A headline") -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{slug}.txt").write_text(text, encoding="utf-8")
    (folder / f"{slug}.yaml").write_text(META.format(title=title, slug=slug), encoding="utf-8")


def pages(folder: Path, docs: Path, cache: PageCache) -> dict[str, str]:
    """Every source page as render_book gives it with the cache, by slug."""
    book = load_book(folder)
    files = render_book(book, folder, docs, cache)
    return {path.stem: text for path, text in files.items() if path.parent.name == "sources" and path.stem != "index"}


def fresh(folder: Path) -> dict[str, str]:
    """Every source page rendered anew, by slug."""
    book = load_book(folder)
    linker = Linker(book.glossary)
    return {src.slug: render.source_page(src, cleaned, linker) for src, cleaned in book.sources}


def test_cached_pages_are_the_pages_their_inputs_give(tmp_path):
    folder, docs = tmp_path / "sources", tmp_path / "docs"
    make_source(folder, "daily-a")
    (folder / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    cache: PageCache = {}
    first = pages(folder, docs, cache)
    assert first == fresh(folder) and set(cache) == {"daily-a"}
    kept = dict(cache)
    assert pages(folder, docs, cache) == first and cache == kept, "nothing changed: every page from the cache"

    changes = {
        "the captured text": lambda: make_source(folder, "daily-a", text="The snapback was not triggered.\n"),
        "the metadata": lambda: make_source(folder, "daily-a", text="The snapback was not triggered.\n",
                                            title="Another headline"),
        "the glossary": lambda: (folder / "glossary.yaml").write_text(GLOSSARY.replace("snapback", "second paragraph"),
                                                                       encoding="utf-8"),
        # Another source of the same outlet and year: daily-a's key becomes the-daily-2024a, its label "The Daily 2024a".
        "another source's label": lambda: make_source(folder, "daily-b", title="B headline"),
    }
    for what, change in changes.items():
        before = cache["daily-a"]
        change()
        now = pages(folder, docs, cache)
        assert now == fresh(folder), f"after a change to {what}, a page differs from a fresh rendering"
        assert cache["daily-a"] != before and now["daily-a"] != before[1], f"a change to {what} renders the page again"
    assert "(source-the-daily-2024a)=" in now["daily-a"]

    (folder / "daily-b.txt").unlink()
    (folder / "daily-b.yaml").unlink()
    assert set(pages(folder, docs, cache)) == set(cache) == {"daily-a"}, "a removed source leaves the cache"


def test_no_cache_made_by_other_code_is_used(tmp_path, monkeypatch):
    folder = tmp_path / "sources"
    make_source(folder, "daily-a")
    cache: PageCache = {}
    pages(folder, tmp_path / "docs", cache)
    cache["daily-a"] = (cache["daily-a"][0], "a page rendered by another version of briefbook")
    monkeypatch.setattr("briefbook.generate.code_digest", lambda: "other code")
    assert pages(folder, tmp_path / "docs", cache) == fresh(folder)


def test_a_reloaded_book_reuses_only_what_did_not_change(tmp_path):
    folder = tmp_path / "sources"
    make_source(folder, "daily-a")
    make_source(folder, "daily-b", title="B headline")
    first = load_book(folder.resolve())
    (folder / "daily-b.yaml").write_text(META.format(title="B headline, edited", slug="daily-b"), encoding="utf-8")
    again = load_book(folder.resolve(), previous=first)
    (a1, ca1), (b1, cb1) = first.sources
    (a2, ca2), (b2, cb2) = again.sources
    assert a2.meta is a1.meta and ca2 is ca1, "an unchanged source is not parsed or cleaned again"
    assert b2.meta.title == "B headline, edited" and b2.meta is not b1.meta
    assert again.sources == load_book(folder.resolve()).sources, "the reused records equal a fresh load's"
    (folder / "daily-a.txt").write_text("Another text.\n", encoding="utf-8")
    third = load_book(folder.resolve(), previous=again)
    assert third.sources[0][1].paragraphs[0].text == "Another text." and third.sources[0][1] is not ca2


def test_formatted_entries_are_reused_only_for_the_same_entry(monkeypatch):
    bibstyle.register()
    style = bibstyle.Style()
    entry = Entry("misc", fields={"title": "A report", "year": "2024", "organization": "UN"},
                  persons={"author": [Person("Doe, Jane")]})
    monkeypatch.setattr(bibstyle, "FORMATTED", {})
    monkeypatch.setattr(bibstyle, "USED", set())
    once = style.format_entry("UN 2024", entry)
    assert style.format_entry("UN 2024", entry) is once
    assert once.text.render_as("text") == bibstyle.Style().format_entry("UN 2024", entry).text.render_as("text")
    other = Entry("misc", fields={"title": "A report, revised", "year": "2024", "organization": "UN"},
                  persons={"author": [Person("Doe, Jane")]})
    assert "revised" in style.format_entry("UN 2024", other).text.render_as("text")
    renamed = Entry("misc", fields=dict(entry.fields), persons={"author": [Person("Roe, Jane")]})
    assert "Roe" in style.format_entry("UN 2024", renamed).text.render_as("text")
    assert style.format_entry("UN 2024b", entry).label == "UN 2024b"
