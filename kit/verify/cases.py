"""Tool model → `Case`: the request the tool's cURL encodes, with values filled in.

Values come from the tool spec's examples. A parameter without one (or with only the model's
generic stand-in) takes a real value from the seed data: the first non-null value of its column
in primary-key order (never the table's physical order, which verify's own cleanup changes), from
the rows the agent's key can read (a per-user key sees its user's rows), else the service
key's. The request is `Tool.request.fill(...)`, the same function the cURL renderer's
placeholders stand for, so verify sends the bytes a pasted cURL sends.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import httpx

from kit.model import AGENT_KEY, ANON_KEY, Tool
from kit.model.types import example_for
from kit.verify.case import Case, Filter, OrderTerm, Request
from kit.verify.context import Session, TargetLike
from kit.verify.drift import Usage


def case_for(
    tool: Tool,
    target: TargetLike,
    *,
    primary_key: Sequence[str] = ("id",),
    values: Mapping[str, Any] | None = None,
    response_schema: Mapping[str, Any] | None = None,
) -> Case:
    """`values` override the examples (seed lookups); keys come from `target`."""
    chosen = tool.examples() | dict(values or {})
    arrays = array_columns(tool)
    filled = tool.request.fill(chosen | _keys(target), base=target.rest_url)
    body = dict(filled.body) if filled.body is not None else None
    return Case(
        tool=tool.name,
        table=_bare(tool.table),
        operation=tool.operation,
        path=tool.path,
        request=Request(
            filled.method, filled.url(target.rest_url), dict(filled.headers), filled.body_text()
        ),
        primary_key=tuple(primary_key),
        filters=tuple(
            Filter(p.target, p.operator, chosen[p.name], array=p.target in arrays)
            for p in tool.parameters
            if p.location == "query"
            and p.operator
            and p.in_request
            and chosen.get(p.name) is not None
        ),
        order=tuple(order_term(text) for text in tool.order),
        limit=_limit(tool, chosen),
        sent=body if tool.operation in ("create", "update", "upsert") and body else {},
        response_schema=response_schema or tool.response_schema,
        function=tool.function,
        writes=tool.operation == "rpc" and tool.consequential,
        on_conflict=_on_conflict(tool),
        values=chosen,
        array_columns=arrays,
    )


def array_columns(tool: Tool) -> frozenset[str]:
    """The columns the tool writes or returns whose type is a PostgreSQL array (typed from the
    catalog: the JSON Schema of an array column is `type: array`)."""
    found = {p.target for p in tool.parameters if p.location == "body" and _is_array(p.schema)}
    rows = tool.response_schema.get("items", tool.response_schema)
    properties = rows.get("properties") if isinstance(rows, dict) else None
    found |= {name for name, schema in (properties or {}).items() if _is_array(schema)}
    return frozenset(found)


def _is_array(schema: Mapping[str, Any]) -> bool:
    kind = schema.get("type")
    return kind == "array" or (isinstance(kind, list) and "array" in kind)


def usage_of(tool: Tool) -> Usage:
    """The columns (and function) a tool needs from the live database."""
    columns = set(tool.select) | set(tool.writable)
    columns |= {p.target for p in tool.parameters if p.operator or p.location == "body"}
    columns |= {order_term(text).column for text in tool.order}
    if tool.function:
        columns = set(tool.select)
    function = tool.function.removeprefix("public.") if tool.function else None
    return Usage(tool.name, _bare(tool.table), frozenset(columns - {"*", "limit"}), function)


def order_term(text: str) -> OrderTerm:
    """`updated_at.desc.nullslast` → OrderTerm."""
    column, *modifiers = text.split(".")
    nulls = {"nullsfirst": True, "nullslast": False}
    first = next((nulls[m] for m in modifiers if m in nulls), None)
    return OrderTerm(column, descending="desc" in modifiers, nulls_first=first)


async def seed_values(
    tool: Tool, session: Session, primary_key: Sequence[str] = ()
) -> dict[str, Any]:
    """Real values for parameters the spec gives no example for, from the tool's table: the
    same row on every run of the same data (key order), one the agent can see when there is."""
    found: dict[str, Any] = {}
    table = _bare(tool.table)
    for p in tool.parameters:
        if tool.function or p.name == "limit" or not _needs_seed(p.example, p.schema):
            continue
        params = {
            "select": p.target,
            p.target: "not.is.null",
            # Key order, then the value itself: a table without a primary key is ordered too.
            "order": ",".join(f"{c}.asc" for c in dict.fromkeys([*primary_key, p.target])),
            "limit": "1",
        }
        for read in (session.agent_rows, session.service_rows):
            try:
                rows = await read(table, params)
            except (httpx.HTTPError, ValueError):  # no seed value: keep the model's stand-in
                continue
            if rows:
                found[p.name] = rows[0][p.target]
                break
    return found


def _needs_seed(example: Any, schema: Mapping[str, Any]) -> bool:
    return example is None or example == example_for(dict(schema))


def _keys(target: TargetLike) -> dict[str, str]:
    agent = target.agent_key or target.anon_key
    return {
        ANON_KEY: target.anon_key.reveal() if target.anon_key else "",
        AGENT_KEY: agent.reveal() if agent else "",
    }


def _limit(tool: Tool, chosen: Mapping[str, Any]) -> int | None:
    value = chosen.get("limit") if tool.parameter("limit") else None
    if value is None:
        return tool.limit_max
    return int(value)


def _on_conflict(tool: Tool) -> tuple[str, ...]:
    value = dict(tool.request.query).get("on_conflict")
    return tuple(value.split(",")) if value else ()


def _bare(table: str) -> str:
    return table.removeprefix("public.")
