"""Whole-table snapshots, for writes verify cannot see into: an RPC may insert, update or delete
rows anywhere. Every table with a primary key is read (service key) before and after the call;
the difference goes into the case's ledger, so cleanup deletes what it inserted, restores what
it changed and puts back what it deleted.

The same snapshot, taken before the writes, is the final sweep's reference: after every tool,
whatever no ledger caught (a trigger writing another table) is undone too. Only on a local
stack: on a shared hosted database the difference could hold other users' writes, so there an
RPC's writes are not undone and the row-count check reports what was left. Tables over
`MAX_ROWS` are not snapshotted (too slow).
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from kit.verify.context import Ledger, Session, key_of

MAX_ROWS = 5000
PAGE = 1000  # PostgREST's usual max_rows: read in pages

Snapshot = dict[str, dict[str, dict[str, Any]]]  # table → frozen key → row


async def take(session: Session) -> Snapshot:
    live = session.live
    if live is None:
        return {}
    found: Snapshot = {}
    tables = sorted((t, k) for t, k in live.primary_keys.items() if k)
    read = await asyncio.gather(*(_rows(session, t, k) for t, k in tables))
    for (table, key), rows in zip(tables, read, strict=True):
        if rows is not None:
            found[table] = {_frozen(key_of(r, key)): r for r in rows}
    return found


async def _rows(session: Session, table: str, key: tuple[str, ...]) -> list[dict[str, Any]] | None:
    rows: list[dict[str, Any]] = []
    order = ",".join(key)
    while len(rows) <= MAX_ROWS:
        query = {"select": "*", "order": order, "limit": str(PAGE), "offset": str(len(rows))}
        try:
            page = await session.service_rows(table, query)
        except httpx.HTTPStatusError:
            return None
        rows += page
        if len(page) < PAGE:
            return rows
    return None


def difference(before: Snapshot, after: Snapshot, session: Session) -> Ledger:
    """What changed between two snapshots, as a ledger; parents' rows are created first so
    that undo (newest first) deletes children before them."""
    live = session.live
    ledger = Ledger()
    tables = sorted(set(before) & set(after), key=lambda t: (live.depth(t) if live else 0, t))
    for table in tables:
        key = live.primary_keys[table] if live else ("id",)
        old, new = before[table], after[table]
        for frozen, row in new.items():
            if frozen not in old:
                ledger.add_created(table, key_of(row, key) or {})
            elif row != old[frozen]:
                ledger.changed.append((table, key_of(row, key) or {}, old[frozen]))
        ledger.deleted += [(table, row) for frozen, row in old.items() if frozen not in new]
    return ledger


def _frozen(key: dict[str, Any] | None) -> str:
    return repr(sorted((key or {}).items()))
