"""An incremental build gives the same files as a full build of the same inputs.

One copy of the book is built once, then changed step by step: a source, a glossary term and a
timeline event are each edited, added and removed, and the copy is rebuilt incrementally after
each change (`briefbook build`, which reuses the last build). After every step each file of the
output (every HTML page, searchindex.js, objects.inv, genindex) and the generated book.bib must
be byte for byte those of a clean full build of the same files.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from helpers import build_copy, copy_book, tree_state

TEHRAN = "sources/tehran-times-2020-lavrov-full-right.yaml"
NEW_TEXT = ("A new source on the snapback of UN sanctions.\n\n"
            "The E3 said the arms embargo was restored under Chapter VII, a step Russia rejected as void.\n\n"
            "Sergey Lavrov said Moscow would not recognise the snapback.\n")
NEW_META = ("title: Lavrov rejects the snapback\noutlet: Gulf Monitor\nurl: https://example.org/gulf-monitor/snapback\n"
            "date: 2025-09-30\nsummary: A third account, about {term}`snapback`.\n")
TERM = ("  - term: Sputnik\n    category: Organisations and groups\n    as_of: 2025-10-31\n"
        "    definition: |\n      A Russian state news agency ({para}`tehran-times-2020:1`).\n")
EVENT = ("  - date: 2025-09-30\n    event: Gulf Monitor reports that Lavrov rejects the snapback.\n"
         "    terms: [snapback]\n    sources: [\"tehran-times-2020:1\"]\n")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_term(book: Path) -> None:
    glossary = book / "sources" / "glossary.yaml"
    edit(glossary, "\nentities:\n", "\n" + TERM + "\nentities:\n")
    edit(glossary, '  - {name: "Sputnik", category: Organisations and groups, aliases: [Sputnik]}\n', "")


def remove_term(book: Path) -> None:
    glossary = book / "sources" / "glossary.yaml"
    edit(glossary, "\n" + TERM.replace("A Russian state news agency", "The Russian state news agency"), "\n")
    edit(glossary, "  - {name: \"Al Arabiya\"",
         '  - {name: "Sputnik", category: Organisations and groups, aliases: [Sputnik]}\n  - {name: "Al Arabiya"')


STEPS = {
    "edit a source's summary": lambda b: edit(b / TEHRAN, "summary: |\n", "summary: |\n  Edited. "),
    "revert the summary": lambda b: edit(b / TEHRAN, "summary: |\n  Edited. ", "summary: |\n"),
    "add a source": lambda b: ((b / "sources" / "gulf-monitor-2025.txt").write_text(NEW_TEXT),
                               (b / "sources" / "gulf-monitor-2025.yaml").write_text(NEW_META)),
    "edit the new source's text": lambda b: edit(b / "sources" / "gulf-monitor-2025.txt", "Sergey Lavrov said",
                                                 "Sergey Lavrov told reporters"),
    # Two sources of one outlet and year: the first one's key and label get a letter ("Gulf Monitor 2025a").
    "another source of its outlet and year": lambda b: (
        (b / "sources" / "gulf-monitor-2025-b.txt").write_text(NEW_TEXT.replace("A new source", "Another source")),
        (b / "sources" / "gulf-monitor-2025-b.yaml").write_text(NEW_META.replace("rejects", "dismisses"))),
    "remove that source": lambda b: ((b / "sources" / "gulf-monitor-2025-b.txt").unlink(),
                                     (b / "sources" / "gulf-monitor-2025-b.yaml").unlink()),
    "edit the overview (the brief copies its judgments)": lambda b: edit(
        b / "docs" / "index.md", "The judgments this book draws", "The judgments the book draws"),
    "add a glossary term": add_term,
    "edit a term's definition": lambda b: edit(b / "sources" / "glossary.yaml", "A Russian state news agency",
                                               "The Russian state news agency"),
    "add a timeline event": lambda b: (b / "sources" / "timeline.yaml").write_text(
        (b / "sources" / "timeline.yaml").read_text() + EVENT),
    "edit the event": lambda b: edit(b / "sources" / "timeline.yaml", "Gulf Monitor reports", "Gulf Monitor says"),
    "remove the event": lambda b: edit(b / "sources" / "timeline.yaml",
                                       EVENT.replace("Gulf Monitor reports", "Gulf Monitor says"), ""),
    "remove the glossary term": remove_term,
    "remove the source": lambda b: ((b / "sources" / "gulf-monitor-2025.txt").unlink(),
                                    (b / "sources" / "gulf-monitor-2025.yaml").unlink()),
}


def build(book: Path) -> None:
    """`briefbook build` in a process of its own, as the analyst runs it (an in-process second build would see
    the theme's templates_path grown by the first, and rebuild everything)."""
    build_copy(book, "html")


def outputs(book: Path) -> dict[str, bytes]:
    """Every output file (but Sphinx's .buildinfo, which hashes the sources folder's path) and book.bib."""
    files = {f"html/{name}": data for name, data in tree_state(book / "out" / "html").items() if name != ".buildinfo"}
    files["docs/book.bib"] = (book / "docs" / "book.bib").read_bytes()
    return files


def explain(name: str, incremental: bytes, full: bytes) -> str:
    """What differs, readably: for the search index, the entries one build has and the other lacks."""
    if not name.endswith("searchindex.js"):
        return name
    a, b = (json.loads(data[data.index(b"(") + 1:data.rindex(b")")]) for data in (incremental, full))
    gaps = {key: sorted(set(b[key]) ^ set(a[key])) for key in b if isinstance(b[key], dict) and a.get(key) != b[key]}
    return f"{name}: {gaps}"


def test_every_incremental_build_equals_a_full_build(tmp_path):
    book = copy_book(tmp_path / "book")
    build(book)
    for n, (step, change) in enumerate(STEPS.items()):
        change(book)
        build(book)
        full = tmp_path / f"full-{n}"
        shutil.copytree(book / "sources", full / "sources")
        copy_book_docs(book, full)
        build(full)
        mine, theirs = outputs(book), outputs(full)
        assert sorted(mine) == sorted(theirs), f"after '{step}': different files"
        differing = [explain(name, mine[name], theirs[name]) for name in sorted(mine) if mine[name] != theirs[name]]
        assert differing == [], f"after '{step}' the incremental build differs from a full build in {differing}"
        shutil.rmtree(full)


def copy_book_docs(book: Path, dest: Path) -> None:
    """The hand-written part of docs/ (the rest is generated by the build)."""
    shutil.copytree(book / "docs", dest / "docs",
                    ignore=lambda d, names: [n for n in names if Path(d) == book / "docs"
                                             and n in ("sources", "book.bib", "glossary.md", "timeline.md")])
