"""Load `tool_specs/*.yaml`: parse with line marks, validate against `schema.json`, build specs.

Every problem of every file is collected before anything fails, so one run shows them all.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from kit.errors import KitError, Location
from kit.specs.messages import describe
from kit.specs.spec import Marks, ParamSpec, Path_, SpecFile, ToolSpec

SCHEMA_LINE = "# yaml-language-server: $schema="


@dataclass(frozen=True)
class Loaded:
    files: tuple[SpecFile, ...]
    problems: tuple[KitError, ...]


@cache
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(files("kit.specs").joinpath("schema.json").read_text())
    return loaded


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(schema())


def spec_paths(folder: Path) -> list[Path]:
    return sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])


def load_specs(paths: Iterable[Path]) -> Loaded:
    """All files that are valid YAML matching the schema, and the problems of the others."""
    loaded: list[SpecFile] = []
    problems: list[KitError] = []
    for path in paths:
        spec, found = load_file(path)
        problems += found
        if spec is not None:
            loaded.append(spec)
    return Loaded(tuple(loaded), tuple(problems))


def load_file(path: Path) -> tuple[SpecFile | None, list[KitError]]:
    try:
        doc = YAML(typ="rt", pure=True).load(path.read_text(encoding="utf-8"))
    except MarkedYAMLError as exc:
        return None, [_syntax_error(path, exc)]
    if not isinstance(doc, CommentedMap):
        where = Location(path, 1, 1)
        return None, [KitError("expected a mapping with `table:` and `tools:`", location=where)]
    marks = Marks(path, dict(_marks(doc, ())))
    data = _plain(doc)
    errors = sorted(_validator().iter_errors(data), key=lambda e: tuple(map(str, e.path)))
    if errors:
        return None, [describe(error, marks) for error in errors]
    return _spec_file(path, data, marks), []


def _syntax_error(path: Path, exc: MarkedYAMLError) -> KitError:
    mark = exc.problem_mark or exc.context_mark
    where = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)
    text = " ".join(filter(None, [exc.context, exc.problem])) or "invalid YAML"
    return KitError(
        f"YAML syntax error: {text}",
        location=where,
        hint="check indentation and quoting near that line; quote values holding ': ' or '#'",
    )


def _marks(node: Any, path: Path_) -> Iterable[tuple[Path_, tuple[int, int]]]:
    if isinstance(node, CommentedMap):
        for key in node:
            # A scalar is marked where its value starts, a mapping or list where its key does.
            scalar = not isinstance(node[key], CommentedMap | CommentedSeq)
            line, col = node.lc.value(key) if scalar else node.lc.key(key)
            yield (*path, str(key)), (line + 1, col + 1)
            yield from _marks(node[key], (*path, str(key)))
    elif isinstance(node, CommentedSeq):
        for i, item in enumerate(node):
            line, col = node.lc.item(i)
            yield (*path, i), (line + 1, col + 1)
            yield from _marks(item, (*path, i))


def _plain(node: Any) -> Any:
    """ruamel's round-trip types as plain JSON values (what the JSON Schema validator expects)."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return str(node)


def _spec_file(path: Path, data: dict[str, Any], marks: Marks) -> SpecFile:
    return SpecFile(
        path=path,
        table=data["table"],
        role=data.get("role"),
        description=data.get("description"),
        append_only=data.get("append_only", False),
        strict=data.get("strict", False),
        tools=tuple(_tool(t, ("tools", i)) for i, t in enumerate(data["tools"])),
        marks=marks,
    )


def _tool(data: dict[str, Any], path: Path_) -> ToolSpec:
    limit = data.get("limit") or {}
    return ToolSpec(
        name=data["name"],
        operation=data["operation"],
        description=data["description"].strip(),
        filters=_params("filter", data.get("filters", []), (*path, "filters")),
        columns=_params("column", data.get("columns", []), (*path, "columns")),
        args=_params("arg", data.get("args", []), (*path, "args")),
        values=tuple(data.get("values", {}).items()),
        function=data.get("function"),
        on_conflict=tuple(data.get("on_conflict", ())),
        select=tuple(data.get("select", ())),
        order=tuple(data.get("order", ())),
        limit_default=limit.get("default"),
        limit_max=limit.get("max"),
        path=path,
    )


def _params(kind: str, items: list[dict[str, Any]], path: Path_) -> tuple[ParamSpec, ...]:
    target_key = {"filter": "column", "column": "name", "arg": "arg"}[kind]
    return tuple(
        ParamSpec(
            kind=kind,
            name=item["name"],
            target=item.get(target_key, item["name"]),
            op=item.get("op", "eq"),
            required=item.get("required"),
            description=(item.get("description") or "").strip() or None,
            example=item.get("example"),
            path=(*path, i),
            schema=item.get("schema"),
        )
        for i, item in enumerate(items)
    )
