"""Undo what a run did, then prove it: created rows deleted, changed rows restored, deleted rows
put back (all with the service key, after each tool), and every table's row count as it was
before the run.

`created_rows_removed` and `row_counts_unchanged` are run-level checks, reported as the
`cleanup` line of the report. A table whose spec says `append_only: true` only grows by design
(a trigger refuses UPDATE and DELETE): the rows a run wrote there stay and are reported, and
`append_only_kept` fails instead if a row it had was changed or removed, or the table shrank.
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
    """Revert one case's ledger, newest first; what cannot be reverted goes to the session.

    A row created in an append-only table is kept, not counted as left behind; its DELETE is
    still sent, so that `append_only_kept` finds the row gone if the table is not append-only
    after all."""
    problems = session.undo_problems
    fixed = session.append_only
    for made in ledger.created:
        rows = session.kept if made[0] in fixed else session.created
        if made not in rows:
            rows.append(made)
    for table, key in reversed(ledger.created):
        response = await session.service_write("DELETE", table, key_params(key))
        if table not in fixed:
            _note(problems, response, f"delete {table} {key}")
    for table, key, original in reversed(ledger.changed):
        problems += await _restore(session, table, key, original)
    for table, row in ledger.deleted:  # parents first, so children find them
        if table in fixed:
            session.append_only_problems.append(f"{table} lost a row: {_short(row)}")
        response = await session.service_write("POST", table, {}, row)
        _note(problems, response, f"re-insert {table} {row.get('id', '')}")


async def _restore(
    session: Session, table: str, key: dict[str, Any], original: dict[str, Any]
) -> list[str]:
    current = await session.service_rows(table, key_params(key))
    if not current:
        if table in session.append_only:
            session.append_only_problems.append(f"{table} lost row {key}")
            return []
        return [f"restore {table} {key}: the row is gone"]
    changed = {c: v for c, v in original.items() if c not in key and not same(v, current[0].get(c))}
    if not changed:
        return []
    if table in session.append_only:  # an UPDATE is refused there: report, do not retry
        session.append_only_problems.append(
            f"{table} row {key} changed: {', '.join(sorted(changed))}"
        )
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


async def append_only_kept(
    session: Session, before: dict[str, int], after: dict[str, int]
) -> list[str]:
    """Every append-only table kept every row it had, unchanged, and did not shrink; the rows
    this run wrote stay by design. Returns one note per table that grew."""
    problems = list(session.append_only_problems)
    for table, key in session.kept:
        if not await session.service_rows(table, key_params(key)):
            problems.append(
                f"{table} {key}: verify's DELETE removed it, so the table is not append-only"
            )
    notes = []
    for table, source in sorted(session.append_only.items()):
        if table not in before or table not in after:
            continue
        grown = after[table] - before[table]
        if grown < 0:
            problems.append(f"{table} shrank from {before[table]} to {after[table]} rows")
        elif grown:
            notes.append(
                f"{table} is append-only ({source}): {grown} row(s) written by this run stay, "
                "by design"
            )
    if problems:
        raise Failure(
            f"{len(problems)} append-only violation(s)",
            expected="append-only tables only grow: no row changed or removed",
            received="; ".join(problems)[:600],
            explanation="the spec says `append_only: true`; a trigger refusing UPDATE and "
            "DELETE for every role makes it so (or remove the option)",
        )
    return notes


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


def _short(row: dict[str, Any]) -> str:
    return str(row.get("id", row))[:80]
