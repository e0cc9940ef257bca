"""Append-only tables (`append_only: true` in the tool spec): verify keeps the rows a run wrote
there and says so, and still fails when such a table lost or changed a row, or shrank, and for
every other table."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
import respx

from kit.verify.cleanup import append_only_kept, created_rows_removed, undo
from kit.verify.context import Ledger, Session
from kit.verify.failure import Failure

from .helpers import REST, FakeTarget

LOG = f"{REST}/memory_log"
SOURCE = "tool_specs/memory_log.yaml"
REFUSED = {"code": "42501", "message": "memory_log is append-only: delete is not allowed"}


def run(step: Callable[[Session], Awaitable[Any]]) -> tuple[Session, Any]:
    async def go() -> tuple[Session, Any]:
        async with httpx.AsyncClient() as client:
            session = Session(client, FakeTarget(), append_only={"memory_log": SOURCE})
            return session, await step(session)

    return asyncio.run(go())


def created(*ids: str) -> Ledger:
    ledger = Ledger()
    for row_id in ids:
        ledger.add_created("memory_log", {"id": row_id})
    return ledger


@respx.mock
def test_rows_an_append_only_table_refuses_to_delete_are_kept_and_reported() -> None:
    deletes = respx.delete(LOG).respond(403, json=REFUSED)
    respx.get(LOG).respond(200, json=[{"id": "l1"}])

    async def step(session: Session) -> list[str]:
        await undo(session, created("l1", "l2"))
        await created_rows_removed(session)  # not "left behind": kept by design
        return await append_only_kept(session, {"memory_log": 10}, {"memory_log": 12})

    session, notes = run(step)
    assert deletes.call_count == 2  # still tried: the proof that the table refuses it
    assert session.kept == [("memory_log", {"id": "l1"}), ("memory_log", {"id": "l2"})]
    assert session.created == [] and session.undo_problems == []
    assert notes == [
        f"memory_log is append-only ({SOURCE}): 2 row(s) written by this run stay, by design"
    ]


@respx.mock
def test_a_table_declared_append_only_that_lets_verify_delete_fails() -> None:
    respx.delete(LOG).respond(204)
    respx.get(LOG).respond(200, json=[])  # the row is gone

    async def step(session: Session) -> None:
        await undo(session, created("l1"))
        await append_only_kept(session, {"memory_log": 10}, {"memory_log": 10})

    with pytest.raises(Failure) as caught:
        run(step)
    assert caught.value.title == "1 append-only violation(s)"
    assert "verify's DELETE removed it, so the table is not append-only" in caught.value.received


@respx.mock
def test_an_append_only_table_that_shrank_fails() -> None:
    with pytest.raises(Failure) as caught:
        run(lambda s: append_only_kept(s, {"memory_log": 10}, {"memory_log": 9}))
    assert "memory_log shrank from 10 to 9 rows" in caught.value.received


@respx.mock
def test_a_changed_row_of_an_append_only_table_fails_and_is_not_patched() -> None:
    respx.get(LOG).respond(200, json=[{"id": "l1", "reason": "edited"}])
    patch = respx.patch(LOG).respond(204)
    ledger = Ledger(changed=[("memory_log", {"id": "l1"}, {"id": "l1", "reason": "original"})])

    async def step(session: Session) -> None:
        await undo(session, ledger)
        await append_only_kept(session, {"memory_log": 10}, {"memory_log": 10})

    with pytest.raises(Failure) as caught:
        run(step)
    assert "memory_log row id=l1 changed: reason" in caught.value.received
    assert patch.call_count == 0


@respx.mock
def test_a_removed_row_of_an_append_only_table_fails_and_is_put_back() -> None:
    insert = respx.post(LOG).respond(201)
    ledger = Ledger(deleted=[("memory_log", {"id": "l1", "reason": "x"})])

    async def step(session: Session) -> None:
        await undo(session, ledger)
        await append_only_kept(session, {"memory_log": 10}, {"memory_log": 10})

    with pytest.raises(Failure) as caught:
        run(step)
    assert "memory_log lost a row: id=l1" in caught.value.received
    assert insert.call_count == 1


@respx.mock
def test_other_tables_still_fail_when_a_delete_is_refused() -> None:
    respx.delete(f"{REST}/memory").respond(403, json=REFUSED)
    respx.get(f"{REST}/memory").respond(200, json=[{"id": "m1"}])
    ledger = Ledger()
    ledger.add_created("memory", {"id": "m1"})

    async def step(session: Session) -> None:
        await undo(session, ledger)
        await created_rows_removed(session)

    with pytest.raises(Failure) as caught:
        run(step)
    assert (
        caught.value.title == "1 row(s) verify created could not be deleted: the database refused"
    )
    assert "memory id=m1: 403" in caught.value.received
