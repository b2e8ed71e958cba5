"""Read YAML safely, keeping line numbers, and validate it with a pydantic model."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .errors import BriefbookError, Problem

M = TypeVar("M", bound=BaseModel)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe loader (libyaml's parser where available) that keeps dates as written (the schema parses them)."""


_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_text(path: Path) -> str:
    """Read a UTF-8 file, or raise a Problem naming the line of the first bad byte."""
    data = path.read_bytes()
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


def load_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    """Parse a YAML file into plain data and its node tree (for line numbers)."""
    text = read_text(path)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
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
    return data, node


def line_of(node: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """The 1-based line of the value at `loc` (or of its nearest existing parent)."""
    best = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == part:
                    best = key.start_mark.line + 1
                    node = value
                    break
            else:
                return best
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            best = node.start_mark.line + 1
        else:
            return best
    return best


def _describe(error: dict[str, Any], model: type[BaseModel]) -> tuple[str, str | None]:
    loc = ".".join(str(p) for p in error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        allowed = ", ".join(model.model_fields)
        return f"unknown key {loc!r}.", f"remove it or correct its spelling; the keys allowed are: {allowed}."
    if kind == "missing":
        return f"the required key {loc!r} is missing.", f"add `{loc}: …` to the file."
    msg = error["msg"].removeprefix("Value error, ")
    return f"{loc}: {msg}.", None


def validate(path: Path, model: type[M], data: Any, node: yaml.Node | None) -> M:
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
