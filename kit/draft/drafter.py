"""Draft tool specs from the catalog: pure, a dict per spec file, ready to dump as YAML.

Per table: list (filters on foreign keys and indexed columns, newest first when there is a
creation time, a limit), get by primary key, create (required = NOT NULL without default),
update by key of the non-key columns. Per function: an RPC tool. Descriptions come from
`COMMENT ON`, else plain words from the names; examples from an existing row.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from kit.catalog import Column, Function, Table
from kit.draft.names import pascal, singular, snake, words

CREATED = ("created_at", "inserted_at", "created", "updated_at")
# Large or opaque values an agent neither reads in lists nor writes by hand.
BULKY = ("vector", "bytea", "tsvector")
# json/jsonb cannot be a tool parameter (a placeholder fills a JSON string only).
NO_PARAM = ("json", "jsonb")
Row = dict[str, Any]


@dataclass
class TableFacts:
    table: Table
    indexed: set[str] = field(default_factory=set)
    row: Row | None = None  # an existing row, for examples
    free_key: Row | None = None  # a key no row holds (many-to-many creates)
    owner: str | None = None  # the column referencing auth.users


def draft_table(facts: TableFacts, role: str) -> tuple[dict[str, Any], list[str]]:
    """The spec document of one table and notes about tools left out."""
    t = facts.table
    notes: list[str] = []
    tools = [_list(facts)]
    if t.primary_key:
        tools.append(_get(facts))
    create = _create(facts, notes)
    if create:
        tools.append(create)
    update = _update(facts)
    if update:
        tools.append(update)
    doc: dict[str, Any] = {"table": t.name if t.schema == "public" else t.qualified, "role": role}
    doc["description"] = t.comment or f"{words(t.name).capitalize()}."
    doc["tools"] = tools
    return doc, notes


def _list(f: TableFacts) -> dict[str, Any]:
    t = f.table
    fk_cols = [fk.columns[0] for fk in t.foreign_keys if len(fk.columns) == 1]
    filter_cols = [
        c.name
        for c in t.columns
        if (c.name in fk_cols or c.name in f.indexed)
        and c.name not in _single_pk(t)
        and _param_ok(c)
        and c.base_type not in BULKY
        and not c.is_array
        and c.name not in CREATED
    ]
    created = next((c for c in CREATED if t.column(c)), None)
    order = [f"{created}.desc"] if created else [f"{c}.asc" for c in t.primary_key]
    tool: dict[str, Any] = {
        "name": f"List{pascal(t.name)}",
        "operation": "list",
        "description": f"List {words(t.name)}"
        + (", newest first" if created else "")
        + (". Every filter is optional." if filter_cols else "."),
    }
    if filter_cols:
        tool["filters"] = [
            _filter(f, t.column(c), f"Only {words(t.name)} whose {words(c)} is this.", False)
            for c in filter_cols
        ]
    bulky = [c.name for c in t.columns if c.base_type in BULKY]
    if bulky:
        tool["select"] = [c.name for c in t.columns if c.name not in bulky]
    if order:
        tool["order"] = order
    tool["limit"] = {"default": 20, "max": 100}
    return tool


def _get(f: TableFacts) -> dict[str, Any]:
    t = f.table
    one = words(singular(t.name))
    key = " and ".join(words(c) for c in t.primary_key)
    return {
        "name": f"Get{pascal(singular(t.name))}",
        "operation": "get",
        "description": f"Get one {one} by its {key}.",
        "filters": [_filter(f, t.column(c), f"The {one}'s {words(c)}.") for c in t.primary_key],
    }


def _create(f: TableFacts, notes: list[str]) -> dict[str, Any] | None:
    t = f.table
    one = words(singular(t.name))
    key_cols = [t.column(c) for c in t.primary_key]
    keyed_by_user = bool(t.primary_key) and all(
        c is not None and c.default is None and c.name == f.owner for c in key_cols
    )
    if keyed_by_user:
        notes.append(f"{t.name}: no create tool (one row per user, keyed by auth.users)")
        return None
    columns = [
        c
        for c in t.columns
        if c.writable
        and not c.identity
        and not (c.name in t.primary_key and c.default is not None)
        and not (c.default is not None and c.name in CREATED)
        and (c.insert_required or (_param_ok(c) and c.base_type not in BULKY))
    ]
    if not columns:
        return None
    unfit = [c.name for c in columns if not _param_ok(c)]
    if unfit:
        notes.append(f"{t.name}: no create tool (required {', '.join(unfit)} is json)")
        return None
    example_row = {**(f.row or {}), **(f.free_key or {})}
    return {
        "name": f"Create{pascal(singular(t.name))}",
        "operation": "create",
        "description": f"Create a {one}. Returns the new row.",
        "columns": [
            _param(
                f,
                c,
                c.comment or f"The {one}'s {words(c.name)}.",
                True if c.insert_required else False,
                row=example_row,
                fresh=_must_be_new(t, c, f),
            )
            for c in columns
        ],
    }


def _update(f: TableFacts) -> dict[str, Any] | None:
    t = f.table
    if not t.primary_key:
        return None
    one = words(singular(t.name))
    columns = [
        c
        for c in t.columns
        if c.writable
        and not c.identity
        and c.name not in t.primary_key
        and c.name != f.owner
        and not (c.default is not None and c.name in CREATED)
        and _param_ok(c)
        and c.base_type not in BULKY
    ]
    if not columns:
        return None
    return {
        "name": f"Update{pascal(singular(t.name))}",
        "operation": "update",
        "description": f"Change a {one}; the fields not sent stay as they are.",
        "filters": [_filter(f, t.column(c), f"The {one}'s {words(c)}.") for c in t.primary_key],
        "columns": [_param(f, c, c.comment or f"The new {words(c.name)}.", False) for c in columns],
    }


def draft_function(fn: Function, row: Row) -> dict[str, Any] | None:
    """An RPC tool, or None when an argument cannot be a tool parameter."""
    if any(not a.name or a.name.startswith("$") or a.base_type in NO_PARAM for a in fn.arguments):
        return None
    tool: dict[str, Any] = {
        "name": pascal(fn.name),
        "operation": "rpc",
        "description": fn.comment or f"Call {words(fn.name)}.",
        "function": fn.name if fn.schema == "public" else fn.qualified,
    }
    if fn.arguments:
        tool["args"] = []
        for a in fn.arguments:
            arg: dict[str, Any] = {"name": snake(a.name.removeprefix("p_")), "arg": a.name}
            arg["description"] = f"The {words(a.name)}."
            value = row.get(a.name.removeprefix("p_"))
            if value is not None and not isinstance(value, dict | list):
                arg["example"] = value
            if a.has_default:
                arg["required"] = False
            tool["args"].append(arg)
    return tool


def _param(
    f: TableFacts,
    column: Column | None,
    description: str,
    required: bool | None = None,
    *,
    row: Row | None = None,
    fresh: bool = False,
) -> dict[str, Any]:
    assert column is not None
    param: dict[str, Any] = {"name": column.name, "description": description}
    if required is False:
        param["required"] = False
    value = (row if row is not None else f.row or {}).get(column.name)
    if fresh:
        value = _fresh(column, value)
    if value is not None and not isinstance(value, dict | list):
        param["example"] = value
    return param


def _filter(
    f: TableFacts, column: Column | None, description: str, required: bool | None = None
) -> dict[str, Any]:
    """A filter: its parameter name is snake_case even where the column is not (`chatId`)."""
    param = _param(f, column, description, required)
    name = snake(param["name"])
    if name != param["name"]:
        param = {
            "name": name,
            "column": param["name"],
            **{k: v for k, v in param.items() if k != "name"},
        }
    return param


def _must_be_new(t: Table, c: Column, f: TableFacts) -> bool:
    """A create must not repeat a unique value of the example row (it would conflict)."""
    if f.free_key and c.name in f.free_key:
        return False
    references = {col for fk in t.foreign_keys for col in fk.columns}
    return any(c.name in key and (len(key) == 1 or c.name not in references) for key in t.keys)


def _fresh(column: Column, value: Any) -> Any:
    if column.base_type == "uuid":
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"kit-draft:{column.name}:{value}"))
    if isinstance(value, str):
        return f"{value}-2"
    if isinstance(value, int) and not isinstance(value, bool):
        return value + 1000
    return None


def _param_ok(c: Column) -> bool:
    """json/jsonb cannot be parameters (a placeholder fills a JSON string only); nor can
    enums-of-arrays and other composites the model has no placeholder for."""
    return c.base_type not in NO_PARAM and c.base_kind != "c"


def _single_pk(t: Table) -> tuple[str, ...]:
    return t.primary_key if len(t.primary_key) == 1 else ()
