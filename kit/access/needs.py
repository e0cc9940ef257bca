"""What the tools use: per table the columns read, inserted and updated, deletes, functions.

Derived from the resolved tool model only (the exact requests the tools send), so the grants
`kit access` writes are exactly what some tool needs: least privilege by construction.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from kit.model import Tool


@dataclass
class TableNeeds:
    select: set[str] = field(default_factory=set)
    insert: set[str] = field(default_factory=set)
    update: set[str] = field(default_factory=set)
    delete: bool = False
    tools: dict[str, set[str]] = field(default_factory=dict)  # command -> tool names


@dataclass
class Needs:
    tables: dict[str, TableNeeds] = field(default_factory=dict)  # by schema.table
    functions: dict[str, set[str]] = field(default_factory=dict)  # schema.name -> tool names

    def table(self, name: str) -> TableNeeds:
        return self.tables.setdefault(name, TableNeeds())

    def fingerprint(self, role: str, mode: str) -> str:
        """A short hash of everything the migration grants: `generate --check` compares it."""
        doc = {
            "role": role,
            "mode": mode,
            "tables": {
                name: [sorted(t.select), sorted(t.insert), sorted(t.update), t.delete]
                for name, t in sorted(self.tables.items())
            },
            "functions": sorted(self.functions),
        }
        text = json.dumps(doc, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def needs_of(tools: Iterable[Tool]) -> Needs:
    needs = Needs()
    for tool in tools:
        if tool.operation == "rpc":
            needs.functions.setdefault(_function(tool), set()).add(tool.name)
            continue
        _table_needs(needs.table(tool.table), tool)
    return needs


def _table_needs(table: TableNeeds, tool: Tool) -> None:
    query = dict(tool.request.query)
    filtered = {k for k, _ in tool.request.query if k not in _RESERVED}
    ordered = {term.split(".")[0] for term in tool.order}
    conflict = set(query["on_conflict"].split(",")) if "on_conflict" in query else set()
    body = set(tool.request.body or {})
    # Reads, and writes returning the row (return=representation), SELECT what they return;
    # a filter or ON CONFLICT target reads its column too.
    table.select |= set(tool.select) | filtered | ordered | conflict
    command = {"list": "select", "get": "select", "create": "insert", "upsert": "insert"}
    command |= {"update": "update", "delete": "delete"}
    table.tools.setdefault(command[tool.operation], set()).add(tool.name)
    if tool.operation in ("create", "upsert"):
        table.insert |= body
    if tool.operation == "upsert":
        table.update |= body
        table.tools.setdefault("update", set()).add(tool.name)
    if tool.operation == "update":
        table.update |= body
    if tool.operation == "delete":
        table.delete = True
    if tool.operation != "list" and tool.operation != "get":
        table.tools.setdefault("select", set()).add(tool.name)


def _function(tool: Tool) -> str:
    name = tool.function or tool.request.path.rsplit("/", 1)[-1]
    return name if "." in name else f"public.{name}"


_RESERVED = {"select", "order", "limit", "offset", "on_conflict", "columns"}
