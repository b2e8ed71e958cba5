"""The repository's book, built once: every fact is cited to a document a reader can find (issue 13).

Three checks over the built HTML (the session fixture ``built_book``), and one over the PDF:

- every entry of the references page has an http(s) address, or says why it has none ("No public
  address: …", for example an unpublished letter), so no citation leads to a work a reader cannot find;
- every entry of the book's bibliography (the captured sources and sources/references.bib, merged
  into docs/book.bib) is on the references page: sphinxcontrib-bibtex lists only cited entries, so an
  entry missing from the page is cited nowhere;
- no citation is to a "fact sheet" or to "the editors";
- every analyst sentence that states a date or a number carries a citation (the heuristic below).

The heuristic for "states a date or a number". The analyst's text is: the overview's key judgments
(each judgment's statement, discussion, confidence basis, sourcing, assumptions and indicators, not
its likelihood's band), "Sources and their weight" and "Sources and method" (not its title or edition line), each source page's headnote ("Why it
matters") and notes, each glossary definition (not its aliases, as-of date, see-also or used-in
lines) and each timeline event (without its date label, the reason an approximate date is
approximate, or its list of terms). A timeline event is one sentence whose citations follow it, so
it is taken whole. Every other block is cut into sentences at a full stop, question or
exclamation mark followed by a space and a capital letter, an opening quotation mark or a digit. A
sentence states a date or a number when it holds a year from 1900 to 2099, a month's name (May only
before a digit), or a number standing alone: digits not joined to letters or other digits by a
hyphen, slash, plus sign or paragraph sign, so that Su-35, MiG-29, E3, P5+1, SC/14277, SHA-256 and
¶6 do not count, and not the numbers of resolutions ("resolution 2231 (2015)", "resolutions 1696,
1737 … and 1929"). A sentence carries a citation when it holds a bibliography citation, a paragraph
reference ({para}) or a checked quotation ({quote}, which names its paragraph). Words quoted from a
source are set aside before the sentence is cut, since a quotation may hold full stops of its own.
Numbers written as words ("five years") are not seen: the heuristic is a floor, not a proof.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from pybtex.database import parse_file

from briefbook.bibstyle import decode_literal, is_literal, label_text

CITED = "\ue000"  # stands in for a citation in a block's text
QUOTED = "\ue001"  # stands in for the words of a checked quotation

MONTHS = ("January", "February", "March", "April", "June", "July", "August", "September", "October",
          "November", "December")
DATE_OR_NUMBER = re.compile(
    r"\b(?:19|20)\d\d\b"
    r"|\b(?:" + "|".join(MONTHS) + r")\b|\bMay(?=\s+\d)"
    r"|(?<![\w/+¶\-–])\d+(?:[.,:]\d+)*(?![\w/+])"
)
RESOLUTION_NUMBERS = re.compile(r"\b[Rr]esolutions?\s+\d+(?:\s*\(\d{4}\))?(?:(?:,\s*|\s+and\s+)\d+(?:\s*\(\d{4}\))?)*")
SENTENCE_END = re.compile(r"(?<=[.!?])[”’\"')]*\s+(?=[A-Z“‘\"\d" + CITED + QUOTED + r"])")
NO_ADDRESS = "No public address:"


def page(built_book: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((built_book / "out" / "html" / name).read_text(encoding="utf-8"), "html.parser")


def marked_text(block: Tag) -> str:
    """The block's text with each citation as CITED and each checked quotation as “QUOTED”CITED."""
    block = BeautifulSoup(str(block), "html.parser")
    for quote in block.select("span.bb-quote"):
        words = quote.get_text().rpartition("”")[0]
        end = "." if re.search(r"[.!?]$", words) else ""  # a quotation that ends a sentence ends it here too
        quote.replace_with(f"“{QUOTED}”{CITED}{end}")
    for cite in block.select("span.bibtex-citation"):
        cite.replace_with(CITED)
    for ref in block.select("span.bb-para-ref"):
        (ref.find_parent("a") or ref).replace_with(CITED)
    return " ".join(block.get_text().split())


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(text) if s.strip()]


def states_date_or_number(sentence: str) -> bool:
    return bool(DATE_OR_NUMBER.search(RESOLUTION_NUMBERS.sub("", sentence)))


def uncited(text: str) -> list[str]:
    """The sentences of text that state a date or a number and carry no citation."""
    return [s for s in sentences(text) if states_date_or_number(s) and CITED not in s]


def analyst_blocks(built_book: Path) -> dict[str, str]:
    """Every block of analyst text in the built book, by where it is, as marked_text."""
    blocks: dict[str, str] = {}
    index = page(built_book, "index.html")
    for section in ("key-judgments", "sources-and-their-weight", "sources-and-method"):
        for i, el in enumerate(index.select(f"section#{section} > ol > li, section#{section} > p")):
            blocks[f"index.html#{section} [{i}]"] = marked_text(el)
    for judgment in index.select("div.bb-judgment"):  # its statement, discussion and fields (not the likelihood's band)
        for i, el in enumerate(judgment.find_all("p", recursive=False)):
            number = el.find("strong") if i == 0 else None
            if number is not None and re.match(r"\d+\.", number.get_text()):
                number.extract()  # the judgment's number, not a statement
            blocks[f"index.html#{judgment['id']} [{i}]"] = marked_text(el)
        for dt in judgment.select("dt"):
            name = dt.get_text(strip=True).rstrip(":")
            if name not in ("Likelihood", "Sources"):
                blocks[f"index.html#{judgment['id']} {name}"] = marked_text(dt.find_next_sibling("dd"))
    for path in sorted((built_book / "out" / "html" / "sources").glob("*.html")):
        if path.name == "index.html":
            continue
        doc = page(built_book, f"sources/{path.name}")
        for i, el in enumerate(doc.select("section#why-it-matters > p")):
            blocks[f"sources/{path.name} headnote [{i}]"] = marked_text(el)
        for note in doc.select("aside.bb-note"):
            title = note.select_one(".sidebar-title")
            label = title.get_text(strip=True) if title else "note"
            if title:
                title.extract()
            blocks[f"sources/{path.name} {label}"] = marked_text(note)
    glossary = page(built_book, "glossary.html")
    for dt in glossary.select("dl.glossary > dt"):
        dd = dt.find_next_sibling("dd")
        paragraphs = [p for p in dd.find_all("p", recursive=False)
                      if "bb-usedin" not in (p.get("class") or [])
                      and not re.match(r"(Also:|As of|See also:)", p.get_text(strip=True))]
        for i, p in enumerate(paragraphs):
            blocks[f"glossary.html#{dt.get('id')} [{i}]"] = marked_text(p)
    timeline = page(built_book, "timeline.html")
    for i, li in enumerate(timeline.select("article section li")):
        p = BeautifulSoup(str(li.p), "html.parser").p
        label = p.strong.extract().get_text()
        terms = p.find("em", string=re.compile(r"^Terms:"))
        if terms is not None:
            for sibling in list(terms.next_siblings):
                sibling.extract()
            terms.extract()
        text = re.sub(r"^\s*\((?:[^()]|\([^()]*\))*\)", "", marked_text(p))  # the approximate date's reason
        blocks[f"timeline.html {label} [{i}]"] = text.lstrip(": ")
    return blocks


def uncited_in_block(where: str, text: str) -> list[str]:
    """uncited(), but a timeline event is one sentence with its citations after it."""
    if where.startswith("timeline.html"):
        return [text] if states_date_or_number(text) and CITED not in text else []
    return uncited(text)


def test_every_reference_has_an_address_or_says_why_not(built_book):
    entries = page(built_book, "references.html").select("div.citation")
    assert entries, "the references page lists the cited works"
    missing = []
    for entry in entries:
        links = [a["href"] for a in entry.select("a.reference.external")]
        if not any(re.match(r"https?://", href) for href in links) and NO_ADDRESS not in entry.get_text():
            missing.append(" ".join(entry.get_text().split()))
    assert not missing, f"references without an address or a reason for none: {missing}"


def test_every_bibliography_entry_is_cited(built_book):
    bib = parse_file(str(built_book / "docs" / "book.bib"), "bibtex")
    labels = {key: label_text(entry) for key, entry in bib.entries.items()}
    assert len(set(labels.values())) == len(labels), "each entry has its own label, so the page shows which is which"
    shown = {label.get_text().strip("[]") for label in page(built_book, "references.html").select("div.citation .label")}
    uncited_keys = sorted(key for key, label in labels.items() if label not in shown)
    assert not uncited_keys, f"entries of sources/references.bib or sources cited nowhere: {uncited_keys}"
    assert shown <= set(labels.values())


def test_no_citation_is_to_a_fact_sheet_or_to_the_editors(built_book):
    bib = parse_file(str(built_book / "docs" / "book.bib"), "bibtex")
    for key, entry in bib.entries.items():
        who = " ".join(str(p) for p in entry.persons.get("author", [])) + entry.fields.get("author", "")
        assert "editors" not in who.lower() and "fact sheet" not in entry.fields.get("title", "").lower(), key
    for path in (built_book / "out" / "html").rglob("*.html"):
        text = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").get_text(" ")
        assert not re.search(r"fact[ -]sheet", text, re.IGNORECASE), path.name


def test_every_dated_or_numbered_analyst_sentence_carries_a_citation(built_book):
    blocks = analyst_blocks(built_book)
    assert len(blocks) > 40, "the overview, headnotes, notes, glossary and timeline were all found"
    assert any(k.startswith("timeline.html") for k in blocks) and any("Analyst note" in k for k in blocks)
    problems = {where: bad for where, text in blocks.items() if (bad := uncited_in_block(where, text))}
    assert not problems, "sentences that state a date or number without a citation:\n" + "\n".join(
        f"  {where}: {s}" for where, bad in problems.items() for s in bad)


@pytest.mark.parametrize("text, flagged", [
    (f"Lavrov spoke on 21 September 2020{CITED}. He said more.", []),
    ("The restrictions lapsed on 18 October 2020. They were not renewed.", ["The restrictions lapsed on 18 October 2020."]),
    ("It ended in June.", ["It ended in June."]),
    ("13 of the 15 members objected.", ["13 of the 15 members objected."]),
    ("Iran may buy Su-35s, MiG-29s and the S-400 (see ¶6); E3 and P5+1 differ; SHA-256 is shown.", []),
    ("The provisions of resolutions 1696, 1737, 1747, 1803, 1835 and 1929 and of resolution 2231 (2015) differ.", []),
    (f"He said “{QUOTED}”{CITED}. It was in 2020{CITED}.", []),
    (f"The report has “{QUOTED}”{CITED} and dates it 2020.", []),
    (f"He said “{QUOTED}”{CITED}. In 2020 he said more.", ["In 2020 he said more."]),
])
def test_the_heuristic_flags_what_it_should(text, flagged):
    assert uncited(text) == flagged


def test_the_checks_fail_on_a_broken_book(tmp_path):
    """Break a copy of the book three ways (an uncited dated sentence, an uncited entry, an entry
    without an address) and build it: each check must report its fault."""
    from helpers import build_copy, copy_book

    root = copy_book(tmp_path)
    glossary = root / "sources" / "glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    assert "The International Atomic Energy Agency." in text
    glossary.write_text(text.replace("The International Atomic Energy Agency.",
                                     "The International Atomic Energy Agency, founded in 1957."), encoding="utf-8")
    bib = root / "sources" / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + "\n@misc{nowhere-2020,\n  author = {{Nobody}},\n"
                   "  shorthand = {Nobody 2020},\n  title = {Cited nowhere},\n  year = {2020},\n}\n",
                   encoding="utf-8")
    timeline = root / "sources" / "timeline.yaml"
    timeline.write_text(timeline.read_text(encoding="utf-8").replace("cite: [lapresse-s400-2025]", "cite: [noaddress-2025]"),
                        encoding="utf-8")
    bib.write_text(bib.read_text(encoding="utf-8") + "\n@misc{noaddress-2025,\n  author = {{Somebody}},\n"
                   "  shorthand = {Somebody 2025},\n  title = {Cited without an address},\n  year = {2025},\n}\n",
                   encoding="utf-8")
    build_copy(root, "html")
    with pytest.raises(AssertionError, match="1957"):
        test_every_dated_or_numbered_analyst_sentence_carries_a_citation(root)
    with pytest.raises(AssertionError, match="nowhere-2020"):
        test_every_bibliography_entry_is_cited(root)
    with pytest.raises(AssertionError, match="Somebody"):
        test_every_reference_has_an_address_or_says_why_not(root)


@pytest.mark.pdf
def test_the_pdf_cites_no_fact_sheet_and_lists_every_address(built_pdf):
    from pypdf import PdfReader

    reader = PdfReader(built_pdf / "out" / "pdf" / "briefing-book.pdf")
    text = " ".join(" ".join((p.extract_text() or "") for p in reader.pages).split())
    assert not re.search(r"fact[ -]?sheet", text, re.IGNORECASE)
    assert "The editors" not in text
    # The bibliography lists each work under its label, as citations give it (a source: "Tehran Times 2020
    # Tehran Times. …"), after the references page's opening sentence.
    references = text[text.index("Every work cited in this book"):]
    bib = parse_file(str(built_pdf / "docs" / "book.bib"), "bibtex")
    for key, entry in bib.entries.items():
        label = label_text(entry)
        assert label in references or label.replace(" ", "") in references.replace(" ", ""), (key, label)
        if is_literal(entry):
            assert f"{label} {decode_literal(entry.fields['organization'])}." in references, (key, label)
