"""Read YAML safely, keeping line numbers, and validate it with a pydantic model."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any, TypeVar, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from .errors import BriefbookError, Problem
from .limits import read_input
from .refs import nearest

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
    return parse_yaml(path, read_text(path))


def parse_yaml(path: Path, text: str) -> tuple[Any, LineMap]:
    """Parse the text of a YAML file (read by read_text) into plain data and the line of each of its values."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        lines = LineMap(node, text)
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

    def __init__(self, node: yaml.Node | None = None, text: str = ""):
        self._lines: dict[tuple[Any, ...], int] = {}
        #: The first and last line of every scalar value, and the file's lines (to find a word inside a value).
        self._spans: dict[tuple[Any, ...], tuple[int, int]] = {}
        self._text = text.splitlines()
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
        if isinstance(node, yaml.ScalarNode):
            self._spans[path] = (node.start_mark.line + 1, node.end_mark.line + 1)
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

    def find(self, loc: tuple[Any, ...], snippet: str) -> int | None:
        """The line of the value at loc on which `snippet` is written (a word inside a block of text);
        the value's own line when it is not found as written."""
        span = self._spans.get(tuple(loc))
        snippet = snippet.strip()
        if span and snippet:
            first, last = span
            for number in range(first, min(last, len(self._text)) + 1):
                if snippet in self._text[number - 1]:
                    return number
        return self.line(loc)


def line_of(lines: LineMap | None, loc: tuple[Any, ...]) -> int | None:
    """The 1-based line of the value at `loc` (or of its nearest existing parent)."""
    return lines.line(loc) if lines is not None else None


#: What an item of each list is called in a fix ("add `definition: …` under that term").
_NOUNS = {"terms": "term", "entities": "entity", "aliases": "alias", "notes": "note", "quotes": "quotation",
          "events": "event"}


def _walk_loc(loc: tuple[Any, ...], data: Any, model: type[BaseModel]) -> tuple[tuple[Any, ...], str | None, Any]:
    """Pydantic's error location without the union-member tags it inserts ('Alias', 'str'), the tag,
    and the item the tag applies to (else the data at loc; None when missing from the data)."""
    clean: list[Any] = []
    tag = None
    tagged: Any = None
    for part in loc:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        elif (isinstance(part, str) and clean and tag is None
              and (isinstance(clean[-1], int) or not isinstance(data, (dict, list)))
              and part not in getattr(_model_at(model, tuple(clean), None), "model_fields", {})):
            # A union member, for example aliases: [str | Alias]; or a key below a plain value (scale: name | Scale).
            tag, tagged = part, data
            continue
        else:
            data = None
        clean.append(part)
    return tuple(clean), tag, tagged if tag is not None else data


def _model_at(model: type[BaseModel], loc: tuple[Any, ...], tag: str | None) -> type[BaseModel] | None:
    """The pydantic model whose keys are valid at loc (a nested item's, not the file's)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return None
        current = current.model_fields[part].annotation
        # Unwrap list[X], X | None and str | Model down to the model.
        while get_origin(current) is not None:
            models = [a for a in get_args(current) if isinstance(a, type) and issubclass(a, BaseModel)]
            nested = [a for a in get_args(current) if get_origin(a) is not None]
            if models:
                current = next((m for m in models if m.__name__ == tag), models[0])
            elif nested:
                current = nested[0]
            else:
                return None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def item_name(loc: tuple[Any, ...], data: Any) -> str:
    """How a message names the item at loc: "terms[3] ('Resolution 2231')", "notes[0] (on ¶2)", "cleaning"."""
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts[-1] += f"[{part}]"
        else:
            parts.append(str(part))
        data = data[part] if isinstance(data, (dict, list)) and _has(data, part) else None
    name = ".".join(parts)
    if isinstance(data, dict):
        if isinstance(data.get("term") or data.get("name"), str):
            name += f" ({data.get('term') or data.get('name')!r})"
        elif isinstance(data.get("para"), int) and loc and loc[0] == "notes":
            name += f" (on ¶{data['para']})"
        elif data.get("date") is not None and not isinstance(data.get("date"), (dict, list)):
            name += f" ({data['date']})"
    return name


def _has(data: dict | list, part: Any) -> bool:
    return part in data if isinstance(data, dict) else isinstance(part, int) and 0 <= part < len(data)


def _noun(loc: tuple[Any, ...]) -> str:
    if loc and isinstance(loc[-1], int) and len(loc) > 1:
        return f"that {_NOUNS.get(str(loc[-2]), 'item')}"
    return f"`{loc[-1]}:`" if loc else "the file"


def _describe(error: Any, model: type[BaseModel], data: Any, siblings: list[Any]) -> tuple[str, str | None] | None:
    """A message and a fix that is valid input for one schema error; None when another error says it."""
    loc, tag, found = _walk_loc(tuple(error["loc"]), data, model)
    kind = error["type"]
    parent, key = loc[:-1], loc[-1] if loc else ""
    where = f"{item_name(parent, data)}: " if parent else ""
    if tag is not None and isinstance(found, dict) != (tag[:1].isupper()):
        return None  # the union member the value was not written as (a mapping is an Alias, not a string)
    if kind == "extra_forbidden":
        nested = _model_at(model, parent, tag) or model
        missing = [s for s in siblings if s[:-1] == parent and s[-1] in nested.model_fields]
        close = difflib.get_close_matches(str(key), [str(m[-1]) for m in missing], n=1, cutoff=0.6)
        if close:
            return (f"{where}unknown key {key!r}, and the required key {close[0]!r} is missing: a misspelling.",
                    f"rename `{key}:` to `{close[0]}:`.")
        allowed = ", ".join(nested.model_fields)
        noun = "" if not parent else f" in {_noun(parent)}"
        return (f"{where}unknown key {key!r}{nearest(str(key), nested.model_fields)}.",
                f"remove it or correct its spelling; the keys allowed{noun} are: {allowed}.")
    if kind == "missing":
        extras = [s for s in siblings if s[:-1] == parent and s[-1] not in ((_model_at(model, parent, tag) or model)
                                                                           .model_fields)]
        if difflib.get_close_matches(str(key), [str(s[-1]) for s in extras], n=1, cutoff=0.6):
            return None  # said with the misspelt key
        if not parent:
            return f"the required key {key!r} is missing.", f"add `{key}: …` to the file."
        return (f"{item_name(parent, data)} has no `{key}:`, which is required.",
                f"add `{key}: …` to {_noun(parent)}, indented like its other keys.")
    msg = error["msg"].removeprefix("Value error, ")
    return f"{'.'.join(str(p) for p in loc)}: {msg}.", None


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
        errors = exc.errors()
        # A misspelt required key is one mistake: "unknown 'defintion'" and "missing 'definition'" are said together.
        by_kind = {kind: [_walk_loc(tuple(e["loc"]), data, model)[0] for e in errors if e["type"] == kind]
                   for kind in ("missing", "extra_forbidden")}
        for err in errors:
            siblings = by_kind["missing"] if err["type"] == "extra_forbidden" else by_kind["extra_forbidden"]
            described = _describe(err, model, data, siblings)
            if described is not None:
                loc = _walk_loc(tuple(err["loc"]), data, model)[0]
                problems.append(Problem(path, described[0], line_of(node, loc), described[1]))
        raise BriefbookError(problems) from None
