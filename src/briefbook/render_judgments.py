"""Render the key judgments, the scale box and the sources-and-weight table as MyST (pure functions).

The directives ``{key-judgments}`` (``:compact:`` for a brief), ``{likelihood-scale}`` and ``{source-weights}``
(sphinx/judgments.py) parse what these return, on any page that uses them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import judgments as kj
from .escape import escape_inline
from .model import CREDIBILITY, RELIABILITY
from .render import directive
from .scales import CONFIDENCE, band_text

if TYPE_CHECKING:
    from .book import Book
    from .load import Source


def label(judgment: kj.Judgment) -> str:
    """The anchor of a judgment's full form: kj-<id>."""
    return f"kj-{judgment.id}"


def _field(name: str, body: str) -> str:
    """A field of a MyST field list; a body of several lines is indented under it."""
    lines = body.rstrip().splitlines() if body.startswith("\n") else body.strip().splitlines()
    rest = "".join(f"  {line}\n" if line.strip() else "\n" for line in lines[1:])
    return f":{name}:{' ' + lines[0] if lines and lines[0] else ''}\n{rest}"


def likelihood_text(book: Book, judgment: kj.Judgment) -> str:
    """'very likely (80–95%)': the scale's own term (for 'highly probable' too) and its band."""
    data = book.judgment_data
    band = data.the_scale.term(judgment.likelihood)
    if band is None:  # not a term of the scale: reported by check_judgments, which stops the build
        return escape_inline(judgment.likelihood)
    return f"{escape_inline(band.term)} ({band_text(data.scale_id, band)})"


def citations(judgment: kj.Judgment) -> str:
    """The paragraphs a judgment rests on, as {para} references."""
    return "; ".join(f"{{para}}`{ref}`" for ref in judgment.sources)


def judgment_block(book: Book, number: int, judgment: kj.Judgment, compact: bool = False) -> str:
    """One judgment: its number and statement, likelihood, confidence and citations; in full also the
    discussion, sourcing, assumptions (linchpin marked), indicators and change from the previous edition."""
    lead = f"**{number}.** " if number > 1 or compact else "**1. Bottom line.** "
    body = lead + judgment.statement.strip() + "\n\n"
    if compact:  # the brief: one line under the statement
        line = [f"*Likelihood:* {likelihood_text(book, judgment)}", f"*Confidence:* {judgment.confidence.level}"]
        if judgment.sources:
            line.append(f"*Sources:* {citations(judgment)}")
        return directive("container", "bb-judgment bb-compact", body + " · ".join(line) + "\n")
    fields = [_field("Likelihood", likelihood_text(book, judgment)),
              _field("Confidence", f"{judgment.confidence.level}. {judgment.confidence.basis.strip()}"
                     if not compact else judgment.confidence.level)]
    if judgment.sources:
        fields.append(_field("Sources", citations(judgment)))
    body += "".join(fields)
    fields = []
    if judgment.discussion and not compact:
        body += "\n" + judgment.discussion.strip() + "\n\n"
    if not compact:
        if judgment.sourcing:
            fields.append(_field("Sourcing", judgment.sourcing))
        if judgment.assumptions:
            items = "\n".join("- " + ("**Linchpin:** " if a.linchpin else "") + a.text.strip().replace("\n", "\n  ")
                              for a in judgment.assumptions)
            fields.append(_field("Assumptions", "\n" + items))
        if judgment.indicators:
            fields.append(_field("Would change it", "\n" + "\n".join("- " + i.strip().replace("\n", "\n  ")
                                                                        for i in judgment.indicators)))
        if judgment.change:
            fields.append(_field("Since the last edition", judgment.change))
    body += "".join(fields)
    options = {} if compact else {"name": label(judgment)}
    return directive("container", "bb-judgment" + (" bb-compact" if compact else ""), body, options)


def key_judgments(book: Book, compact: bool = False) -> str:
    """Every judgment, numbered, bottom line first."""
    if not book.judgments:
        return "No key judgment has been written yet: add them to sources/judgments.yaml.\n"
    blocks = [judgment_block(book, n, j, compact) for n, j in enumerate(book.judgments, 1)]
    return "\n".join(blocks)


def likelihood_scale(book: Book) -> str:
    """The box "What we mean when we say": the scale in use, its bands, and the confidence levels."""
    data = book.judgment_data
    scale = data.the_scale
    rows = [_row("Term", "Probability", "Also written")]
    rows += [_row(escape_inline(b.term), band_text(data.scale_id, b), escape_inline(", ".join(b.also)) or "–")
             for b in scale.terms]
    # A list table with set widths: left to size itself, the short bands' column broke its own header.
    table = directive("list-table", "", "\n" + "".join(rows), {"header-rows": "1", "widths": "24 24 52",
                                                               "class": "bb-scale-table"})
    body = (f"Each judgment says how likely it is in the words of one scale, {escape_inline(scale.name)}: each "
            "word stands for a band of probability, and no other word is used for one.\n\n"
            + table + "\n"
            "Confidence is assessed apart: how far the evidence supports the judgment, given the sources' "
            "quality, their corroboration and the assumptions it rests on. It is never combined with the "
            "likelihood in one sentence.\n\n"
            + "".join(f"- **{level.capitalize()} confidence:** {meaning}.\n" for level, meaning in CONFIDENCE.items()))
    return directive("admonition", "What we mean when we say", body, {"class": "bb-likelihood-scale"})


def _source_link(source: Source) -> str:
    """A link to the source's page from any page of the book (the label escaped: it comes from the metadata)."""
    return f"[{escape_inline(source.label)}](/sources/{source.slug}.md)"


def _grade_cell(source: Source) -> str:
    meta = source.meta
    parts = []
    if meta.reliability:
        parts.append(f"**{meta.reliability.grade}** ({RELIABILITY[meta.reliability.grade]}): "
                     f"{escape_inline(meta.reliability.reason)}")
    if meta.credibility:
        parts.append(f"**{meta.credibility.grade}** ({CREDIBILITY[meta.credibility.grade]}): "
                     f"{escape_inline(meta.credibility.reason)}")
    return " ".join(parts) or "not graded"


def _row(*cells: str) -> str:
    first, *rest = cells
    return f"* - {first}\n" + "".join(f"  - {cell}\n" for cell in rest)


def source_weights(book: Book) -> str:
    """The sources-and-weight table: every source with its grade and the judgments it supports, and every
    judgment with the sources behind it."""
    numbers = {j.id: n for n, j in enumerate(book.judgments, 1)}
    threshold = book.judgment_data.grade_threshold
    rows = [_row("Source", "Grade", "Why", "Supports")]
    for source, _ in book.sources:
        supports = [f"{{ref}}`{numbers[j.id]} <{label(j)}>`" for j in book.judgments
                    if source in kj.supporting(book, j)]
        grade = kj.grade(source) or "not graded"
        low = " (below threshold)" if kj.grade(source) and kj.below(source, threshold) else ""
        rows.append(_row(_source_link(source), grade + low, _grade_cell(source), ", ".join(supports) or "–"))
    intro = directive("container", "bb-grades-intro", (
        "Each source is graded on the Admiralty code: the reliability of the source, A (completely reliable) to F "
        "(cannot be judged), and the credibility of its information, 1 (confirmed by other sources) to 6 (cannot be "
        f"judged), assessed apart. This book treats a source graded below {threshold} in either half, or not graded, "
        "as low.")) + "\n"
    table = directive("list-table", "Sources, their grades and the judgments they support", "\n" + "".join(rows),
                      {"header-rows": "1", "widths": "20 12 50 18", "class": "bb-source-weights"})
    if not book.sources:
        table = "No source has been added yet.\n"
    judgment_rows = [_row("Judgment", "Likelihood", "Confidence", "Sources")]
    for j in book.judgments:
        behind = ", ".join(f"{_source_link(s)} ({kj.grade(s) or 'not graded'})" for s in kj.supporting(book, j))
        judgment_rows.append(_row(f"{{ref}}`{numbers[j.id]} <{label(j)}>`", likelihood_text(book, j),
                                  j.confidence.level, behind or "none"))
    second = (directive("list-table", "The judgments and the sources behind them", "\n" + "".join(judgment_rows),
                        {"header-rows": "1", "widths": "14 28 18 40", "class": "bb-judgment-sources"})
              if book.judgments else "")
    return intro + table + ("\n" + second if second else "")
