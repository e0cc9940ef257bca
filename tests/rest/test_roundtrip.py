"""roundtrip.exchange against the real database: prepared once per connection, one
transaction for both statements, errors as psycopg raises them, values never in the text."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import psycopg
import pytest

from kit.rest.errors import ApiError
from kit.rest.roundtrip import (
    _names,
    exchange,
    replaceable,
    settings_statement,
    statement,
    with_value,
)
from kit.stack.postgres import PostgresServer

ROW_SQL = (
    "SELECT null::bigint AS total, 1 AS page_total, current_setting(%(p0)s) || %(p1)s AS body, "
    "null::bigint AS inserted, null::text AS h, '100%%' AS s"
)


Body = Callable[[psycopg.AsyncConnection], Awaitable[None]]


def on_connection(server: PostgresServer, body: Body) -> None:
    async def run() -> None:
        dsn = server.dsn(user="authenticator")
        async with await psycopg.AsyncConnection.connect(dsn, autocommit=True) as conn:
            await body(conn)

    asyncio.run(run())


def test_settings_and_statement_share_one_transaction(rest_db: PostgresServer) -> None:
    on_connection(rest_db, _one_transaction)


def test_error_reply_keeps_the_connection(rest_db: PostgresServer) -> None:
    on_connection(rest_db, _errors)


async def _one_transaction(conn: psycopg.AsyncConnection) -> None:
    first = settings_statement([("request.method", "GET"), ("role", "service_role")])
    for n in range(3):  # Parse once, then Bind/Execute on the same names
        second = statement(ROW_SQL, {"p0": "request.method", "p1": f"'; drop {n}"})
        row = await exchange(conn, first, second)
        assert row == (None, 1, f"GET'; drop {n}".encode(), None, None, "100%")
    assert len(_names[conn][1]) == 2
    assert b"$1" in first.text and b"GET" not in first.text
    # Transaction-local: nothing survives the Sync.
    cur = await conn.execute("SELECT current_user, current_setting('request.method', true)")
    assert await cur.fetchone() == ("authenticator", "")


async def _errors(conn: psycopg.AsyncConnection) -> None:
    first = settings_statement([("role", "anon")])
    bad = statement("SELECT 1/%(p0)s", {"p0": 0})
    with pytest.raises(psycopg.errors.DivisionByZero):
        await exchange(conn, first, bad)
    broken = statement("SELECT * FROM no_such_table_x", {})
    with pytest.raises(psycopg.errors.UndefinedTable):
        await exchange(conn, first, broken)
    # The failed Parse is not recorded; the connection is idle and usable.
    assert all(b"no_such_table_x" not in key[0] for key in _names[conn][1])
    ok = statement(ROW_SQL, {"p0": "role", "p1": ""})
    assert (await exchange(conn, first, ok))[2] == b"anon"
    assert conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE


def test_nul_in_a_setting_is_refused() -> None:
    with pytest.raises(ApiError) as err:
        settings_statement([("request.path", "/a\x00b")])
    assert err.value.status == 400


def test_a_kept_statement_takes_a_new_body_as_a_fresh_dump_would() -> None:
    sql = "SELECT %(p0)s, %(payload)s::json, %(p1)s, %(p0)s"
    first = '[{"a": 1}]'
    kept = statement(sql, {"p0": 1, "payload": first, "p1": "x"})
    at = replaceable(sql, kept, "payload", first)
    assert at == 1
    for body in ('[{"a": "\u00e9t\u00e9"}]', "[]", '[{"b": null, "c": [1, 2]}]'):
        fresh = statement(sql, {"p0": 1, "payload": body, "p1": "x"})
        assert with_value(kept, at, body) == fresh
    with pytest.raises(ApiError):
        with_value(kept, at, '["\x00"]')
    assert replaceable(sql, kept, "absent", first) is None
    assert replaceable(sql, kept, "payload", "[]") is None  # not what went out: not reused
