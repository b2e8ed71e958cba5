"""Analyst text: every reference and quotation an analyst writes, with the file and line to fix.

An analyst writes MyST in a source's ``summary`` and ``notes``, the glossary's definitions, the
timeline's events and the hand-written pages of docs/ (the overview, references.md: any ``.md``
without the generated-file mark). :func:`find` lists what in them points into the book: paragraph
references (``{para}``, ``{quote}``, ``{bb-quote}``, and the YAML's ``para:`` and ``sources:``),
quotations, quoted phrases with the citation that follows them, ``{cite}`` keys and ``{term}``
names. checks.py checks each with the same rules the build applies.

The quoted-phrase rule (sources/README.md, "Quotations"): a phrase in double quotation marks
(“…” or "…") is a quotation. It is checked against the first citation after it in the same
sentence: ``{para}`key:N``` (the phrase must be in ¶N), ``{cite}`` of a captured source (in its
text) or of a work in references.bib (not ingested: it cannot be checked, and is accepted). With
no citation in its sentence, a phrase in a note quotes the note's paragraph, in a summary its
source, in a timeline event the event's ``sources:``/``cite:``; anywhere else it is an error.
Single quotation marks (‘…’ or '…') mark a phrase that is not a quotation (scare quotes, a word
as a word) and are never checked.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import judgments
from .clean import ABBREVIATIONS
from .handwritten import Page
from .mentions import Cite, Found, Malformed, Place, Quotation, Ref, TermUse, Text, yaml_text
from .refs import Target, parse_target

if TYPE_CHECKING:
    from .book import Book

#: A MyST role: {name}`content` (or ``content`` with longer backtick runs).
ROLE = re.compile(r"\{(?P<name>[A-Za-z0-9_:+-]+)\}(?P<ticks>`+)(?P<body>.+?)(?<!`)(?P=ticks)(?!`)", re.S)
#: "title <target>" inside a role.
EXPLICIT = re.compile(r"(?s)^(?P<title>.*?)\s*<(?P<target>[^<>]+)>$")
#: One citation key with optional {pre} and {post} text (sphinxcontrib-bibtex's grammar).
CITE_KEY = re.compile(r"\s*(?:\{[^{}]+\})?\s*(?P<key>[^{}\s,]+)\s*(?:\{[^{}]+\})?\s*")
CITATION_ROLES = ("para", "cite")
#: What is not prose, masked before quoted phrases are looked for (each replaced by spaces).
NOT_PROSE = [
    re.compile(r"(?s)<!--.*?-->"),
    re.compile(r"(?<![`}])(`+)(?!`).+?(?<!`)\1(?!`)", re.S),  # code spans
    re.compile(r"<(?:https?|mailto):[^>\s]*>"),  # autolinks
    re.compile(r"</?[A-Za-z][^<>]*>"),  # HTML tags
    re.compile(r"\]\([^()\s]*(?:\s+\"[^\"]*\")?\)"),  # link destinations and titles
    re.compile(r"\{\{.*?\}\}"),  # substitutions
    re.compile(r"(?m)^[ \t]*%.*$"),  # comments
    re.compile(r"(?m)^[ \t]*\([^()\s]+\)=[ \t]*$"),  # targets
]
LONG_CODE = re.compile(r"(?<![`}])(``+)(?!`).+?(?<!`)\1(?!`)", re.S)
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,}|:{3,})(?P<rest>.*)$")
DIRECTIVE = re.compile(r"^\{(?P<name>[^{}\s]+)\}\s*(?P<arg>.*)$")
OPTION = re.compile(r"^[ \t]*:[\w-]+:")
#: Directives whose content is not prose.
NOT_PROSE_DIRECTIVES = {"toctree", "bibliography", "code", "code-block", "sourcecode", "raw", "eval-rst", "math",
                        "csv-table", "include", "literalinclude", "index", "glossary", "bb-quote"}
SENTENCE_END = re.compile(r"[.!?](?=[)\]\"'”’]*(?:\s|$))|\n[ \t]*\n")


def page_text(page: Page) -> Text:
    """A hand-written page; a finding's line is counted from the top."""
    return Text(page.text, page.path, lambda offset, snippet: page.text.count("\n", 0, offset) + 1)



# ---- finding what the text points at ------------------------------------------------------------

def _blank(text: str, start: int, end: int) -> str:
    """text with [start, end) replaced by spaces (line breaks kept, so offsets and lines stay)."""
    return text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]


def _fences(t: Text, found: Found) -> str:
    """Mask directive and code-fence lines, and the content of directives that are not prose; read
    {bb-quote} blocks as quotations. Returns the text with those parts blanked."""
    text = t.text
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    masked = text
    stack: list[tuple[str, int, str, int, str]] = []  # (char, length, name, first content line, argument)
    for i, line in enumerate(lines):
        m = FENCE.match(line)
        top = stack[-1] if stack else None
        if m and top and m["fence"][0] == top[0] and len(m["fence"]) >= top[1] and not m["rest"].strip():
            char, _, name, first, arg = stack.pop()
            masked = _blank(masked, offsets[i], offsets[i] + len(line))
            if name == "bb-quote":
                _block_quote(t, found, arg, lines[first:i], offsets[first])
            continue
        if top and top[2] in NOT_PROSE_DIRECTIVES | {""}:
            masked = _blank(masked, offsets[i], offsets[i] + len(line))
            continue
        if m:
            directive = DIRECTIVE.match(m["rest"].strip())
            name = directive["name"] if directive else ("" if m["fence"][0] != ":" else "div")
            first = i + 1
            while first < len(lines) and OPTION.match(lines[first]):
                first += 1
            masked = _blank(masked, offsets[i], offsets[first] - 1 if first > i else offsets[i] + len(line))
            stack.append((m["fence"][0], len(m["fence"]), name, first, directive["arg"] if directive else ""))
    return masked


def _block_quote(t: Text, found: Found, arg: str, content: list[str], offset: int) -> None:
    """A {bb-quote} KEY:N block: a paragraph reference and a quotation of its content."""
    place = t.place(offset)
    target = parse_target(arg)
    if target is None:
        found.malformed.append(Malformed(place, f"{{bb-quote}} {arg!r} does not name a source.",
                                         "write the source's key and paragraph after it, for example "
                                         "`:::{bb-quote} tehran-times-2020:5`."))
        return
    form = "`{{bb-quote}} {key}:{n}`"
    found.refs.append(Ref(target, place, f"`{{bb-quote}} {arg}`", form))
    words = _display(" ".join(content))
    if words:
        found.quotations.append(Quotation(words, (str(target),), place))


def _display(words: str) -> str | None:
    """A quoted phrase as the reader sees it: term links as their text, emphasis and escapes dropped;
    None when it holds other markup (not checked)."""
    if any(m["name"] != "term" for m in ROLE.finditer(words)):
        return None
    shown = ROLE.sub(lambda m: _shown(m["body"]), words)
    if "`" in shown:
        return None
    shown = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", shown.replace("**", "").replace("*", ""))
    return " ".join(shown.split()) or None


def _shown(body: str) -> str:
    """What a role shows: its explicit title ("title <target>"), else its content."""
    m = EXPLICIT.match(body)
    return m["title"] if m else body


def _literal(text: str) -> str:
    """text inside a str.format template."""
    return text.replace("{", "{{").replace("}", "}}")


def cite_keys(body: str) -> tuple[str, ...]:
    """The keys of a {cite} role's content: 'a,b' or '{see}a{p. 3}, b'."""
    return tuple(m["key"] for m in CITE_KEY.finditer(body) if m["key"])


def _citation_targets(role: re.Match) -> tuple[str, ...]:
    """What a citation role cites: 'key:N' for {para}, the keys for {cite}."""
    if role["name"] == "para":
        m = EXPLICIT.match(role["body"])
        return ((m["target"] if m else role["body"]).strip(),)
    return cite_keys(role["body"])


def _is_citation(role: re.Match) -> bool:
    return role["name"] == "para" or role["name"] == "cite" or role["name"].startswith("cite:")


def _sentence_end(masked: str, pos: int) -> int:
    """Where the sentence that pos is in ends (a full stop not after an abbreviation, or a blank line)."""
    for m in SENTENCE_END.finditer(masked, pos):
        if m.group().startswith("."):
            word = re.search(r"(\S+)$", masked[max(0, m.start() - 40):m.start()])
            token = word.group(1).lstrip("(\"“'‘") if word else ""
            if token.lower() in ABBREVIATIONS or re.fullmatch(r"(?:[A-Za-z]\.)*[A-Za-z]", token):
                continue
        return m.start()
    return len(masked)


def _quote_spans(masked: str) -> list[tuple[int, int]]:
    """(opening, closing) offsets of every phrase in double quotation marks, within one paragraph."""
    spans = []
    for block in re.finditer(r"(?s).+?(?:\n[ \t]*\n|$)", masked):
        start = block.start()
        chunk = block.group()
        opened = None
        for i, ch in enumerate(chunk):
            if ch == "“" and opened is None:
                opened = i
            elif ch == "”" and opened is not None:
                spans.append((start + opened, start + i))
                opened = None
        straight = [i for i, ch in enumerate(chunk) if ch == '"']
        spans += [(start + a, start + b) for a, b in zip(straight[::2], straight[1::2], strict=False)]
    return sorted(spans)


def scan(t: Text, found: Found) -> None:
    """Add everything one piece of analyst text points at to found."""
    masked = _fences(t, found)
    masked = NOT_PROSE[0].sub(lambda m: re.sub(r"[^\n]", " ", m.group()), masked)  # HTML comments
    # Code spans of two or more backticks show roles as examples (``{para}`key:3` ``): not references.
    masked = LONG_CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), masked)
    roles = [r for r in ROLE.finditer(masked) if r["name"] in ("para", "quote", "term") or _is_citation(r)]
    for role in roles:
        place = t.place(role.start())
        written, name, body = role.group(), role["name"], role["body"]
        if name == "para":
            explicit = EXPLICIT.match(body)
            target = parse_target(explicit["target"] if explicit else body)
            if target is None:
                found.malformed.append(Malformed(place, f"{written} does not name a source paragraph.",
                                                 "write the source's key and paragraph: {para}`tehran-times-2020:4`."))
            else:
                form = ("{{para}}`" + (_literal(explicit["title"]) + " <" if explicit else "") + "{key}:{n}"
                        + (">" if explicit else "") + "`")
                found.refs.append(Ref(target, place, written, form))
        elif name == "quote":
            m = EXPLICIT.match(body)
            target = parse_target(m["target"]) if m else None
            if m is None or target is None:
                found.malformed.append(Malformed(place, f"{written} does not say which source it quotes.",
                                                 "write {quote}`the words <key:N>` (the source's key and paragraph)."))
            else:
                form = "{{quote}}`" + _literal(m["title"]) + " <{key}:{n}>`"
                words = " ".join(m["title"].split())
                short = words if len(words) <= 40 else words[:40].rsplit(" ", 1)[0] + " …"
                found.refs.append(Ref(target, place, f"{{quote}}`{short} <{m['target']}>`", form))
                found.quotations.append(Quotation(" ".join(m["title"].split()), (str(target),), place))
        elif name == "term":
            m = EXPLICIT.match(body)
            found.terms.append(TermUse((m["target"] if m else body).strip(), place, written))
        else:
            found.cites.append(Cite(cite_keys(body), place, written))
    # Roles, code, links and HTML are not prose: a quotation mark inside one is not a quoted phrase.
    prose = ROLE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), masked)
    for pattern in NOT_PROSE[1:]:
        prose = pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), prose)
    citations = [r for r in roles if _is_citation(r)]
    for opening, closing in _quote_spans(prose):
        phrase = _display(t.text[opening + 1:closing])
        if not phrase:
            continue
        end = _sentence_end(prose, closing + 1)
        group: list[re.Match] = []
        for role in citations:
            if role.start() <= closing or role.start() >= end:
                continue
            if group and masked[group[-1].end():role.start()].strip(" \t\n,;()"):
                break
            group.append(role)
        cites = tuple(target for role in group for target in _citation_targets(role))
        why = "the citation after it" if cites else t.why
        found.quotations.append(Quotation(phrase, cites or t.implicit, t.place(opening), "the quoted phrase", why))


def find(book: Book) -> Found:
    """Everything the analyst's files point at, each with its place."""
    found = Found()
    for source, _ in book.sources:
        lines, path, key = source.lines, source.yaml_path, source.key
        if source.meta.summary:
            scan(yaml_text(source.meta.summary, path, lines, ("summary",), "summary", (key,),
                           "the source it summarises"), found)
        for i, note in enumerate(source.meta.notes):
            item = f"notes[{i}] (on ¶{note.para})"
            found.refs.append(Ref(Target(key, note.para), Place(path, lines.line(("notes", i, "para")), item),
                                  f"`para: {note.para}`", "`para: {n}`"))
            scan(yaml_text(note.text, path, lines, ("notes", i, "text"), item, (f"{key}:{note.para}",),
                           "the paragraph the note is pinned to"), found)
        for i, quote in enumerate(source.meta.quotes):
            target = Target(key, quote.para)
            if quote.para is not None:
                found.refs.append(Ref(target, Place(path, lines.line(("quotes", i, "para")), f"quotes[{i}]"),
                                      f"`para: {quote.para}`", "`para: {n}`"))
            found.quotations.append(Quotation(" ".join(quote.text.split()), (str(target),),
                                              Place(path, lines.line(("quotes", i, "text")), f"quotes[{i}]")))
    glossary = book.folder / "glossary.yaml"
    for i, term in enumerate(book.glossary.terms):
        scan(yaml_text(term.definition, glossary, book.glossary_lines, ("terms", i, "definition"),
                       f"terms[{i}] ({term.term!r})"), found)
    timeline = book.folder / "timeline.yaml"
    for i, ev in enumerate(book.timeline.events):
        item = f"events[{i}] ({ev.date.iso()})"
        implicit, why = (*ev.sources, *ev.cite), "the event's `sources:` and `cite:`"
        scan(yaml_text(ev.event, timeline, book.timeline_lines, ("events", i, "event"), item, implicit, why), found)
        if ev.date_approximate:
            scan(yaml_text(ev.date_approximate, timeline, book.timeline_lines, ("events", i, "date_approximate"),
                           item, implicit, why), found)
        for j, ref in enumerate(ev.sources):
            cited = parse_target(ref)
            if cited is not None and cited.para is not None:
                found.refs.append(Ref(cited, Place(timeline, book.timeline_lines.line(("events", i, "sources", j)),
                                                    item), f'`"{ref}"`', '`"{key}:{n}"`'))
    for page in book.pages:
        scan(page_text(page), found)
    judgments.find_in(book, found, scan)
    return found
