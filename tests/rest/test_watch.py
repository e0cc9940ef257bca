"""watch.py: one read watch per connection, kept across round trips, never left on a socket
that is gone, and never in the way of psycopg's own waits on the same connection."""

from __future__ import annotations

import asyncio
import gc
import os
from collections.abc import Awaitable, Callable
from typing import Any

import psycopg
import pytest
import uvloop

from kit.rest.roundtrip import exchange, settings_statement, statement
from kit.rest.watch import Watch, _watches
from kit.stack.postgres import PostgresServer
from tests.rest.conftest import token

FIRST = settings_statement([("role", "anon")])
# The gateway runs on uvloop; asyncio's own loop reports readiness a turn late (see watch.py).
LOOPS = pytest.mark.parametrize("run", [uvloop.run, asyncio.run], ids=["uvloop", "asyncio"])
WHO = statement("SELECT null::bigint, 1, current_user::text, null::bigint, null::text", {})


def _open(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return False
    return True


def _live_watches() -> int:
    gc.collect()
    return sum(isinstance(o, Watch) for o in gc.get_objects())


async def _connect(server: PostgresServer) -> psycopg.AsyncConnection:
    dsn = server.dsn(user="authenticator")
    return await psycopg.AsyncConnection.connect(dsn, autocommit=True)


Body = Callable[[psycopg.AsyncConnection[Any]], Awaitable[None]]


def _on_connection(server: PostgresServer, run: Callable[[Any], object], body: Body) -> None:
    """`body` on a connection that has made one round trip (so it has its watch)."""

    async def main() -> None:
        conn = await _connect(server)
        try:
            await exchange(conn, FIRST, WHO)
            await body(conn)
        finally:
            await conn.close()

    run(main())


async def _who(conn: psycopg.AsyncConnection[Any]) -> bytes:
    """The role a round trip ran as; within 5 s, so a lost wake-up fails instead of hanging."""
    row = await asyncio.wait_for(exchange(conn, FIRST, WHO), 5)
    return bytes(row[2])


@LOOPS
def test_one_watch_serves_every_round_trip(
    rest_db: PostgresServer, run: Callable[[Any], object]
) -> None:
    async def body(conn: psycopg.AsyncConnection[Any]) -> None:
        kept = _watches[conn]
        for _ in range(50):
            assert await _who(conn) == b"anon"
        assert _watches[conn] is kept and _open(kept.fd)
        assert kept.fd != conn.fileno()  # a duplicate: libpq keeps its own descriptor

    _on_connection(rest_db, run, body)


@LOOPS
def test_psycopg_reading_the_same_connection_between_round_trips(
    rest_db: PostgresServer, run: Callable[[Any], object]
) -> None:
    """A transaction run by psycopg itself (as transaction.py does) makes the socket readable
    while no round trip waits: the watch steps aside and the next round trip watches anew."""

    async def body(conn: psycopg.AsyncConnection[Any]) -> None:
        first_watch = _watches[conn]
        before = _live_watches()
        for n in range(50):
            cur = await conn.execute("SELECT %s::int + 1", [n])
            assert await cur.fetchone() == (n + 1,)
            assert await _who(conn) == b"anon"
        # Replaced watches are let go (closed, not kept alive by the connection).
        assert first_watch.fd < 0 or _watches[conn] is first_watch
        assert _live_watches() <= before + 1

    _on_connection(rest_db, run, body)


@LOOPS
def test_server_ending_an_idle_connection_closes_the_watch(
    rest_db: PostgresServer, run: Callable[[Any], object]
) -> None:
    async def body(conn: psycopg.AsyncConnection[Any]) -> None:
        kept = _watches[conn]
        async with await psycopg.AsyncConnection.connect(rest_db.dsn(), autocommit=True) as admin:
            await admin.execute("SELECT pg_terminate_backend(%s)", [conn.info.backend_pid])
        for _ in range(100):  # the loop runs: the watch sees the socket end
            if kept.fd < 0:
                break
            await asyncio.sleep(0.01)
        assert kept.fd < 0
        with pytest.raises(psycopg.OperationalError):
            await _who(conn)
        assert conn.closed and conn not in _watches

    _on_connection(rest_db, run, body)


@LOOPS
def test_a_dropped_connection_takes_its_watch_along(
    rest_db: PostgresServer, run: Callable[[Any], object]
) -> None:
    async def body() -> None:
        conns = [await _connect(rest_db) for _ in range(4)]
        fds = []
        for conn in conns:
            await exchange(conn, FIRST, WHO)
            fds.append(_watches[conn].fd)
        assert all(_open(fd) for fd in fds)
        for conn in conns:
            await conn.close()  # as the pool closes one: the watch is not told
        del conn, conns
        gc.collect()
        assert not any(_open(fd) for fd in fds)

    run(body())


def test_gateway_alternating_hot_path_and_transactions(http: Any) -> None:
    """Through the served gateway: reads on the one-round-trip path alternate with reads that
    run in a psycopg transaction (count=planned) on the same pooled connections; every answer
    is right and the process's descriptors do not grow."""
    auth = {"apikey": token()}

    def fds() -> int:
        return len(os.listdir("/proc/self/fd"))

    query = {"select": "id", "order": "id"}
    for _ in range(20):  # warm: every pooled connection and its watch exist
        expected = http.get("/directors", params=query, headers=auth).json()
    start = fds()
    for n in range(200):
        planned = n % 2 == 1
        headers = {**auth, "Prefer": "count=planned"} if planned else auth
        got = http.get("/directors", params=query, headers=headers)
        assert got.status_code in (200, 206), got.text
        assert got.json() == expected
        assert got.headers["content-range"].endswith("/*") is not planned
    assert fds() <= start + 2


@LOOPS
def test_a_connection_that_met_an_error_is_freed_at_once(
    rest_db: PostgresServer, run: Callable[[Any], object]
) -> None:
    """No reference cycle through the raised error keeps a dropped connection (and its
    watch) alive until a cyclic collection, which could run in another thread."""

    async def body() -> None:
        conn = await _connect(rest_db)
        with pytest.raises(psycopg.errors.DivisionByZero):
            await exchange(conn, FIRST, statement("SELECT 1/0, 1, '', 1, ''", {}))
        kept = _watches[conn]
        await conn.close()
        gc.disable()
        try:
            del conn
            assert kept.fd < 0
        finally:
            gc.enable()

    run(body())
