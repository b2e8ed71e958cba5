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
