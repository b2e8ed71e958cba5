"""The analytic-standards linter: each rule in one function, run by `briefbook check` and the build.

Its findings are warnings (each of a subtype: the build logs it as ``briefbook.<subtype>``, which ``-W``
makes an error; ``briefbook check`` prints it and exits 1), at the file and line the analyst edits, with a fix:

- :func:`likelihood_words`: a likelihood word outside the book's scale, in any analyst prose (a word of
  another scale, or a vague one on none), so no text mixes two scales;
- :func:`likelihood_with_confidence`: a likelihood and a confidence level in one sentence (ICD 203 keeps
  them apart);
- :func:`unsupported`: a judgment that cites no paragraph of a captured source, or only sources graded
  below the threshold without saying so (``sourcing:``);
- :func:`overconfident`: high confidence while every supporting source is unconfirmed or graded low;
- :func:`assumption_blur`: an assumption written into a judgment, or a judgment written as an assumption;
- :func:`unexplained_change`: a judgment whose likelihood or confidence changed since the previous edition
  without saying why (``change:``), as ICD 203 asks.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import judgments as kj
from .analyst import NOT_PROSE, ROLE, _blank, _fences, _quote_spans, _sentence_end, page_text
from .errors import Problem
from .mentions import Found, Text, yaml_text
from .model import CREDIBILITY, RELIABILITY
from .scales import Scale, find_terms, known_band, scales_of

if TYPE_CHECKING:
    from .book import Book

#: The subtypes, as the build logs them (briefbook.<subtype>) and sphinx/warnings.py lists them.
LIKELIHOOD, MIXED, SOURCING, CONFIDENCE, ASSUMPTION = "likelihood", "mixed", "sourcing", "confidence", "assumption"
CHANGE = "change"
CONFIDENCE_WORDS = re.compile(
    r"(?<![\w-])(?:(?:high|moderate|medium|low)(?:er|est)?[\s-]+confidence|confidence\s+(?:is|was|remains|level\s+is)"
    r"\s+(?:high|moderate|medium|low)|we\s+(?:are|remain)\s+(?:\w+\s+)?confident)(?![\w-])", re.I)
ASSUMING = re.compile(r"(?<![\w-])(?:we\s+assume|assuming|on\s+the\s+assumption|it\s+is\s+assumed|presumably|"
                      r"we\s+take\s+it\s+as\s+given)(?![\w-])", re.I)
JUDGING = re.compile(r"(?<![\w-])(?:we\s+(?:judge|assess|estimate)|our\s+(?:judgment|assessment))(?![\w-])", re.I)
MENTIONED = re.compile(r"‘[^‘’\n]*’")


@dataclass(frozen=True)
class Finding:
    """One warning of the linter: its subtype and the problem (file, line, message, fix)."""

    subtype: str
    problem: Problem

    def __str__(self) -> str:
        p = self.problem
        where = f"{p.path}:{p.line}" if p.line else f"{p.path}"
        return f"{where}: warning [briefbook.{self.subtype}]: {p.message}" + (f" Fix: {p.fix}" if p.fix else "")


def lint(book: Book) -> list[Finding]:
    """Every finding of every rule, in the order of the files and lines the analyst edits."""
    data, scale = book.judgment_data, book.judgment_data.the_scale
    findings: list[Finding] = []
    for text in prose_texts(book):
        prose = _prose(text)
        findings += likelihood_words(text, prose, scale, data.scale_id)
        findings += likelihood_with_confidence(text, prose, scale)
    for i, judgment in enumerate(book.judgments):
        findings += unsupported(book, i, judgment) + overconfident(book, i, judgment)
        findings += assumption_blur(book, i, judgment) + unexplained_change(book, i, judgment)
    unique = dict.fromkeys(findings)
    return sorted(unique, key=lambda f: (str(f.problem.path), f.problem.line or 0))


def prose_texts(book: Book) -> Iterator[Text]:
    """All analyst prose: summaries, notes, grade reasons, glossary, timeline, judgments, hand-written pages."""
    for source, _ in book.sources:
        meta, path, lines = source.meta, source.yaml_path, source.lines
        parts: list[tuple[tuple, str, str | None]] = [(("summary",), "summary", meta.summary)]
        parts += [(("notes", i, "text"), f"notes[{i}] (on ¶{n.para})", n.text) for i, n in enumerate(meta.notes)]
        parts += [((half, "reason"), half, getattr(meta, half).reason if getattr(meta, half) else None)
                  for half in ("reliability", "credibility")]
        for loc, item, text in parts:
            if text:
                yield yaml_text(text, path, lines, loc, item)
    for i, term in enumerate(book.glossary.terms):
        yield yaml_text(term.definition, book.folder / "glossary.yaml", book.glossary_lines, ("terms", i, "definition"),
                        f"terms[{i}] ({term.term!r})")
    for i, ev in enumerate(book.timeline.events):
        yield yaml_text(ev.event, book.folder / "timeline.yaml", book.timeline_lines, ("events", i, "event"),
                        f"events[{i}] ({ev.date.iso()})")
    for _, _, written in kj.texts(book):
        yield written
    for page in book.pages:
        yield page_text(page)


def _prose(t: Text) -> str:
    """The text with everything that is not the analyst's own words blanked: directives' markup and non-prose
    content, roles (quotations, terms, citations), code, links, quoted and mentioned phrases."""
    masked = _fences(t, Found())
    masked = ROLE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), masked)
    for pattern in NOT_PROSE:
        masked = pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), masked)
    for opening, closing in _quote_spans(masked):
        masked = _blank(masked, opening, closing + 1)
    return MENTIONED.sub(lambda m: " " * len(m.group()), masked)


def likelihood_words(t: Text, prose: str, scale: Scale, scale_id: str) -> list[Finding]:
    """The one rule for likelihood words: every one in analyst prose is a term of the book's scale."""
    out = []
    for found in find_terms(prose, scale):
        if scale.term(found.word) is not None:
            continue
        other = scales_of(found.word)
        band = known_band(found.word)
        if other:
            what = (f"“{found.written}” is a term of {' and of '.join(other)}, not of this book's scale "
                    f"({scale.name}): a reader cannot tell which band is meant when two scales are mixed.")
        else:
            what = f"“{found.written}” is a likelihood word on no scale: it gives the reader no probability."
        instead = scale.nearest(band) if band is not None else None
        fix = (f"write “{instead.term}” ({instead.band()}), " if instead is not None
               else f"write a term of the scale ({', '.join(b.term for b in scale.terms)}), ")
        fix += ("or, if it is not an estimate, reword it; the scale is set by `scale:` in sources/judgments.yaml"
                f"{' (now ' + scale_id + ')' if scale_id != 'custom' else ''}.")
        out.append(Finding(LIKELIHOOD, t.place(found.start).problem(what, fix)))
    return out


def _sentences(prose: str) -> Iterator[tuple[int, int]]:
    start = 0
    while start < len(prose):
        end = _sentence_end(prose, start)
        yield start, end
        start = end + 1


def likelihood_with_confidence(t: Text, prose: str, scale: Scale) -> list[Finding]:
    """The one rule that keeps likelihood and confidence apart: never in the same sentence (ICD 203)."""
    out = []
    for start, end in _sentences(prose):
        sentence = prose[start:end]
        confidence = CONFIDENCE_WORDS.search(sentence)
        terms = find_terms(sentence, scale)
        if confidence and terms:
            out.append(Finding(MIXED, t.place(start + terms[0].start).problem(
                f"“{terms[0].written}” and “{confidence.group()}” are in the same sentence: a likelihood and a "
                "confidence level combined read as one number, which ICD 203 forbids.",
                "say how likely it is in one sentence and how confident you are, and why, in another (in "
                "judgments.yaml the `likelihood:` and `confidence:` keys keep them apart).")))
    return out


def _place(book: Book, i: int, judgment: kj.Judgment, *loc) -> tuple:
    return (book.folder / kj.FILENAME, book.judgment_lines.line(("judgments", i, *loc)), f"judgments[{i}] ({judgment.id!r})")


def _grades(sources: list) -> str:
    return ", ".join(f"{s.label} {kj.grade(s) or '(not graded)'}" for s in sources)


def unsupported(book: Book, i: int, judgment: kj.Judgment) -> list[Finding]:
    """The one rule for a judgment's support: a paragraph of a captured source, and a word to the reader when
    every source is graded below the book's threshold."""
    path, line, item = _place(book, i, judgment, "sources")
    sources = kj.supporting(book, judgment)
    if not judgment.sources:
        example = next(iter(book.paragraphs), "tehran-times-2020")
        return [Finding(SOURCING, Problem(path, f"{item}: the judgment cites no paragraph of a captured source.", line,
                                          f'list the paragraphs it rests on under `sources:`, for example '
                                          f'`sources: ["{example}:1"]`.'))]
    threshold = book.judgment_data.grade_threshold
    if sources and all(kj.below(s, threshold) for s in sources) and not judgment.sourcing:
        return [Finding(SOURCING, Problem(
            path, f"{item}: every source it rests on is graded below the book's threshold {threshold} or not graded "
                  f"({_grades(sources)}), and the judgment does not say so.", line,
            "add `sourcing:` saying what the reader must know about these sources (for example that the report is "
            "unsigned and uncorroborated), or cite a source graded at or above the threshold."))]
    return []


def overconfident(book: Book, i: int, judgment: kj.Judgment) -> list[Finding]:
    """The one rule for high confidence: at least one supporting source confirmed (credibility 1) and graded at
    or above the threshold."""
    if judgment.confidence.level != "high":
        return []
    threshold = book.judgment_data.grade_threshold
    sources = kj.supporting(book, judgment)
    if any(kj.confirmed(s) and not kj.below(s, threshold) for s in sources):
        return []
    path, line, item = _place(book, i, judgment, "confidence", "level")
    return [Finding(CONFIDENCE, Problem(
        path, f"{item}: confidence is high, but every source it rests on is unconfirmed or graded below {threshold} "
              f"({_grades(sources) or 'none'}).", line,
        "lower it to `level: moderate` and say why in `basis:`, or cite a source graded "
        f"{threshold[0]}1 or better whose information is confirmed (credibility 1: {CREDIBILITY[1]}; reliability A–"
        f"{threshold[0]}: {RELIABILITY['A']} to {RELIABILITY[threshold[0]]})."))]


def _claim(text: str, scale: Scale) -> str:
    """What a text claims, to compare: its words without citations, likelihood words or punctuation."""
    shown = ROLE.sub(lambda m: "" if m["name"] in ("para", "cite") or m["name"].startswith("cite:") else m["body"], text)
    for found in reversed(find_terms(shown, scale)):
        shown = shown[:found.start] + shown[found.end:]
    return " ".join(re.sub(r"[^\w\s]", " ", shown).casefold().split())


def assumption_blur(book: Book, i: int, judgment: kj.Judgment) -> list[Finding]:
    """The one rule that keeps assumptions and judgments visibly apart: a judgment's statement assumes nothing
    in passing; an assumption is taken as given (no likelihood, no 'we judge') and does not repeat a judgment."""
    out = []
    path, line, item = _place(book, i, judgment, "statement")
    assumed = ASSUMING.search(judgment.statement)
    if assumed:
        out.append(Finding(ASSUMPTION, Problem(
            path, f"{item}: the statement says “{assumed.group()}”: an assumption written into a judgment is not "
                  "visibly distinct from it.", book.judgment_lines.find(("judgments", i, "statement"), assumed.group())
            or line, "move what is assumed to `assumptions:` (with `linchpin: true` if the judgment stands or falls "
                     "with it) and keep the statement to what is judged.")))
    scale = book.judgment_data.the_scale
    statements = {j.id: _claim(j.statement, scale) for j in book.judgments}
    for k, assumption in enumerate(judgment.assumptions):
        apath, aline, _ = _place(book, i, judgment, "assumptions", k, "text")
        estimated = JUDGING.search(assumption.text) or next(iter(find_terms(assumption.text, scale)), None)
        shown = estimated.group() if isinstance(estimated, re.Match) else estimated.written if estimated else ""
        if estimated:
            out.append(Finding(ASSUMPTION, Problem(
                apath, f"{item}: assumptions[{k}] says “{shown}”: an assumption is taken as given, and one "
                       "with an estimate in it reads as another judgment.", aline,
                "state the assumption plainly (what the judgment takes as true), or make the estimate a judgment "
                "of its own with its likelihood and confidence.")))
        words = _claim(assumption.text, scale)
        same = [jid for jid, s in statements.items() if difflib.SequenceMatcher(None, words, s).ratio() >= 0.8]
        if same:
            out.append(Finding(ASSUMPTION, Problem(
                apath, f"{item}: assumptions[{k}] repeats the statement of the judgment {same[0]!r}: one claim "
                       "cannot be both assumed and judged.", aline,
                "keep it in one place: as a judgment (with its likelihood and sources) or as an assumption.")))
    return out


def unexplained_change(book: Book, i: int, judgment: kj.Judgment) -> list[Finding]:
    """The one rule for a changed judgment: a likelihood or confidence that differs from the previous
    edition's says why, in `change:` written for this edition (not the previous edition's words)."""
    baseline = book.edition.baseline if book.edition else None
    before = baseline.snapshot.get("judgments", {}).get(judgment.id) if baseline else None
    if baseline is None or before is None or (before["likelihood"], before["confidence"]) == (judgment.likelihood,
                                                                         judgment.confidence.level):
        return []
    if judgment.change and judgment.change != before.get("change"):
        return []
    path, line, item = _place(book, i, judgment, "likelihood")
    was = f"{before['likelihood']}, {before['confidence']} confidence"
    now = f"{judgment.likelihood}, {judgment.confidence.level} confidence"
    return [Finding(CHANGE, Problem(
        path, f"{item}: the judgment was {was} in {baseline.name} and is {now} now, and it does not say why"
              f"{' (its `change:` is the previous edition’s)' if judgment.change else ''}.", line,
        "add `change:` saying what new reporting or reasoning moved it, for example "
        "`change: \"Raised: two further reports (Tehran Times 2020, ¶3).\"`."))]
