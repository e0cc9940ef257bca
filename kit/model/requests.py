"""The exact HTTP request of a tool, as PostgREST (and Supabase's gateway) expect it."""

from __future__ import annotations

from typing import Any

from kit.catalog import Function, Table
from kit.model.tool import AGENT_KEY, ANON_KEY, Parameter, Request, placeholder
from kit.specs import ToolSpec

METHODS = {
    "list": "GET",
    "get": "GET",
    "create": "POST",
    "update": "PATCH",
    "upsert": "POST",
    "delete": "DELETE",
    "rpc": "POST",
}
PREFER = {
    "create": "return=representation",
    "update": "return=representation",
    "delete": "return=representation",
    "upsert": "resolution=merge-duplicates,return=representation",
}
OBJECT = "application/vnd.pgrst.object+json"


def request(
    spec: ToolSpec,
    table: Table,
    function: Function | None,
    params: list[Parameter],
    select: tuple[str, ...],
) -> Request:
    op = spec.operation
    path = f"/rpc/{function.name}" if function else f"/{table.name}"
    body = _body(spec, params) if op in ("create", "update", "upsert", "rpc") else None
    schema = function.schema if function else table.schema
    return Request(
        method=METHODS[op],
        path=path,
        query=_query(spec, params, select),
        headers=_headers(op, body is not None, schema),
        body=body,
        raw=frozenset(p.name for p in params if p.location == "body" and p.raw),
    )


def _query(
    spec: ToolSpec, params: list[Parameter], select: tuple[str, ...]
) -> tuple[tuple[str, str], ...]:
    query: list[tuple[str, str]] = []
    if select or spec.operation in ("list", "get"):
        query.append(("select", ",".join(select) or "*"))
    query += [
        (p.target, p.query_value)
        for p in params
        if p.location == "query" and p.operator and p.in_request
    ]
    if spec.operation == "upsert" and spec.on_conflict:
        query.append(("on_conflict", ",".join(spec.on_conflict)))
    if spec.order:
        query.append(("order", ",".join(spec.order)))
    query += [("limit", p.query_value) for p in params if p.name == "limit" and not p.operator]
    return tuple(query)


def _headers(op: str, has_body: bool, schema: str) -> tuple[tuple[str, str], ...]:
    headers = [
        ("apikey", placeholder(ANON_KEY)),
        ("Authorization", f"Bearer {placeholder(AGENT_KEY)}"),
    ]
    if op == "get":
        headers.append(("Accept", OBJECT))
    if has_body:
        headers.append(("Content-Type", "application/json"))
    if op in PREFER:
        headers.append(("Prefer", PREFER[op]))
    if schema != "public":  # PostgREST serves other exposed schemas through profile headers
        headers.append(("Content-Profile" if has_body else "Accept-Profile", schema))
    return tuple(headers)


def _body(spec: ToolSpec, params: list[Parameter]) -> dict[str, Any]:
    body: dict[str, Any] = {p.target: placeholder(p.name) for p in params if p.location == "body"}
    body.update(dict(spec.values))
    return body
