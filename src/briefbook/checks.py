"""Every cross-check of a loaded book, each rule in one function; `load_book` runs them all.

Each problem names the file the analyst edits and its line, says what was expected, and
gives a fix that is valid input. `briefbook check` and the build report the same list.
Everything the analyst's text points at is found by analyst.py; the rules are:
:func:`reference_problem` (a source or paragraph: it exists and, when locked, has not moved),
:func:`quotation_problem` (quoted words are in what they cite), :func:`citation_problem` (a
bibliography key), :func:`term_problem` (a glossary term).
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

from . import bib
from . import lock as locks
from .analyst import find
from .errors import Problem
from .judgments import check_judgments
from .load import LOCK_SUFFIX
from .mentions import Cite, Found, Quotation, Ref, TermUse
from .model import check_url
from .quotes import closest_passage, verify
from .refs import Target, nearest, para_problem, parse_target
from .timeline import FILENAME as TIMELINE_FILE

if TYPE_CHECKING:
    from .book import Book


def check_book(book: Book) -> list[Problem]:
    """All cross-checks: every reference, quotation, citation and term the analyst wrote, the
    paragraph locks, the timeline, and keys shared with references.bib."""
    found = find(book)
    problems: list[Problem] = []
    broken: set[Target] = set()
    for ref in found.refs:
        problem = reference_problem(book, ref)
        if problem:
            problems.append(problem)
            broken.add(ref.target)
    problems += [m.place.problem(m.message, m.fix) for m in found.malformed]
    for quotation in found.quotations:
        problems += filter(None, [quotation_problem(book, quotation, broken)])
    for cite in found.cites:
        problems += citation_problem(book, cite)
    if "glossary" not in book.incomplete:
        problems += filter(None, [term_problem(book, use) for use in found.terms])
    problems += check_reference_keys(book) + check_references(book)
    if "timeline" not in book.incomplete:
        problems += check_timeline(book, check_terms="glossary" not in book.incomplete)
    problems += check_locks(book, found)
    if "judgments" not in book.incomplete:
        problems += check_judgments(book)
    return problems


def _unknown_source_is_reported(book: Book, key: str) -> bool:
    """Whether a reference to an unknown key may be to a source that failed to load (reported already)."""
    return key in book.pending_keys or "sources" in book.incomplete


def reference_problem(book: Book, ref: Ref) -> Problem | None:
    """The one rule for a reference to a source or one of its paragraphs: the source exists, the
    paragraph exists, and, when the source's paragraphs are locked, it holds the text it held then."""
    target = ref.target
    found = book.source(target.key)
    if found is None:
        if _unknown_source_is_reported(book, target.key):
            return None
        close = nearest(target.key, book.paragraphs, n=1).removeprefix(" (nearest: ").removesuffix(")")
        key = close or next(iter(book.paragraphs), "tehran-times-2020")
        example = ref.spell(target.para, key=key) if target.para is not None else f"`{key}`"
        return ref.place.problem(f"{ref.written}: {para_problem(target, book.paragraphs)}.",
                                 f"write the key of a source, for example {example}.")
    source, cleaned = found
    count = len(cleaned.paragraphs)
    lock = book.locks.get(target.key)
    move = locks.moved(lock, cleaned, target.para) if lock is not None and target.para is not None else None
    if lock is not None and move is not None:
        now = (f" ¶{move.old} is now “{locks.start(cleaned.paragraphs[move.old - 1].text)}”."
               if move.old <= count else f" The text now has ¶1 to ¶{count}.")
        if move.new is not None:
            return ref.place.problem(
                f"{ref.written} cites ¶{move.old} of {source.label}, which was “{move.was}” when its paragraphs were "
                f"locked ({lock.path.name}); that text is now ¶{move.new}.{now}",
                f"run `briefbook renumber {source.slug}` to make every reference follow its text (it shows the "
                f"changes before writing them), or write {ref.spell(move.new)} here.")
        return ref.place.problem(
            f"{ref.written} cites ¶{move.old} of {source.label}, which was “{move.was}” when its paragraphs were "
            f"locked ({lock.path.name}); that text is no longer in the source (the capture or its cleaning "
            f"changed).{now}",
            f"decide which paragraph it should cite now (`briefbook paras {source.slug}` lists them), then run "
            f"`briefbook renumber {source.slug} --map {move.old}=N` (N: that paragraph), or remove the reference.")
    problem = para_problem(target, book.paragraphs)
    if problem:
        return ref.place.problem(
            f"{ref.written}: {problem}" + ("; the note would not be shown." if ref.written.startswith("`para:")
                                           and ref.place.item.startswith("notes") else "."),
            f"cite a paragraph from ¶1 to ¶{count} (`briefbook paras {source.slug}` lists them), for example "
            f"{ref.spell(max(1, min(target.para or 1, count)))}.")
    return None


def _is_work_not_ingested(book: Book, key: str) -> bool:
    return key in book.references.entries and book.source(key) is None


def quotation_problem(book: Book, quotation: Quotation, broken: AbstractSet[Target] = frozenset()) -> Problem | None:
    """The one rule for quoted words: they occur exactly (up to white space and the style of quotation
    marks) in a paragraph or source they cite (quotes.verify); a quotation of a work that is not ingested
    (references.bib) cannot be checked and is accepted; a quoted phrase that cites nothing is an error.

    References already reported (`broken`) are not reported again through their quotations."""
    if not quotation.cites:
        return quotation.place.problem(
            f"{quotation.kind} “{quotation.words}” cites no source.",
            "put the citation of where it is from right after the closing quotation mark, in the same sentence "
            "({para}`key:N` for a paragraph of a source, {cite:p}`key` for a work in references.bib); if it is not "
            "a quotation, use single quotation marks: ‘…’.")
    targets = []
    for cited in quotation.cites:
        if _is_work_not_ingested(book, cited):
            return None
        target = parse_target(cited)
        if target is None or target in broken or book.source(target.key) is None:
            return None  # malformed or unknown: reported where it is written
        targets.append(target)
    messages = []
    for target in targets:
        message = verify(book, target, quotation.words)
        if message is None:
            return None
        messages.append(message)
    what = f"{quotation.kind} (checked against {quotation.why}): " if quotation.kind != "the quotation" else ""
    source, cleaned = book.source(targets[0].key) or (None, None)
    fix = "quote the source exactly (only white space and the style of quotation marks may differ)"
    if source is not None and cleaned is not None:
        text = cleaned.paragraphs[targets[0].para - 1].text if targets[0].para else source.text
        fix += f", for example “{closest_passage(text, quotation.words)}”"
    if quotation.kind == "the quoted phrase":
        fix += ("; if it quotes another work, cite that right after it ({cite:p}`key`); if it is not a quotation, "
                "use single quotation marks: ‘…’")
    return quotation.place.problem(f"{what}{messages[0]}.", fix + ".")


def citation_problem(book: Book, cite: Cite) -> list[Problem]:
    """The one rule for a {cite} key: a captured source's key or an entry of references.bib."""
    if "references" in book.incomplete:
        return []
    problems = []
    for key in cite.keys:
        if key in book.bib_keys or _unknown_source_is_reported(book, key):
            continue
        close = nearest(key, book.bib_keys, n=1).removeprefix(" (nearest: ").removesuffix(")")
        problems.append(cite.place.problem(
            f"{cite.written} cites {key!r}, which is not in the bibliography{nearest(key, book.bib_keys)}.",
            (f"correct the key, for example {{cite:p}}`{close}`, " if close else "")
            + "or add the work to sources/references.bib."))
    return problems


def term_problem(book: Book, use: TermUse) -> Problem | None:
    """The one rule for a {term} link: it names a glossary term (an alias is written `text <Term>`)."""
    terms = {t.term.casefold(): t.term for t in book.glossary.terms}
    if use.term.casefold() in terms:
        return None
    for t in book.glossary.terms:
        aliases = [a if isinstance(a, str) else a.text for a in t.aliases]
        if use.term.casefold() in (a.casefold() for a in aliases):
            return use.place.problem(f"{use.written} links to {use.term!r}, which is another name for the term "
                                     f"{t.term!r}, not a glossary entry.",
                                     f"write {{term}}`{use.term} <{t.term}>`.")
    close = nearest(use.term, terms.values(), n=1).removeprefix(" (nearest: ").removesuffix(")")
    return use.place.problem(
        f"{use.written} links to {use.term!r}, which is not a term of the glossary{nearest(use.term, terms.values())}.",
        (f"write {{term}}`{close}`, " if close else "") + f"or add {use.term!r} to sources/glossary.yaml.")


def check_reference_keys(book: Book) -> list[Problem]:
    """A hand-kept reference may not reuse a captured source's citation key."""
    path = book.folder / bib.HAND_KEPT
    problems = []
    for key in book.references.entries:
        found = book.source(key)
        if found is not None:
            name = found[0].yaml_path.name
            problems.append(Problem(path, f"defines the key {key!r}, which the captured source {name} already uses.",
                                    None, f"rename the hand-kept entry (for example @misc{{{key}-ref, …}}), or set "
                                          f"another `key:` in {name}."))
    return problems


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def check_references(book: Book) -> list[Problem]:
    """Hand-kept references: addresses are http(s), and no field holds a control or bidi-override character."""
    path = book.folder / bib.HAND_KEPT
    text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
    problems = []
    for key, entry in book.references.entries.items():
        found = re.search(r"@\w+\s*\{\s*" + re.escape(key) + r"\s*,", text)
        line = text[: found.start()].count("\n") + 1 if found else None
        url = entry.fields.get("url")
        if url is not None:
            try:
                check_url(url)
            except ValueError as exc:
                problems.append(Problem(path, f"@{entry.type}{{{key}}}: url: {exc}.", line,
                                        "give the work's http(s) address, for example url = {https://…}."))
        for name, value in entry.fields.items():
            if _CONTROL.search(value):
                problems.append(Problem(path, f"@{entry.type}{{{key}}}: {name} holds a control or bidirectional-"
                                              "override character, which would be hidden or reorder the text.", line,
                                        f"retype the {name} without it."))
    return problems


def check_timeline(book: Book, check_terms: bool = True) -> list[Problem]:
    """Every term and citation an event names must exist, its sources must be key:N (their paragraphs are
    checked with every other reference); each event must cite something."""
    path = book.folder / TIMELINE_FILE
    lines = book.timeline_lines
    terms = {t.term.casefold(): t.term for t in book.glossary.terms}
    problems = []
    for i, ev in enumerate(book.timeline.events):
        if check_terms:
            for j, term in enumerate(ev.terms):
                if term.casefold() not in terms:
                    problems.append(Problem(
                        path, f"events[{i}] ({ev.date.iso()}) names the term {term!r}, which is not in the glossary"
                              f"{nearest(term, terms.values())}.", lines.line(("events", i, "terms", j)),
                        "correct the name, or add the term to glossary.yaml."))
        for j, key in enumerate(ev.cite):
            if key not in book.bib_keys and not _unknown_source_is_reported(book, key):
                problems.append(Problem(
                    path, f"events[{i}] ({ev.date.iso()}) cites {key!r}, which is not in the bibliography"
                          f"{nearest(key, book.bib_keys)}.", lines.line(("events", i, "cite", j)),
                    "correct the key, or add the work to references.bib."))
        for j, ref in enumerate(ev.sources):
            target = parse_target(ref)
            if target is None or target.para is None:
                problems.append(Problem(path, f"events[{i}] ({ev.date.iso()}) source {ref!r} is not of the form key:N.",
                                        lines.line(("events", i, "sources", j)),
                                        "write a source's citation key and paragraph, for example "
                                        f"`- \"{next(iter(book.paragraphs), 'tehran-times-2020')}:1\"`."))
        if not ev.cite and not ev.sources:
            problems.append(Problem(path, f"events[{i}] ({ev.date.iso()}) cites nothing.", lines.line(("events", i)),
                                    "add `cite: [key]` or `sources: [\"key:N\"]`: the book states no fact it cannot cite."))
    return problems


def check_locks(book: Book, found: Found) -> list[Problem]:
    """A lock whose paragraphs changed where no reference is affected must be refreshed (so that the next
    reference is checked against today's numbers); a lock without its source is stale."""
    problems = []
    for key, lock in book.locks.items():
        source, cleaned = book.source(key) or (None, None)
        if source is None or cleaned is None or locks.unchanged(lock, cleaned):
            continue
        if any(r.target.key == key and r.target.para is not None and locks.moved(lock, cleaned, r.target.para)
               for r in found.refs):
            continue  # each affected reference is reported where it is written
        mapping = locks.follow(lock, cleaned)
        changed = [n for n, new in mapping.items() if new != n]
        what = (f"¶{', ¶'.join(map(str, changed[:8]))}{'…' if len(changed) > 8 else ''} moved or changed"
                if changed else "paragraphs were added")
        problems.append(Problem(
            lock.path, f"the paragraphs of {source.txt_path.name} are not those locked here: {what} (locked ¶1 to "
                       f"¶{len(lock.paras)}, now ¶1 to ¶{len(cleaned.paragraphs)}); no reference cites a paragraph that "
                       "changed.", None,
            f"run `briefbook lock {source.slug}` to record the paragraphs as they are now, and commit {lock.path.name}."))
    if book.folder.is_dir():
        texts = {p.stem for p in book.folder.glob("*.txt")}
        for path in sorted(book.folder.glob(f"*{LOCK_SUFFIX}")):
            if path.stem not in texts:
                problems.append(Problem(path, f"locks the paragraphs of {path.stem}.txt, which is not in the sources "
                                              "folder.", None, f"remove {path.name}, or restore {path.stem}.txt and "
                                                               f"{path.stem}.yaml."))
    return problems
