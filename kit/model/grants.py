"""Check a tool against the grants of the role it runs as, before anyone pastes it.

Grants are what the database would refuse with 42501; RLS policies are `kit verify`'s part.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kit.catalog import Grants

if TYPE_CHECKING:
    from kit.model.builder import ToolBuilder

HINT = "grant it in a migration (supabase/migrations), or take it out of the tool"


def check_grants(builder: ToolBuilder, role: str, select: tuple[str, ...]) -> None:
    spec = builder.spec
    if spec.operation == "rpc":
        fn = builder.function
        if fn is not None and role not in fn.executors:
            builder.problem(f"role {role} may not EXECUTE {fn.qualified}", "function", hint=HINT)
        return
    grants = builder.table.grants.get(role, Grants())
    name = builder.table.name
    known = set(builder.table.column_names)  # unknown columns are reported elsewhere
    read = (set(select) | {f.target for f in spec.filters}) & known
    _need(builder, role, "SELECT", name, read - grants.select)
    written = ({c.target for c in spec.columns} | {n for n, _ in spec.values}) & known
    if spec.operation in ("create", "upsert"):
        _need(builder, role, "INSERT", name, written - grants.insert)
    if spec.operation in ("update", "upsert"):
        _need(builder, role, "UPDATE", name, written - grants.update)
    if spec.operation == "delete" and not grants.delete:
        builder.problem(f"role {role} may not DELETE from {name}", "operation", hint=HINT)


def _need(builder: ToolBuilder, role: str, verb: str, table: str, missing: set[str]) -> None:
    if missing:
        columns = ", ".join(sorted(missing))
        builder.problem(f"role {role} may not {verb} {table} ({columns})", "operation", hint=HINT)
