"""Paragraph numbers cannot move silently: locks, the check of moved references, `briefbook renumber`, `lock`, `paras`."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from briefbook.analyst import find
from briefbook.book import gather, load_book
from briefbook.cli import main
from briefbook.load import load_sources
from briefbook.lock import fingerprint, lock_path, read_lock
from helpers import tree_state

SLUG = "interbellum-2025-lavrov-no-limits"


def args(book: Path, *rest: str) -> list[str]:
    return [*rest, "--sources", str(book / "sources"), "--docs", str(book / "docs")]


def cited_texts(book: Path) -> list[tuple[str, str]]:
    """Every paragraph reference in the analyst's files and the text of the paragraph it cites now."""
    loaded, _ = gather(book / "sources", book / "docs")
    out = []
    for ref in find(loaded).refs:
        if ref.target.para is None:
            continue
        _, cleaned = loaded.source(ref.target.key)
        out.append((str(ref.place.path.relative_to(book)), cleaned.paragraphs[ref.target.para - 1].text))
    return out


def set_aside(book: Path, *lines: int) -> None:
    """The analyst sets aside lines of the inter bellum capture (line 3 is the standfirst, which is ¶1)."""
    meta = book / "sources" / f"{SLUG}.yaml"
    meta.write_text(meta.read_text() + f"cleaning: {{set_aside_lines: {list(lines)}}}\n")


def test_lock_writes_a_readable_lock_for_every_source_and_the_book_checks(book, capsys):
    assert main(args(book, "lock")) == 0
    for source in load_sources(book / "sources"):
        path = lock_path(source)
        assert path == book / "sources" / f"{source.slug}.paras"
        text = path.read_text()
        assert text.startswith("# Paragraph lock of ") and f"source: {source.slug}.txt\n" in text
        assert re.search(r'^  - \{n: 1, fp: "[0-9a-f]{8}", start: ".+"\}$', text, re.M), text
        assert len(read_lock(source).paras) == 7
    assert main(args(book, "check")) == 0


def test_moving_paragraphs_after_citing_them_stops_check_and_build_listing_each_reference(book, capsys):
    assert main(args(book, "lock")) == 0
    set_aside(book, 3)
    assert main(args(book, "check")) == 1
    err = capsys.readouterr().err
    problems = [line for line in err.splitlines() if " cites ¶" in line]
    moved = [m for m in re.finditer(r"cites ¶(\d) of Inter Bellum News 2025, which was “[^”]+” when its paragraphs were "
                                    r"locked \(interbellum-2025-lavrov-no-limits\.paras\); that text is now ¶(\d)", err)]
    assert len(moved) == len(problems) == sum(1 for r in find(load_book_locked(book)).refs
                                               if r.target.key == "inter-bellum-news-2025" and r.target.para) > 20
    assert all(int(m.group(2)) == int(m.group(1)) - 1 for m in moved), "every old and new paragraph is named"
    assert f"{book / 'sources' / 'timeline.yaml'}:" in err and f"{book / 'docs' / 'index.md'}:" in err
    assert "Fix: run `briefbook renumber interbellum-2025-lavrov-no-limits`" in err
    run = subprocess.run([sys.executable, "-m", "briefbook.cli", "build", "-q", "--sources", str(book / "sources"),
                          "--docs", str(book / "docs"), "--out", str(book / "out")], capture_output=True, text=True)
    assert run.returncode == 1 and run.stderr.count(" cites ¶") == len(problems)


def load_book_locked(book: Path):
    return gather(book / "sources", book / "docs")[0]


def test_renumber_shows_the_change_then_makes_every_reference_follow_its_text(book, capsys):
    assert main(args(book, "lock")) == 0
    before = cited_texts(book)
    set_aside(book, 3)
    state = tree_state(book)
    assert main(args(book, "renumber", SLUG)) == 0
    out = capsys.readouterr()
    assert "-({para}`inter-bellum-news-2025:7`) wrong;" in out.out
    assert "+({para}`inter-bellum-news-2025:6`) wrong;" in out.out
    assert '-    sources: ["inter-bellum-news-2025:7"]' in out.out, "the key judgments' sources follow too"
    assert '+    sources: ["inter-bellum-news-2025:6"]' in out.out
    assert "notes[0] (on ¶2): ¶2 → ¶1" in out.out
    assert "nothing was written" in out.err and tree_state(book) == state, "only --yes writes"
    assert main(args(book, "renumber", SLUG, "--yes")) == 0
    assert main(args(book, "check")) == 0
    after = cited_texts(book)
    assert after == before, "every reference cites the text it cited before"
    assert len(after) > 40


def test_lock_refuses_to_make_references_point_at_other_text(book, capsys):
    assert main(args(book, "lock")) == 0
    paras = book / "sources" / f"{SLUG}.paras"
    locked = paras.read_bytes()
    set_aside(book, 3)
    assert main(args(book, "lock", SLUG)) == 1
    err = capsys.readouterr().err
    assert "notes[0] (on ¶2): `para: 2` cites ¶2 of Inter Bellum News 2025, which no longer holds the text" in err
    assert "Run `briefbook renumber interbellum-2025-lavrov-no-limits` first" in err
    assert paras.read_bytes() == locked
    assert main(args(book, "lock", SLUG, "--force")) == 0
    assert paras.read_bytes() != locked


def test_a_cited_paragraph_whose_text_is_gone_is_left_to_the_analyst(book, capsys):
    assert main(args(book, "lock")) == 0
    set_aside(book, 3, 13)  # line 13 is ¶4, the Su-35 paragraph
    assert main(args(book, "check")) == 1
    err = capsys.readouterr().err
    assert "cites ¶4 of Inter Bellum News 2025, which was “His remarks follow reports that Moscow may have agreed to…” " \
           "when its paragraphs were locked (interbellum-2025-lavrov-no-limits.paras); that text is no longer in the " \
           "source" in err
    assert "Fix: decide which paragraph it should cite now (`briefbook paras interbellum-2025-lavrov-no-limits` " \
           "lists them), then run `briefbook renumber interbellum-2025-lavrov-no-limits --map 4=N`" in err
    state = tree_state(book)
    assert main(args(book, "renumber", SLUG, "--yes")) == 1
    out = capsys.readouterr()
    assert "notes[2] (on ¶4): `para: 4` cites ¶4, whose text is no longer in the source." in out.err
    assert "nothing was written" in out.err and "--map 4=N" in out.err
    assert tree_state(book) == state, "a reference whose text is gone never silently cites what has its number now"
    assert main(args(book, "renumber", SLUG, "--map", "4=3", "--yes")) == 0
    assert "notes[2] (on ¶4): ¶4 → ¶3" in capsys.readouterr().out
    # Quotations of the vanished paragraph's words cannot follow a mapped number: the check still names each.
    assert main(args(book, "check")) == 1
    left = [line for line in capsys.readouterr().err.splitlines() if ": " in line and "Fix:" in line]
    assert left and all("quotation not found in Inter Bellum News 2025, ¶3: “reports that Moscow may have agreed"
                        in line for line in left), left


def test_a_change_no_reference_notices_still_asks_for_a_new_lock(tmp_path, capsys):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "a.txt").write_text("Headline\n\nFirst paragraph.\n\nSecond paragraph.\n\nThird paragraph.\n")
    (sources / "a.yaml").write_text("title: Headline\noutlet: The Daily\nurl: https://example.org/a\ndate: 2024\n"
                                    "notes:\n  - {para: 1, text: On the first.}\n")
    assert main(["lock", "--sources", str(sources)]) == 0
    meta = sources / "a.yaml"
    meta.write_text(meta.read_text() + "cleaning: {set_aside_lines: [5]}\n")
    assert main(["check", "--sources", str(sources)]) == 1
    err = capsys.readouterr().err
    assert f"{sources / 'a.paras'}: the paragraphs of a.txt are not those locked here: ¶2, ¶3 moved or changed " \
           "(locked ¶1 to ¶3, now ¶1 to ¶2); no reference cites a paragraph that changed. Fix: run `briefbook lock a`" in err
    assert main(["lock", "--sources", str(sources)]) == 0
    assert main(["check", "--sources", str(sources)]) == 0


def test_a_lock_without_its_source_and_an_unreadable_lock_are_reported(tmp_path, capsys):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "a.txt").write_text("Body.\n")
    (sources / "a.yaml").write_text("title: Headline\noutlet: The Daily\nurl: https://example.org/a\ndate: 2024\n")
    (sources / "a.paras").write_text("source: a.txt\nparas:\n  - {n: 1, fp: nothex}\n")
    (sources / "gone.paras").write_text("source: gone.txt\nparas: []\n")
    assert main(["check", "--sources", str(sources)]) == 1
    err = capsys.readouterr().err
    assert f"{sources / 'a.paras'}:3: paras.0.fp: String should match pattern" in err
    assert f"{sources / 'gone.paras'}: locks the paragraphs of gone.txt, which is not in the sources folder. " \
           "Fix: remove gone.paras, or restore gone.txt and gone.yaml." in err


def test_paras_prints_the_numbered_paragraphs(book, capsys):
    assert main(args(book, "paras", "inter-bellum-news-2025")) == 0
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert len(lines) == 7 and lines[1].startswith("¶2  Russian Foreign Minister Sergey Lavrov confirmed on Saturday")
    assert out.err == "", "the book's paragraphs are as locked"
    set_aside(book, 3)
    assert main(args(book, "paras", SLUG)) == 0
    out = capsys.readouterr()
    assert out.out.splitlines()[0].startswith("¶1  Russian Foreign Minister Sergey Lavrov confirmed on Saturday")
    assert "these are not the paragraphs locked in interbellum-2025-lavrov-no-limits.paras" in out.err
    (book / "sources" / f"{SLUG}.paras").unlink()
    assert main(args(book, "paras", SLUG)) == 0
    assert "the paragraphs are not locked" in capsys.readouterr().err


def test_add_locks_the_new_sources_paragraphs(tmp_path):
    captured = tmp_path / "capture.txt"
    captured.write_text("Headline\n\nFirst paragraph.\n\nSecond paragraph.\n")
    sources = tmp_path / "sources"
    assert main(["add", str(captured), "--sources", str(sources), "--title", "Headline", "--outlet", "The Daily",
                 "--url", "https://example.org/h", "--date", "2024-05", "--slug", "daily"]) == 0
    (source,) = load_sources(sources)
    assert [p.fp for p in read_lock(source).paras] == [fingerprint("First paragraph."), fingerprint("Second paragraph.")]
    assert load_book(sources).locks
