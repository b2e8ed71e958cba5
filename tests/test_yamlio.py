"""yamlio: line numbers carried on the loaded data; aliases, merges and repeated keys refused."""

from __future__ import annotations

import pytest

from briefbook.errors import BriefbookError
from briefbook.model import SourceMeta
from briefbook.yamlio import LineMap, load_yaml, validate


def test_every_value_has_its_line(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("title: T\nnotes:\n  - para: 1\n    text: one\n  - para: 2\n    text: |\n      two\n")
    data, lines = load_yaml(path)
    assert data["notes"][1]["text"] == "two\n"
    assert lines.line(("title",)) == 1
    assert lines.line(("notes", 0, "para")) == 3
    assert lines.line(("notes", 1, "text")) == 6
    assert lines.line(("notes", 7, "text")) == 2, "a missing item: the line of its nearest parent"
    assert LineMap().line(("x",)) is None


@pytest.mark.parametrize("text, what, line", [
    ("a: &x [1, 2]\nb: *x\n", "an alias", 2),
    ("base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n", "a merge key", 3),
    ("title: A\ntitle: B\n", "the key 'title' a second time", 2),
])
def test_aliases_merges_and_repeated_keys_are_refused(tmp_path, text, what, line):
    path = tmp_path / "a.yaml"
    path.write_text(text)
    with pytest.raises(BriefbookError) as info:
        load_yaml(path)
    problem = info.value.problems[0]
    assert what in problem.message and problem.line == line and problem.fix


def test_a_billion_laughs_is_refused_at_once(tmp_path):
    body = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 9))
    path = tmp_path / "bomb.yaml"
    path.write_text(body)
    with pytest.raises(BriefbookError) as info:
        load_yaml(path)
    assert len(info.value.problems) == 8 * 9, "each alias reported once, nothing expanded"


def test_schema_errors_name_the_line(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("title: T\noutlet: O\nurl: ftp://x\ndate: 2020-01-01\nnotes:\n  - para: 0\n    text: x\n")
    data, lines = load_yaml(path)
    with pytest.raises(BriefbookError) as info:
        validate(path, SourceMeta, data, lines)
    found = {(p.line, p.message.split(":")[0]) for p in info.value.problems}
    assert (3, "url") in found and (6, "notes.0.para") in found


GLOSSARY_WITH_MISTAKES = """\
terms:
  - term: JCPOA
    as_of: 2025-10-31
    definition: d
  - term: Resolution 2231
    as_of: 2025-10-31
    defintion: misspelt
  - term: snapback
    as_of: 2025-10-31
  - term: E3
    as_of: 2025-10-31
    definition: d
    colour: blue
    aliases: [{text: European three, case: true}]
"""


def _problems(tmp_path, text, model):
    from briefbook.glossary import Glossary

    path = tmp_path / "glossary.yaml"
    path.write_text(text)
    data, lines = load_yaml(path)
    with pytest.raises(BriefbookError) as info:
        validate(path, model or Glossary, data, lines)
    return info.value.problems


def test_fix_hints_name_the_item_and_are_valid_input(tmp_path):
    problems = {p.line: p for p in _problems(tmp_path, GLOSSARY_WITH_MISTAKES, None)}
    assert len(problems) == 4, [str(p) for p in problems.values()]
    misspelt = problems[7]
    assert misspelt.message == ("terms[1] ('Resolution 2231'): unknown key 'defintion', and the required key "
                                "'definition' is missing: a misspelling.")
    assert misspelt.fix == "rename `defintion:` to `definition:`."
    missing = problems[8]
    assert missing.message == "terms[2] ('snapback') has no `definition:`, which is required."
    assert missing.fix == "add `definition: …` to that term, indented like its other keys."
    unknown = problems[13]
    assert unknown.message == "terms[3] ('E3'): unknown key 'colour'."
    assert unknown.fix.endswith("the keys allowed in that term are: term, aliases, match_case, definition, as_of, "
                                "see_also, category."), "the term's keys, not the file's (link, terms, entities)"
    alias = problems[14]
    assert "terms[3].aliases[0]: unknown key 'case'" in alias.message and "text, match_case." in alias.fix


def test_following_each_fix_gives_a_valid_glossary(tmp_path):
    from briefbook.glossary import Glossary

    fixed = (GLOSSARY_WITH_MISTAKES.replace("defintion:", "definition:")
             .replace("    as_of: 2025-10-31\n  - term: E3", "    as_of: 2025-10-31\n    definition: …\n  - term: E3")
             .replace("    colour: blue\n", "").replace(", case: true", ""))
    path = tmp_path / "glossary.yaml"
    path.write_text(fixed)
    data, lines = load_yaml(path)
    assert len(validate(path, Glossary, data, lines).terms) == 4


def test_a_word_inside_a_block_is_found_on_its_line(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("summary: |\n  first line\n  second {para}`x:1` line\nnotes:\n  - {para: 1, text: 'one {para}`x:2`'}\n")
    _, lines = load_yaml(path)
    assert lines.find(("summary",), "{para}`x:1`") == 3
    assert lines.find(("notes", 0, "text"), "{para}`x:2`") == 5
    assert lines.find(("summary",), "not there") == 1, "the value's own line when the words are not found"
