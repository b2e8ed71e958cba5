"""Read YAML safely, keeping line numbers, and validate it with a pydantic model."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .errors import BriefbookError, Problem
from .limits import read_input

M = TypeVar("M", bound=BaseModel)


_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """Safe loader (libyaml's parser where available) that keeps dates as written (the schema parses them)."""


_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_text(path: Path) -> str:
    """Read a UTF-8 file of the sources folder (as limits.read_input allows), or raise a Problem naming the line of the
    first bad byte."""
    return decode(path, read_input(path))


def decode(path: Path, data: bytes) -> str:
    """The UTF-8 text of a file's bytes, or a Problem naming the line of the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BriefbookError(
            [
                Problem(
                    path,
                    f"is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}).",
                    line,
                    "save the file as UTF-8 (for example `iconv -f WINDOWS-1252 -t UTF-8`).",
                )
            ]
        ) from None


def load_yaml(path: Path) -> tuple[Any, LineMap]:
    """Parse a YAML file into plain data and the line of each of its values."""
    text = read_text(path)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        lines = LineMap(node)
        if lines.refused:
            raise BriefbookError([
                Problem(path, f"uses {what}, which briefbook does not accept.", line,
                        "write each value out in full, once per key (no anchors, aliases or << merges).")
                for line, what in lines.refused
            ])
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        what = getattr(exc, "problem", None) or str(exc)
        raise BriefbookError(
            [
                Problem(
                    path,
                    f"is not valid YAML: {what}.",
                    mark.line + 1 if mark else None,
                    "check the indentation and quote values that contain ': ' or start with a quote.",
                )
            ]
        ) from None
    finally:
        loader.dispose()
    return data, lines


class LineMap:
    """The 1-based line of every key and item of a YAML document, by path (("notes", 2, "text"), …).

    Built once when the file is parsed and carried on the loaded records, so any later check
    can name the line the analyst edits without parsing the file again."""

    def __init__(self, node: yaml.Node | None = None):
        self._lines: dict[tuple[Any, ...], int] = {}
        #: (line, what) for every alias, merge key and repeated key: briefbook refuses them.
        self.refused: list[tuple[int, str]] = []
        self._seen: set[int] = set()
        if node is not None:
            self._walk(node, (), node.start_mark.line + 1)
        del self._seen

    def _walk(self, node: yaml.Node, path: tuple[Any, ...], line: int) -> None:
        if id(node) in self._seen:
            # The node tree is walked before anything is built from it: a document of aliases
            # (a "billion laughs") is refused in time linear in its size.
            self.refused.append((line, "an alias (*name) of an earlier value"))
            return
        self._seen.add(id(node))
        self._lines[path] = line
        if isinstance(node, yaml.MappingNode):
            keys: set[Any] = set()
            for key, value in node.value:
                where = key.start_mark.line + 1
                if key.tag == "tag:yaml.org,2002:merge":
                    self.refused.append((where, "a merge key (<<)"))
                    continue
                if not isinstance(key, yaml.ScalarNode):
                    self.refused.append((where, "a key that is not plain text"))
                    continue
                if key.value in keys:
                    self.refused.append((where, f"the key {key.value!r} a second time in the same mapping"))
                keys.add(key.value)
                self._walk(value, (*path, key.value), where)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self._walk(item, (*path, i), item.start_mark.line + 1)

    def line(self, loc: tuple[Any, ...] = ()) -> int | None:
        """The line of the value at loc, or of its nearest existing parent (None for an empty document)."""
        loc = tuple(loc)
        while loc not in self._lines and loc:
            loc = loc[:-1]
        return self._lines.get(loc)


def line_of(lines: LineMap | None, loc: tuple[Any, ...]) -> int | None:
    """The 1-based line of the value at `loc` (or of its nearest existing parent)."""
    return lines.line(loc) if lines is not None else None


def _describe(error: Any, model: type[BaseModel]) -> tuple[str, str | None]:
    loc = ".".join(str(p) for p in error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        allowed = ", ".join(model.model_fields)
        return f"unknown key {loc!r}.", f"remove it or correct its spelling; the keys allowed are: {allowed}."
    if kind == "missing":
        return f"the required key {loc!r} is missing.", f"add `{loc}: …` to the file."
    msg = error["msg"].removeprefix("Value error, ")
    return f"{loc}: {msg}.", None


def validate(path: Path, model: type[M], data: Any, node: LineMap | None) -> M:
    """Validate data against the model; every schema error becomes a Problem with its line."""
    if not isinstance(data, dict):
        raise BriefbookError(
            [Problem(path, "must be a YAML mapping of keys to values.", 1, "see sources/README.md for an example.")]
        )
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            message, fix = _describe(err, model)
            problems.append(Problem(path, message, line_of(node, tuple(err["loc"])), fix))
        raise BriefbookError(problems) from None
