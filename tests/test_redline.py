"""The redline page and the change marks in the HTML: an edition is published, the book changed, built again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from briefbook.compare import anchor
from briefbook.redline import hunks, word_diff
from editions_helpers import FIXED, NEW_NOTE, OVERVIEW_NEW, TYPO, change_book, introduce_typo, publish_edition, set_likelihood
from helpers import GENERATED, build_copy, copy_book
from test_incremental import outputs

SOURCE = "sources/tehran-times-2020-lavrov-full-right.html"
#: What change_book changes: (change id, the page it is on now).
CHANGED = {
    "judgment:free-hand": "index.html",
    "source:tehran-times-2020:note:2": SOURCE,
    "glossary:snapback": "glossary.html",
    "page:docs/index.md": "index.html",
    "timeline:2018-05-08": "timeline.html",
}


@pytest.fixture(scope="module")
def changed_book(tmp_path_factory):
    """The seed book with a typo, published as edition 1, then changed (change_book) and built to HTML."""
    root = copy_book(tmp_path_factory.mktemp("redline"))
    introduce_typo(root)
    publish_edition(root)
    change_book(root)
    return build_copy(root, "html")


def soup(root, name: str) -> BeautifulSoup:
    return BeautifulSoup((root / "out" / "html" / name).read_text(encoding="utf-8"), "html.parser")


def edits(section) -> tuple[list[str], list[str]]:
    """The deleted and inserted words of a redline section, as a reader sees them (without the hidden words)."""
    out: tuple[list[str], list[str]] = ([], [])
    for tag, words in (("del", out[0]), ("ins", out[1])):
        for node in section.select(f".bb-redline {tag}"):
            assert [s.get_text() for s in node.select(".bb-sr")] == [f"[{'deleted' if tag == 'del' else 'inserted'}: ",
                                                                     "]"]
            for hidden in node.select(".bb-sr"):
                hidden.extract()
            words.append(node.get_text())
    return out


def test_the_redline_page_lists_exactly_the_changes_with_their_edits(changed_book):
    page = soup(changed_book, "changes.html")
    assert page.select_one("h1").get_text().startswith("Changes since edition 1 of 31 October 2025")
    sections = {s["id"]: s for s in page.select("section.bb-change")}
    assert set(sections) == {anchor(cid) for cid in CHANGED}
    judgment = sections[anchor("judgment:free-hand")]
    assert edits(judgment) == (["very likely"], ["almost certain"])
    assert "Likelihood: very likely → almost certain" in judgment.get_text()
    assert edits(sections[anchor("page:docs/index.md")]) == (["late October"], ["early November"])
    assert edits(sections[anchor("timeline:2018-05-08")]) == (["JCPOA."], ["JCPOA under President Trump."])
    assert edits(sections[anchor("glossary:snapback")]) == ([TYPO + ";"], [FIXED + ";"])  # words with their punctuation
    glossary = sections[anchor("glossary:snapback")].get_text()
    assert f"Minor (errata): Typo: {TYPO}." in glossary
    assert "Minor (errata)" not in judgment.get_text()
    # The added note is inserted whole, as the analyst wrote it: text, never markup.
    note = sections[anchor("source:tehran-times-2020:note:2")]
    assert edits(note) == ([], [NEW_NOTE])
    assert note.select("script") == [] and note.select("strong") == []
    assert "<script>alert(1)</script>" in note.get_text()


def test_every_change_links_to_where_its_text_is_now(changed_book):
    page = soup(changed_book, "changes.html")
    for cid, where in CHANGED.items():
        link = page.select_one(f"#{anchor(cid)} a.reference.internal")
        target, _, ident = link["href"].partition("#")
        assert target == where, cid
        assert soup(changed_book, target).find(id=ident) is not None, (cid, ident)


def mark_text(cid: str) -> str:
    if cid.startswith("glossary:"):
        return "Corrected since edition 1 (minor)"
    return "New since edition 1" if ":note:" in cid else "Changed since edition 1"


def test_each_changed_element_is_marked_and_nothing_else(changed_book):
    html = changed_book / "out" / "html"
    marks: dict[str, set] = {}
    for path in sorted(html.rglob("*.html")):
        name = path.relative_to(html).as_posix()
        for mark in soup(changed_book, name).select(".bb-change-mark"):
            href, _, ident = mark["href"].partition("#")
            assert href == "../" * name.count("/") + "changes.html"
            marks.setdefault(name, set()).add((mark.get_text(), ident))
    expected: dict[str, set] = {}
    for cid, where in CHANGED.items():
        expected.setdefault(where, set()).add((mark_text(cid), anchor(cid)))
    # The brief shows the changed judgment (short form) and the corrected key term: marked there too.
    expected["brief.html"] = {(mark_text(c), anchor(c)) for c in ("judgment:free-hand", "glossary:snapback")}
    assert marks == expected
    overview = soup(changed_book, "index.html").select(".bb-changed")
    assert len(overview) == 2
    assert OVERVIEW_NEW.strip("*") in overview[0].get_text() and overview[0].name == "p"
    assert "kj-free-hand" in overview[1]["id"]
    note = soup(changed_book, SOURCE).select(".bb-changed")
    assert len(note) == 1 and note[0].name == "aside" and "A new note" in note[0].get_text()
    event = soup(changed_book, "timeline.html").select(".bb-changed")
    assert len(event) == 1 and event[0].name == "li" and event[0]["id"] == "event-2018-05-08"
    assert "withdraws from the JCPOA under President Trump" in event[0].get_text()
    entry = soup(changed_book, "glossary.html").select(".bb-changed")
    assert [(e.name, e.get("id")) for e in entry] == [("dt", "term-snapback"), ("dd", None)]


def test_the_redline_page_follows_the_overview_in_the_navigation(changed_book):
    nav = soup(changed_book, "index.html").select(".bd-sidebar-primary a")
    titles = [a.get_text().strip() for a in nav]
    assert titles[titles.index("Changes since edition 1 of 31 October 2025") + 1] == "Sources"


def test_after_the_next_edition_the_page_and_the_marks_follow_the_new_changes(changed_book, tmp_path):
    """Edition 2 is published (the typo fix recorded as an erratum), then the judgment's likelihood goes back:
    an incremental build compares with edition 2, and only the judgment is marked."""
    root = tmp_path / "book"
    shutil.copytree(changed_book, root, symlinks=True)
    publish_edition(root, "2025-11-20")  # the glossary's minor mark becomes edition 2's erratum
    set_likelihood(root, "almost certain", "very likely", "Lowered: no second source since.")
    build_copy(root, "html")
    page = soup(root, "changes.html")
    assert page.select_one("h1").get_text().startswith("Changes since edition 2 of 20 November 2025")
    assert [s["id"] for s in page.select("section.bb-change")] == [anchor("judgment:free-hand")]
    assert edits(page.select_one("section.bb-change")) == (["almost certain"], ["very likely"])
    html = root / "out" / "html"
    marked = sorted(p.relative_to(html).as_posix() for p in html.rglob("*.html")
                    if "bb-change-mark" in p.read_text(encoding="utf-8"))
    assert marked == ["brief.html", "index.html"]
    assert {a["href"] for a in soup(root, "index.html").select(".bb-change-mark")} == \
        {f"changes.html#{anchor('judgment:free-hand')}"}
    assert json.loads((root / "editions" / "2025-11-20" / "edition.json").read_text())["number"] == 2


@given(st.text(alphabet=" ab\n<>&", max_size=30), st.text(alphabet=" ab\n<>&", max_size=30))
def test_a_word_diff_gives_back_both_texts(old, new):
    pieces = word_diff(old, new)
    assert "".join(t for op, t in pieces if op != "insert") == old
    assert "".join(t for op, t in pieces if op != "delete") == new
    whole = hunks(old or None, new or None)
    assert all(op in ("equal", "insert", "delete", "gap") for op, _ in whole)


def full_build_of(book, dest):
    """A clean full build of the same inputs (sources, editions, hand-written pages)."""
    for part in ("sources", "editions"):
        shutil.copytree(book / part, dest / part)
    shutil.copytree(book / "docs", dest / "docs", ignore=lambda d, names: [
        n for n in names if Path(d) == book / "docs" and (n in GENERATED or n == "changes.md")])
    return build_copy(dest, "html")


def test_incremental_builds_equal_full_builds_as_editions_come_and_change(tmp_path):
    book = copy_book(tmp_path / "book")
    introduce_typo(book)
    publish_edition(book)  # (built too)
    steps = {"changed since edition 1": change_book,
             "edition 2 published": lambda root: publish_edition(root, "2025-11-20"),
             "the likelihood back": lambda root: set_likelihood(root, "almost certain", "very likely",
                                                                "Lowered: no second source since.")}
    for n, (step, change) in enumerate(steps.items()):
        change(book)
        build_copy(book, "html")
        full = full_build_of(book, tmp_path / f"full-{n}")
        mine, theirs = outputs(book), outputs(full)
        assert sorted(mine) == sorted(theirs), step
        assert [name for name in sorted(mine) if mine[name] != theirs[name]] == [], step


def test_a_hostile_grade_reason_stays_text_on_the_redline(tmp_path):
    """A value shown as written (a grade's reason is escaped, never parsed) stays text on the redline too."""
    root = copy_book(tmp_path / "book")
    publish_edition(root)
    meta = root / "sources" / "interbellum-2025-lavrov-no-limits.yaml"
    hostile = "<script>alert('t')</script> & <img src=x onerror=alert(1)> {raw}`html <b>` **not bold**"
    old = "arms reports name no source."
    meta.write_text(meta.read_text().replace(old, f"arms reports name no source. {hostile}", 1))
    build_copy(root, "html")
    page = soup(root, "changes.html")
    section = page.find(id=anchor("source:inter-bellum-news-2025:grades"))
    assert page.select("article script, article img, article b") == []
    assert edits(section) == ([], [f" {hostile}"])
    headnote = soup(root, "sources/interbellum-2025-lavrov-no-limits.html").select(".bb-headnote.bb-changed")
    assert len(headnote) == 1 and hostile in headnote[0].get_text()


def test_a_pages_changed_lines_mark_the_blocks_they_are_in_and_not_a_heading():
    from docutils import nodes

    from briefbook.compare import Change
    from briefbook.sphinx.changemarks import _page_targets

    def node(cls, line, text):
        made = cls(text, text) if cls is not nodes.section else cls()
        made.line = line
        return made

    old = "para one\n\n# Heading\n\npara two\nstill two\n"
    doc = nodes.document(None, None)
    first, second = node(nodes.paragraph, 1, "para one"), node(nodes.paragraph, 5, "para two still two")
    section = nodes.section()
    section += [node(nodes.title, 3, "Heading"), second]
    doc += [first, section]
    marked = lambda new: [n.astext() for n in _page_targets(  # noqa: E731
        doc, Change("page:docs/x.md", "page", "changed", "x", old, new))]
    assert marked(old.replace("# Heading", "# A heading")) == []
    assert marked(old.replace("still two", "still 2")) == ["para two still two"]
    assert marked(old.replace("para one", "para 1")) == ["para one"]
    assert marked(old + "\nmore\n") == ["para two still two"]
