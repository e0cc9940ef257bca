"""Undo what a run did, then prove it: created rows deleted, changed rows restored, deleted rows
put back (all with the service key, after each tool), and every table's row count as it was
before the run.

`created_rows_removed` and `row_counts_unchanged` are run-level checks, reported as the
`cleanup` line of the report.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

import httpx

from kit.verify.context import Ledger, Session, key_params
from kit.verify.failure import Failure
from kit.verify.values import same


async def counts(session: Session, tables: Iterable[str]) -> dict[str, int]:
    """Rows per table; a table that cannot be counted (not in the database: drift says so) is
    left out."""
    names = sorted(set(tables))
    found = await asyncio.gather(*(session.count(t) for t in names), return_exceptions=True)
    return {t: n for t, n in zip(names, found, strict=True) if isinstance(n, int)}


async def undo(session: Session, ledger: Ledger) -> None:
    """Revert one case's ledger, newest first; what cannot be reverted goes to the session."""
    problems = session.undo_problems
    session.created += [c for c in ledger.created if c not in session.created]
    for table, key in reversed(ledger.created):
        response = await session.service_write("DELETE", table, key_params(key))
        _note(problems, response, f"delete {table} {key}")
    for table, key, original in reversed(ledger.changed):
        problems += await _restore(session, table, key, original)
    for table, row in ledger.deleted:  # parents first, so children find them
        response = await session.service_write("POST", table, {}, row)
        _note(problems, response, f"re-insert {table} {row.get('id', '')}")


async def _restore(
    session: Session, table: str, key: dict[str, Any], original: dict[str, Any]
) -> list[str]:
    current = await session.service_rows(table, key_params(key))
    if not current:
        return [f"restore {table} {key}: the row is gone"]
    changed = {c: v for c, v in original.items() if c not in key and not same(v, current[0].get(c))}
    if not changed:
        return []
    response = await session.service_write("PATCH", table, key_params(key), changed)
    problems: list[str] = []
    _note(problems, response, f"restore {table} {key}")
    return problems


def _note(problems: list[str], response: httpx.Response, what: str) -> None:
    if not response.is_success:
        problems.append(f"{what}: {response.status_code} {response.text[:200]}")


async def created_rows_removed(session: Session) -> None:
    """Every row verify created (or changed, or deleted) is back as it was."""
    problems = session.undo_problems
    left = []
    for table, key in session.created:
        if await session.service_rows(table, key_params(key)):
            left.append(f"{table} {key}")
    if problems or left:
        title = (
            f"{len(left)} row(s) verify created are still there"
            if left
            else f"{len(problems)} change(s) verify made could not be undone"
        )
        raise Failure(
            title,
            expected="every created row deleted, every changed row restored",
            received="; ".join([*problems, *(f"still there: {x}" for x in left)])[:600],
            explanation="the service key could not undo them; remove them by hand",
        )


def row_counts_unchanged(before: dict[str, int], after: dict[str, int]) -> None:
    """Every table has as many rows after the run as before it."""
    moved = {t: (before[t], after.get(t)) for t in before if after.get(t) != before[t]}
    if moved:
        raise Failure(
            f"row counts changed in {', '.join(sorted(moved))}",
            expected=", ".join(f"{t}: {b}" for t, (b, _) in sorted(moved.items())),
            received=", ".join(f"{t}: {a}" for t, (_, a) in sorted(moved.items())),
            explanation="a write verify could not track (no primary key in the response, an "
            "RPC or a trigger inserting elsewhere) left rows behind",
        )
