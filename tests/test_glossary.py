"""The glossary: validation of sources/glossary.yaml and the linker that finds terms in source text."""

from __future__ import annotations

import pytest
from docutils import nodes
from docutils.core import publish_doctree
from docutils.parsers.rst import roles
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from myst_parser.parsers.docutils_ import Parser

from briefbook.errors import BriefbookError
from briefbook.escape import visible
from briefbook.glossary import Glossary, Linker, load_glossary, names
from helpers import REPO, line_events

GLOSSARY = Glossary.model_validate({
    "terms": [
        {"term": "JCPOA", "aliases": ["nuclear deal", "2015 nuclear deal"], "as_of": "2025-10-31", "definition": "d"},
        {"term": "Resolution 2231", "aliases": ["UN Security Council Resolution 2231"], "as_of": "2025-10-31", "definition": "d"},
        {"term": "UN Security Council", "aliases": ["Security Council", {"text": "Council", "match_case": True}],
         "as_of": "2025-10-31", "definition": "d"},
        {"term": "S-400", "category": "Weapon systems", "as_of": "2025-10-31", "definition": "d"},
    ],
    "entities": [{"name": "Lavrov, Sergey", "category": "People", "aliases": ["Sergey Lavrov", "Lavrov"]}],
})
LINKER = Linker(GLOSSARY)


def test_longest_name_wins():
    text, _ = LINKER.link("The UN Security Council Resolution 2231 of 2015.")
    assert text == "The {term}`UN Security Council Resolution 2231 <Resolution 2231>` of 2015\\."


def test_case_insensitive_unless_the_name_is_an_ordinary_word():
    assert LINKER.link("the jcpoa")[0] == "the {term}`jcpoa <JCPOA>`"
    assert LINKER.link("the council met; the Council met")[0] == "the council met\\; the {term}`Council <UN Security Council>` met"


def test_whole_words_only():
    assert LINKER.link("JCPOAs and S-4000 and xS-400")[0] == "JCPOAs and S\\-4000 and xS\\-400"


def test_once_per_paragraph_by_default_and_every_on_request():
    text = "JCPOA, the nuclear deal, JCPOA."
    assert LINKER.link(text)[0].count("{term}") == 1
    every = Linker(GLOSSARY.model_copy(update={"link": "every"}))
    assert every.link(text)[0].count("{term}") == 3


def test_names_become_index_entries():
    _, index = LINKER.link("Lavrov asked about the S-400; Sergey Lavrov again.")
    # Each name once: an entity under its category, a term under its own name (beside its glossary entry).
    assert index == ["single: People; Lavrov, Sergey", "single: S-400"]


def _term_role(name, rawtext, text, lineno, inliner, options=None, content=()):
    title = text.rsplit(" <", 1)[0] if text.endswith(">") else text
    return [nodes.inline(rawtext, title)], []


WORDS = st.sampled_from(["JCPOA", "jcpoa", "nuclear deal", "Council", "S-400", "Lavrov", "Resolution 2231", " ", ".", "*", "`", "{", "<", "\\"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(WORDS, st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\r\n"), max_size=8)), max_size=15).map("".join))
def test_linked_text_is_exactly_the_source_text(text):
    roles.register_local_role("term", _term_role)  # Sphinx test apps reset docutils' roles: register each time
    myst, _ = LINKER.link(text)
    doctree = publish_doctree(myst, parser=Parser(), settings_overrides={"report_level": 5, "halt_level": 5})
    assert doctree.astext() == visible(text)


def write(tmp_path, body: str):
    (tmp_path / "glossary.yaml").write_text(body)
    with pytest.raises(BriefbookError) as info:
        load_glossary(tmp_path)
    return [str(p) for p in info.value.problems]


def test_term_defined_twice(tmp_path):
    (msg,) = write(tmp_path, "terms:\n  - {term: JCPOA, as_of: 2025-01-01, definition: a}\n  - {term: jcpoa, as_of: 2025-01-01, definition: b}\n")
    assert "glossary.yaml:3: the term 'jcpoa' is defined twice" in msg


def test_alias_claimed_by_two_terms(tmp_path):
    (msg,) = write(tmp_path, "terms:\n  - {term: A, aliases: [deal], as_of: 2025-01-01, definition: a}\n"
                             "  - {term: B, aliases: [Deal], as_of: 2025-01-01, definition: b}\n")
    assert "glossary.yaml:3: the name 'Deal' is claimed by both 'A' and 'B'" in msg


def test_see_also_to_a_missing_term(tmp_path):
    (msg,) = write(tmp_path, "terms:\n  - term: A\n    as_of: 2025-01-01\n    definition: a\n    see_also: [Nope]\n")
    assert "glossary.yaml:5: 'A' has a see-also to 'Nope', which is not a term" in msg


def _regex_linker(glossary, text):
    """The linker as one regular expression of every name, longest first (the semantics the automaton keeps)."""
    import re

    ordered = sorted(names(glossary), key=lambda n: (-len(n.text), n.text))
    if not ordered:
        return []
    def pattern(n):
        body = r"[ \t\u00a0]+".join(re.escape(word) for word in n.text.split())
        return body if n.match_case else f"(?i:{body})"
    rx = re.compile(r"(?<!\w)(?:" + "|".join(f"(?P<n{i}>{pattern(n)})" for i, n in enumerate(ordered)) + r")(?!\w)")
    return [(m.start(), m.end(), ordered[int(m.lastgroup[1:])]) for m in rx.finditer(text)]


CHARS = st.sampled_from(["a", "b", "A", "B", "ß", "ẞ", "İ", "i", "é", "É", "-", "x"])
GAPS = st.sampled_from([" ", "  ", "\t", "\u00a0", " \t", ".", "_", ",", "\n"])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.lists(CHARS, min_size=1, max_size=3).map("".join), st.booleans()), min_size=1, max_size=6,
                unique_by=lambda t: t[0].casefold()),
       st.lists(st.one_of(CHARS, GAPS), max_size=40).map("".join))
def test_the_automaton_finds_what_one_regular_expression_of_every_name_finds(terms, text):
    glossary = Glossary.model_validate({"terms": [{"term": t, "match_case": case, "as_of": "2025-01-01", "definition": "d"}
                                                  for t, case in terms]})
    found = [(m.start, m.end, m.name) for m in Linker(glossary).mentions(text)]
    assert found == _regex_linker(glossary, text)


def test_the_work_of_linking_does_not_grow_with_the_number_of_names():
    text = "The JCPOA and the nuclear deal; S-400 systems, Sergey Lavrov said. " * 50
    few = Linker(GLOSSARY)
    many = Linker(GLOSSARY.model_copy(update={"terms": GLOSSARY.terms + [
        Glossary.model_validate({"terms": [{"term": f"Unused term {k}", "as_of": "2025-01-01", "definition": "d"}]}).terms[0]
        for k in range(5000)]}))
    assert many.mentions(text) == few.mentions(text)
    assert line_events(many.mentions, text) == line_events(few.mentions, text)
    assert line_events(few.mentions, text * 2) <= 2.1 * line_events(few.mentions, text), "linear in the text"


def test_one_linker_is_built_for_a_whole_book(monkeypatch):
    from briefbook import generate

    built = []
    real = generate.Linker

    def counting(glossary):
        built.append(glossary)
        return real(glossary)

    monkeypatch.setattr(generate, "Linker", counting)
    book = generate.load_book(REPO / "sources")
    generate.render_book(book, REPO / "sources", REPO / "docs")
    assert len(book.sources) > 1 and len(built) == 1
