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
from kit.verify.explain import error_of
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
        if table not in fixed and not response.is_success:
            if await session.service_rows(table, key_params(key)):
                session.undo_refused.append(f"{table} {_key_text(key)}: {_refusal(response)}")
            # else: gone anyway (a cascade from a parent deleted first): nothing to report
    for table, key, original in reversed(ledger.changed):
        problems += await _restore(session, table, key, original)
    for table, row in ledger.deleted:  # parents first, so children find them
        if table in fixed:
            session.append_only_problems.append(f"{table} lost a row: {_short(row)}")
        response = await session.service_write("POST", table, {}, row)
        if response.status_code == 409 and await _unchanged(session, table, row):
            continue  # it was never removed after all
        _note(problems, response, f"re-insert {table} {_short(row)}")


async def _restore(
    session: Session, table: str, key: dict[str, Any], original: dict[str, Any]
) -> list[str]:
    current = await session.service_rows(table, key_params(key))
    if not current:
        if table in session.append_only:
            session.append_only_problems.append(f"{table} lost row {_key_text(key)}")
            return []
        return [f"restore {table} {_key_text(key)}: the row is gone"]
    changed = {c: v for c, v in original.items() if c not in key and not same(v, current[0].get(c))}
    if not changed:
        return []
    if table in session.append_only:  # an UPDATE is refused there: report, do not retry
        session.append_only_problems.append(
            f"{table} row {_key_text(key)} changed: {', '.join(sorted(changed))}"
        )
        return []
    response = await session.service_write("PATCH", table, key_params(key), changed)
    problems: list[str] = []
    _note(problems, response, f"restore {table} {_key_text(key)}")
    return problems


def _note(problems: list[str], response: httpx.Response, what: str) -> None:
    if not response.is_success:
        problems.append(f"{what}: {_refusal(response)}")


def _refusal(response: httpx.Response) -> str:
    """`403 42501: permission denied for table x`, from the error body (never a repr)."""
    error = error_of(response) or {}
    code = str(error.get("code") or "")
    message = str(error.get("message") or response.text[:160]).strip()
    return " ".join(part for part in (str(response.status_code), code) if part) + (
        f": {message}" if message else ""
    )


async def _unchanged(session: Session, table: str, row: dict[str, Any]) -> bool:
    key = {c: row[c] for c in ("id",) if c in row} or row
    current = await session.service_rows(table, key_params(key))
    return bool(current) and all(same(v, current[0].get(c)) for c, v in row.items())


async def created_rows_removed(session: Session) -> None:
    """Every row verify created (or changed, or deleted) is back as it was.

    Two different things fail here and are told apart: a DELETE the database refused (a
    policy, privilege or trigger forbids it: the message names which), and a row still there
    although every undo request was accepted (left behind: an RLS policy that filters the
    cleanup key's DELETE silently, or a write verify could not see)."""
    problems = session.undo_problems
    refused = session.undo_refused
    left = []
    for table, key in session.created:
        if await session.service_rows(table, key_params(key)):
            if not any(r.startswith(f"{table} {_key_text(key)}:") for r in refused):
                left.append(f"{table} {_key_text(key)}")
    if refused:
        raise Failure(
            f"{len(refused)} row(s) verify created could not be deleted: the database refused",
            expected="the service key's DELETE of each created row accepted",
            received="; ".join(refused)[:600],
            explanation="a policy, privilege or trigger forbids deleting these rows even with "
            "the service key (grant DELETE to service_role, or let the trigger allow it); "
            "until then remove them by hand",
        )
    if problems or left:
        title = (
            f"{len(left)} row(s) verify created were left behind"
            if left
            else f"{len(problems)} change(s) verify made could not be undone"
        )
        raise Failure(
            title,
            expected="every created row deleted, every changed row restored",
            received="; ".join([*problems, *(f"still there: {x}" for x in left)])[:600],
            explanation="every DELETE was accepted, yet the rows are there: a row-level "
            "security policy hides them from the cleanup key's DELETE (is the service key "
            "really the service_role key?), or a trigger re-created them; remove them by hand"
            if left and not problems
            else "the service key could not undo them (see each reason); fix it, then undo "
            "them by hand",
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
                f"{table} {_key_text(key)}: verify's DELETE removed it, so the table is not "
                "append-only"
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
    return _key_text({"id": row["id"]} if "id" in row else row)[:80]


def _key_text(key: dict[str, Any]) -> str:
    """`id=5` / `chat_id=a, message_id=b`: a key as people write it, never a Python repr."""
    return ", ".join(f"{c}={v}" for c, v in key.items())
