"""Before and after a write: which rows it targets, which it touched, what cleanup must undo.

Before the tool's request, the rows it targets are read with the service key (update and
delete: the tool's filters; upsert: the conflict key; create: rows equal to the values sent).
After it, the rows it touched are found (from the representation, else by the same query) and
written into the ledger: created rows to delete, changed rows to restore, deleted rows to add
back. Rows the write references through a foreign key are restored as well. An RPC that writes
may touch any table: whole-table snapshots before and after tell (`kit.verify.snapshot`).
"""

from __future__ import annotations

from typing import Any

import httpx

from kit.verify import snapshot
from kit.verify.case import Case, Filter
from kit.verify.context import CaseContext, key_of, rows_of

TRACKED = frozenset({"create", "upsert", "update", "delete"})


def target_params(case: Case) -> dict[str, str] | None:
    """PostgREST query for the rows a write targets; None when verify cannot tell."""
    if case.operation in ("update", "delete"):
        return {f.column: _filter_text(f) for f in case.filters} or None
    columns = case.on_conflict or case.primary_key
    if case.operation == "upsert" and all(c in case.sent for c in columns):
        return {c: f"eq.{case.sent[c]}" for c in columns}
    scalars = {k: v for k, v in case.sent.items() if _plain(v)}
    return {k: ("is.null" if v is None else f"eq.{v}") for k, v in scalars.items()} or None


async def before(case: Case, ctx: CaseContext) -> None:
    """Fill `ctx.before` (and the table's count for deletes) ahead of the tool's request.

    A table the service key cannot read (dropped, renamed) leaves it empty: the tool's own
    request then shows what is wrong."""
    if case.operation == "rpc":
        # RPC writes run one at a time, after every other write, and each is undone: the
        # tables are back at the snapshot taken before the writes (local stacks only).
        ctx.snapshot = ctx.session.baseline or {}
        return
    if case.operation not in TRACKED:
        return
    params = target_params(case)
    try:
        if params is not None:
            ctx.before = await ctx.session.service_rows(case.table, params)
        if case.operation == "delete":
            ctx.before_count = await ctx.session.count(case.table)
        await _parents(case, ctx)
    except httpx.HTTPStatusError:
        ctx.before = []


async def _parents(case: Case, ctx: CaseContext) -> None:
    """Rows the values sent point at through a foreign key, as they are before the write: a
    trigger may change them (a conversation's message_count and updated_at), so cleanup puts
    them back too."""
    live = ctx.session.live
    foreign_keys = live.foreign_keys.get(case.table, {}) if live else {}
    for column, value in case.sent.items():
        if column in foreign_keys and value is not None:
            table, referenced = foreign_keys[column]
            for row in await ctx.session.service_rows(table, {referenced: f"eq.{value}"}):
                ctx.parents.append((table, {referenced: value}, row))


async def record(case: Case, response: httpx.Response, ctx: CaseContext) -> None:
    """Find what the write touched and put it in the ledger for cleanup."""
    if case.operation == "rpc":
        if ctx.snapshot:
            after = await snapshot.take(ctx.session)
            ctx.ledger = snapshot.difference(ctx.snapshot, after, ctx.session)
        return
    if not response.is_success or case.operation not in TRACKED:
        return
    ledger = ctx.ledger
    if case.operation == "delete":
        # Only rows that are really gone are put back: a DELETE that a policy blocked answers
        # 2xx and removes nothing, and re-inserting its rows would clash with themselves.
        keys = [k for k in (key_of(r, case.primary_key) for r in ctx.before) if k is not None]
        still = {_frozen(key_of(r, case.primary_key)) for r in await _present(ctx, case, keys)}
        for row in ctx.before:
            if _frozen(key_of(row, case.primary_key)) not in still:
                ledger.deleted.append((case.table, row))
        return
    ledger.changed += ctx.parents
    ctx.affected = await touched(case, response, ctx)
    existing = {_frozen(key_of(r, case.primary_key)) for r in ctx.before}
    for key in ctx.affected:
        if _frozen(key) in existing:
            original = next(r for r in ctx.before if key_of(r, case.primary_key) == key)
            ledger.changed.append((case.table, key, original))
        else:
            ledger.add_created(case.table, key)


async def touched(case: Case, response: httpx.Response, ctx: CaseContext) -> list[dict[str, Any]]:
    """The keys of the rows the write touched: those of the representation when the tool asks
    for one (an empty array means none: RLS hid the row or the filter matched nothing, and the
    rows the filter matches for the service key were not written); else found by query."""
    keys = [key_of(r, case.primary_key) for r in rows_of(response)]
    if keys and all(k is not None for k in keys):
        return [k for k in keys if k is not None]
    if case.returns_representation and _is_array(response) and not keys:
        return []
    params = target_params(case)
    if params is None:
        return []
    rows = await ctx.session.service_rows(case.table, params)
    found = [key_of(r, case.primary_key) for r in rows]
    return [k for k in found if k is not None]


async def created_by_refusal_probe(case: Case, response: httpx.Response, ctx: CaseContext) -> None:
    """A write that should have been refused but succeeded: its rows must still be cleaned."""
    if response.is_success and case.operation in ("create", "upsert"):
        for row in rows_of(response):
            key = key_of(row, case.primary_key)
            if key is not None:
                ctx.ledger.add_created(case.table, key)


async def _present(
    ctx: CaseContext, case: Case, keys: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    try:
        return await ctx.session.rows_by_key(case.table, keys)
    except httpx.HTTPError:
        return []


def _is_array(response: httpx.Response) -> bool:
    try:
        return isinstance(response.json(), list)
    except ValueError:
        return False


def _filter_text(flt: Filter) -> str:
    value = flt.value
    if flt.op == "in" and isinstance(value, list | tuple):
        value = "(" + ",".join(str(v) for v in value) + ")"
    return f"{'not.' if flt.negated else ''}{flt.op}.{value}"


def _plain(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool) and len(str(value)) < 200


def _frozen(key: dict[str, Any] | None) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, str(v)) for k, v in (key or {}).items()))
