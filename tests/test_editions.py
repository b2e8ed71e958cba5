"""Editions: publish records one, What's new lists what changed since the one before, minor changes are errata."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from briefbook.cli import main
from briefbook.compare import compare
from briefbook.generate import load_book
from briefbook.snapshot import snapshot
from helpers import REPO, copy_book

JUDGMENTS = "sources/judgments.yaml"
GLOSSARY = "sources/glossary.yaml"


def cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    where = ["--sources", str(root / "sources")]
    if args[0] in ("publish", "changes", "build"):
        where += ["--docs", str(root / "docs")]
    if args[0] in ("publish", "build"):
        where += ["--out", str(root / "build")]
    return subprocess.run([sys.executable, "-m", "briefbook.cli", args[0], *where, *args[1:]],
                          capture_output=True, text=True)


def publish(root: Path, *args: str) -> subprocess.CompletedProcess:
    run = cli(root, "publish", "-q", "--format", "html", *args)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    return run


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def whats_new(root: Path, page: str = "index.html") -> BeautifulSoup | None:
    soup = BeautifulSoup((root / "build" / "html" / page).read_text(), "html.parser")
    return soup.find(id="whats-new")


def edition_line(root: Path, page: str = "index.html") -> str:
    soup = BeautifulSoup((root / "build" / "html" / page).read_text(), "html.parser")
    return soup.select_one("p.bb-edition").get_text(" ", strip=True)


def add_source(root: Path) -> None:
    text = root / "capture.txt"
    text.write_text("Lavrov said on Monday that the cooperation would go on.\n")
    run = cli(root, "add", str(text), "--title", "Lavrov on cooperation", "--outlet", "Example News",
              "--url", "https://example.org/lavrov", "--date", "2025-11-10")
    assert run.returncode == 0, run.stderr


@pytest.fixture
def published(tmp_path: Path) -> Path:
    """A copy of the seed book published as its first edition (HTML only)."""
    root = copy_book(tmp_path)
    publish(root, "--date", "2025-10-31")
    return root


def test_compare_names_each_change_by_a_stable_id():
    book = load_book(REPO / "sources", REPO / "docs")
    before = snapshot(book, REPO)
    after = json.loads(json.dumps(before))
    after["judgments"]["free-hand"]["likelihood"] = "likely"
    after["sources"]["tehran-times-2020"]["notes"].append({"para": 2, "text": "A new note."})
    after["glossary"]["E3"]["definition"] += " More."
    del after["timeline"][0]
    changes = {c.id: c for c in compare(before, after)}
    assert set(changes) == {"judgment:free-hand", "source:tehran-times-2020:note:2", "glossary:e3",
                            f"timeline:{before['timeline'][0]['date']}"}
    assert changes["judgment:free-hand"].detail["likelihood"] == ("very likely", "likely")
    assert changes["source:tehran-times-2020:note:2"].action == "added"
    assert changes["source:tehran-times-2020:note:2"].new == "A new note."
    assert compare(before, before) == []
    # Two terms with one slug keep two ids (and two anchors on the redline page).
    terms = {"C": {"definition": "a", "as_of": "2025-01-01"}, "C++": {"definition": "b", "as_of": "2025-01-01"}}
    changed = {"C": {"definition": "a2", "as_of": "2025-01-01"}, "C++": {"definition": "b2", "as_of": "2025-01-01"}}
    assert [c.id for c in compare({"glossary": terms}, {"glossary": changed})] == ["glossary:c", "glossary:c.2"]


def test_publish_then_what_is_new_lists_exactly_the_changes_and_the_typo_only_in_errata(published: Path):
    root = published
    record = json.loads((root / "editions" / "2025-10-31" / "edition.json").read_text())
    assert (record["number"], record["revision"], record["date"]) == (1, 0, "2025-10-31")
    assert "Edition 1, 31 October 2025." in edition_line(root)
    assert whats_new(root) is None  # the first edition has nothing before it
    # Loaded without its Sphinx project (its pages unknown), the book is still exactly that edition.
    assert load_book(root / "sources").edition.published

    edit(root / JUDGMENTS, "likelihood: very likely", "likelihood: likely")
    unexplained = cli(root, "build", "-q", "--format", "html")
    assert unexplained.returncode != 0
    assert re.search(r"judgments\.yaml:\d+: WARNING: judgments\[0\] \('free-hand'\): the judgment was very likely, "
                     r"moderate confidence in edition 1 of 2025-10-31 and is likely, moderate confidence now, and it "
                     r"does not say why\. Fix: add `change:`", unexplained.stderr), unexplained.stderr
    edit(root / JUDGMENTS, "likelihood: likely", "likelihood: likely\n    change: \"Lowered: no delivery has been reported.\"")
    add_source(root)
    edit(root / GLOSSARY, "France, Germany and the United Kingdom.", "France, Germany and the United Kingdom (E3).")
    (root / "sources" / "changes.yaml").write_text(
        'minor:\n  - change: glossary:e3\n    note: "The abbreviation added."\n')
    listed = cli(root, "changes")
    assert listed.returncode == 0, listed.stderr
    assert re.search(r"glossary:e3 +changed +Glossary: E3 +\(minor\)", listed.stdout)
    assert "source:example-news-2025" in listed.stdout and "judgment:free-hand" in listed.stdout
    run = cli(root, "build", "-q", "--format", "html")
    assert run.returncode == 0, run.stderr

    for page in ("index.html", "brief.html"):
        section = whats_new(root, page)
        assert section is not None, page
        assert section.find("h2").get_text(strip=True).startswith("What's new since edition 1 of 31 October 2025")
        text = section.get_text(" ", strip=True)
        assert "Edition 2: a draft, not yet published." in text
        assert "Example News 2025: Lavrov on cooperation" in text
        row = section.select_one("table.bb-whatsnew-judgments tbody tr")
        cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
        assert cells[0].startswith("Key judgment 1")
        assert cells[1:] == ["very likely; moderate confidence", "likely; moderate confidence"]
        assert len(section.select("table.bb-whatsnew-judgments tbody tr")) == 1
        assert "Glossary definitions" not in text  # the typo is minor: errata only
    errata = whats_new(root).get_text(" ", strip=True).split("Minor corrections (errata)")[1]
    assert "Glossary: E3 : The abbreviation added." in errata
    # Each item links to where the text is now.
    hrefs = [a["href"] for a in whats_new(root).find_all("a")]
    assert any("sources/example-news-2025-lavrov-on-cooperation.html" in h for h in hrefs)
    assert any(h.endswith("#kj-free-hand") for h in hrefs)

    # Publishing makes edition 2; the minor mark moves into its record; What's new stays (since edition 1).
    publish(root, "--date", "2025-11-20")
    record = json.loads((root / "editions" / "2025-11-20" / "edition.json").read_text())
    assert (record["number"], record["errata"]) == (2, [{"change": "glossary:e3", "note": "The abbreviation added."}])
    assert "minor: []" in (root / "sources" / "changes.yaml").read_text()
    assert "Edition 2, 20 November 2025." in edition_line(root)
    text = whats_new(root).get_text(" ", strip=True)
    assert "Example News 2025" in text and "The abbreviation added." in text


def test_a_minor_fix_alone_keeps_the_edition_date(published: Path):
    root = published
    edit(root / GLOSSARY, "France, Germany and the United Kingdom.", "France, Germany and the United Kingdom (E3).")
    (root / "sources" / "changes.yaml").write_text('minor:\n  - change: glossary:e3\n    note: "Typo."\n')
    run = cli(root, "build", "-q", "--format", "html")
    assert run.returncode == 0, run.stderr
    assert "Edition 1, 31 October 2025, revision 1 (corrections only), not yet published." in edition_line(root)
    section = whats_new(root)
    assert section.find("h2").get_text(strip=True).startswith("Corrections")
    assert "Glossary: E3 : Typo." in section.get_text(" ", strip=True)
    refused = cli(root, "publish", "-q", "--format", "html", "--date", "2025-11-20")
    assert refused.returncode == 1 and "keeps its date (2025-10-31)" in refused.stderr
    publish(root)
    record = json.loads((root / "editions" / "2025-10-31-r1" / "edition.json").read_text())
    assert (record["number"], record["revision"], record["date"]) == (1, 1, "2025-10-31")
    assert "Edition 1, 31 October 2025, revision 1 (corrections only)." in edition_line(root)
    # Published, the revision's correction keeps its place in the errata, with its redline.
    section = whats_new(root)
    assert "Glossary: E3 : Typo." in section.get_text(" ", strip=True)
    assert any("changes.html#change-glossary-e3" in a["href"] for a in section.find_all("a"))
    import yaml

    assert yaml.safe_load((root / "sources" / "changes.yaml").read_text()) == {"minor": []}


def test_publish_refuses_what_would_overwrite_or_say_nothing(published: Path):
    root = published
    before = {p: p.read_bytes() for p in (root / "editions").rglob("*") if p.is_file()}
    again = cli(root, "publish", "-q", "--format", "html")
    assert again.returncode == 1 and "has not changed since edition 1 of 2025-10-31" in again.stderr
    edit(root / JUDGMENTS, "likelihood: very likely", "likelihood: likely")
    same_day = cli(root, "publish", "-q", "--format", "html", "--date", "2025-10-31")
    assert same_day.returncode == 1 and "exists: an edition is never overwritten" in same_day.stderr
    earlier = cli(root, "publish", "-q", "--format", "html", "--date", "2025-10-01")
    assert earlier.returncode == 1 and "is before edition 1 of 2025-10-31" in earlier.stderr
    future = cli(root, "publish", "-q", "--format", "html", "--date", "2099-01-01")
    assert future.returncode == 1 and "2099-01-01 is in the future" in future.stderr
    assert {p: p.read_bytes() for p in (root / "editions").rglob("*") if p.is_file()} == before
    assert "Traceback" not in again.stderr + same_day.stderr + earlier.stderr


def test_a_minor_mark_naming_no_change_is_one_clear_problem(published: Path, capsys):
    root = published
    (root / "sources" / "changes.yaml").write_text('minor:\n  - change: glossary:jcpoa\n    note: "Typo."\n')
    assert main(["check", "--sources", str(root / "sources"), "--docs", str(root / "docs")]) == 1
    err = capsys.readouterr().err
    assert re.search(r"changes\.yaml:2: marks `glossary:jcpoa` minor, but it is not a change since edition 1 of "
                     r"2025-10-31; the changes are: none\.", err)
    assert "Fix: name a change as `briefbook changes` lists it" in err


def test_a_published_capture_never_changes(published: Path, capsys):
    root = published
    txt = root / "sources" / "tehran-times-2020-lavrov-full-right.txt"
    meta = txt.with_suffix(".yaml")
    text = txt.read_text()
    txt.write_text(text.replace("Lavrov", "Lavroff", 1))
    import hashlib
    digest = hashlib.sha256(txt.read_bytes()).hexdigest()
    meta.write_text(re.sub(r"sha256: [0-9a-f]{64}", f"sha256: {digest}", meta.read_text(), count=1))
    assert main(["check", "--sources", str(root / "sources"), "--docs", str(root / "docs")]) == 1
    err = capsys.readouterr().err
    assert "tehran-times-2020-lavrov-full-right.txt: differs from the captured text published in edition 1" in err
    assert "a published capture never changes" in err


def test_a_published_edition_keeps_its_manifest_and_verifies(published: Path):
    root = published
    folder = root / "editions" / "2025-10-31"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["edition"] == {"number": 1, "revision": 0, "date": "2025-10-31", "published": True}
    assert {"editions/2025-10-31/edition.json", "editions/2025-10-31/snapshot.json"} <= set(manifest["inputs"])
    assert manifest["build"]["formats"] == ["html"]
    assert manifest["build"]["source_date_epoch"] == 1761868800  # the edition's date, midnight UTC
    assert "the date of the edition the book is (2025-10-31)" in manifest["build"]["source_date_from"]
    verify = [sys.executable, "-m", "briefbook.cli", "verify", str(folder)]
    same = subprocess.run(verify, capture_output=True, text=True)
    assert same.returncode == 0, same.stdout + same.stderr
    # The book moves on: a later edition's record is a new input, and the pages that name the edition differ.
    edit(root / JUDGMENTS, "likelihood: very likely",
         "likelihood: likely\n    change: \"Lowered: no delivery has been reported.\"")
    publish(root, "--date", "2025-11-20")
    moved = subprocess.run(verify, capture_output=True, text=True)
    assert moved.returncode == 1
    out = moved.stdout + moved.stderr
    assert "input changed: sources/judgments.yaml" in out
    assert "editions/2025-11-20/edition.json" in out and "output differs: html/index.html" in out


def test_a_change_that_is_news_cannot_be_marked_minor(published: Path, capsys):
    root = published
    edit(root / JUDGMENTS, "likelihood: very likely", "likelihood: likely\n    change: \"Lowered.\"")
    add_source(root)
    (root / "sources" / "changes.yaml").write_text(
        "# our corrections\nminor:\n  - change: judgment:free-hand\n    note: Typo.\n"
        "  - change: source:example-news-2025\n    note: Typo.\n")
    assert main(["check", "--sources", str(root / "sources"), "--docs", str(root / "docs")]) == 1
    err = capsys.readouterr().err
    assert re.search(r"changes\.yaml:3: marks `judgment:free-hand` minor, but it changes the judgment's likelihood: "
                     r"that is news, not a correction\.", err)
    assert re.search(r"changes\.yaml:5: marks `source:example-news-2025` minor, but it is an addition", err)


def test_a_damaged_edition_record_is_one_problem_without_traceback(published: Path):
    root = published
    snapshot_file = root / "editions" / "2025-10-31" / "snapshot.json"
    good = snapshot_file.read_text()
    for damage in ("{", "[]", '{"format": 1, "sources": {"k": {"label": "x"}}, "judgments": {}, "glossary": {}, '
                             '"timeline": [], "pages": {}}'):
        snapshot_file.write_text(damage)
        run = cli(root, "check")
        assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
        assert "snapshot.json: cannot be read as an edition's snapshot" in run.stderr
    # A staging folder left by an interrupted publish is not an edition.
    (root / "editions" / ".2025-11-20.tmp").mkdir()
    (root / "editions" / ".2025-11-20.tmp" / "edition.json").write_text("{")
    snapshot_file.write_text(good)
    assert cli(root, "check").returncode == 0


def test_site_copies_only_the_editions_own_build_and_a_sound_listing(published: Path, tmp_path: Path):
    root = published

    def site(where: Path) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "briefbook.cli", "site", str(where), "--sources",
                               str(root / "sources"), "--docs", str(root / "docs"), "--out", str(root / "build")],
                              capture_output=True, text=True)

    bad = tmp_path / "bad-site"
    bad.mkdir()
    (bad / "editions.json").write_text('[{"folder": "javascript:alert(1)//", "name": "x", "number": 1, '
                                       '"revision": 0}]')
    refused = site(bad)
    assert refused.returncode == 1 and "editions.json: cannot be read" in refused.stderr
    assert not (bad / "2025-10-31").exists()
    page = root / "build" / "html" / "index.html"
    page.write_text(page.read_text() + "<!-- changed after the build -->")
    refused = site(tmp_path / "site")
    assert refused.returncode == 1 and "differs from what its manifest lists" in refused.stderr
    assert "Traceback" not in refused.stderr
    run = cli(root, "build", "-q", "--format", "html")
    assert run.returncode == 0, run.stderr
    ok = site(tmp_path / "site")
    assert ok.returncode == 0, ok.stderr
    assert json.loads((tmp_path / "site" / "editions.json").read_text())[0]["folder"] == "2025-10-31"
