"""KeepingPool (pools.py) keeps idle connections out of psycopg's pool between requests: it
must lose nothing psycopg's pool gives (waiters served, broken connections replaced, ages
checked, connections closed on close), on a real PostgreSQL."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import psycopg
import pytest
from psycopg_pool import AsyncConnectionPool

from kit.rest import pools
from kit.rest.pools import KeepingPool
from kit.stack.postgres import PostgresServer

NAME = "kit-keeping-pool-test"


@asynccontextmanager
async def opened(server: PostgresServer, **options: Any) -> AsyncIterator[KeepingPool]:
    pool = KeepingPool(
        server.dsn(user="authenticator"),
        kwargs={"autocommit": True, "application_name": NAME},
        open=False,
        **options,
    )
    await pool.open()
    try:
        yield pool
    finally:
        await pool.close()


async def pid(conn: psycopg.AsyncConnection[Any]) -> int:
    row = await (await conn.execute("select pg_backend_pid()")).fetchone()
    assert row is not None
    return int(row[0])


def backends(server: PostgresServer) -> list[int]:
    with psycopg.connect(server.dsn(), autocommit=True) as conn:
        rows = conn.execute(
            "select pid from pg_stat_activity where application_name = %s", [NAME]
        ).fetchall()
    return [r[0] for r in rows]


def test_idle_connections_are_kept_then_given_back(rest_db: PostgresServer) -> None:
    async def run() -> None:
        async with opened(rest_db, min_size=2, max_size=2) as pool:
            conn = await pool.getconn()
            first = await pid(conn)
            await pool.putconn(conn)
            assert list(pool._kept_conns) == [conn]  # kept at hand, not returned through psycopg
            again = await pool.getconn()
            assert again is conn and await pid(again) == first
            await pool.putconn(again)
            async with pool.connection() as inside:  # a kept one through the context manager
                assert inside is conn
            assert not conn.closed and list(pool._kept_conns) == [conn]
            deadline = time.monotonic() + pools.KEEP_FOR + 3  # a loaded machine is slow
            while pool._kept_conns and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            assert not pool._kept_conns  # given back after KEEP_FOR
            assert pool.get_stats()["pool_available"] == 2

    asyncio.run(run())


def test_a_client_waiting_in_psycopg_gets_the_returned_connection(
    rest_db: PostgresServer,
) -> None:
    async def run() -> None:
        async with opened(rest_db, min_size=1, max_size=1, timeout=5) as pool:
            held = await pool.getconn()
            waiter = asyncio.create_task(pool.getconn())
            await asyncio.sleep(0.1)
            assert not waiter.done()
            started = time.monotonic()
            await pool.putconn(held)  # not kept: someone waits for it
            got = await asyncio.wait_for(waiter, 2)
            assert got is held and time.monotonic() - started < 1
            assert not pool._kept_conns
            await pool.putconn(got)
            async with pool.connection() as conn:  # the context manager takes the same path
                assert await pid(conn) > 0

    asyncio.run(run())


def test_connections_that_are_not_idle_are_not_kept(rest_db: PostgresServer) -> None:
    async def run() -> None:
        async with opened(rest_db, min_size=1, max_size=1) as pool:
            conn = await pool.getconn()
            await conn.execute("begin")
            await conn.execute("create temporary table kept_probe (x int)")
            await pool.putconn(conn)  # in a transaction: psycopg rolls it back
            assert not pool._kept_conns
            again = await pool.getconn()
            assert again.pgconn.transaction_status == psycopg.pq.TransactionStatus.IDLE
            await again.close()
            await pool.putconn(again)  # closed: psycopg replaces it
            assert not pool._kept_conns
            fresh = await pool.getconn()
            assert not fresh.closed and await pid(fresh) > 0
            await pool.putconn(fresh)

    asyncio.run(run())


def test_check_and_close_cover_kept_connections(rest_db: PostgresServer) -> None:
    async def run() -> None:
        async with opened(rest_db, min_size=1, max_size=1) as pool:
            conn = await pool.getconn()
            dead = await pid(conn)
            await pool.putconn(conn)
            assert list(pool._kept_conns) == [conn]
            with psycopg.connect(rest_db.dsn(), autocommit=True) as admin:
                admin.execute("select pg_terminate_backend(%s)", [dead])
            await pool.check()  # the kept connection is checked too, found dead, replaced
            async with pool.connection() as fresh:
                assert await pid(fresh) != dead
            assert backends(rest_db)
        assert backends(rest_db) == []  # closing closed what was kept

    asyncio.run(run())


@pytest.mark.parametrize("back_to_back", [False, True], ids=["with-turns", "back-to-back"])
def test_kept_connections_still_expire(
    rest_db: PostgresServer, monkeypatch: pytest.MonkeyPatch, back_to_back: bool
) -> None:
    """psycopg replaces a connection past its lifetime: with turns of the loop between uses
    (the give-back timer runs), and taken and returned back to back with none (a client that
    pipelines: a connection out longer than KEEP_FOR goes back when returned)."""
    monkeypatch.setattr(pools, "KEEP_FOR", 0.1)

    async def run() -> None:
        async with opened(rest_db, min_size=1, max_size=1, max_lifetime=0.3) as pool:
            seen = set()
            deadline = time.monotonic() + 3
            while time.monotonic() < deadline and len(seen) < 2:
                if back_to_back:
                    conn = await pool.getconn()
                    seen.add(conn.pgconn.backend_pid)
                    await pool.putconn(conn)
                else:
                    async with pool.connection() as conn:
                        seen.add(await pid(conn))
                    await asyncio.sleep(0.02)
            assert len(seen) >= 2

    asyncio.run(run())


def test_a_connection_returned_twice_or_to_another_pool_is_refused(
    rest_db: PostgresServer,
) -> None:
    """psycopg's pool refuses a connection returned twice or to a pool it does not come from
    (ValueError); kept, it would be handed to two requests at once."""

    async def run() -> None:
        async with (
            opened(rest_db, min_size=1, max_size=2) as pool,
            opened(rest_db, min_size=1, max_size=1) as other,
        ):
            conn = await pool.getconn()
            await pool.putconn(conn)
            with pytest.raises(ValueError):
                await pool.putconn(conn)
            first, second = await pool.getconn(), await pool.getconn()
            assert first is not second
            with pytest.raises(ValueError):
                await other.putconn(first)
            assert not other._kept_conns
            await pool.putconn(first)
            await pool.putconn(second)

    asyncio.run(run())


def test_what_is_kept_during_a_slow_give_back_gets_its_own_turn(
    rest_db: PostgresServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pools, "KEEP_FOR", 0.05)
    slow = {"left": 1}
    plain_putconn = AsyncConnectionPool.putconn

    async def slow_once(self: Any, conn: Any) -> None:
        if slow["left"]:
            slow["left"] -= 1
            await asyncio.sleep(0.3)  # a give-back that outlasts KEEP_FOR
        await plain_putconn(self, conn)

    monkeypatch.setattr(AsyncConnectionPool, "putconn", slow_once)

    async def run() -> None:
        async with opened(rest_db, min_size=2, max_size=2) as pool:
            first = await pool.getconn()
            await pool.putconn(first)  # kept; its turn starts at 0.05 s and takes 0.3 s
            await asyncio.sleep(0.1)
            second = await pool.getconn()  # the other one, from psycopg's pool
            await pool.putconn(second)  # kept while that turn runs
            assert list(pool._kept_conns) == [second]
            deadline = time.monotonic() + 3
            while time.monotonic() < deadline and (
                pool._kept_conns or pool.get_stats()["pool_available"] < 2
            ):
                await asyncio.sleep(0.02)
            assert not pool._kept_conns  # no further request needed to give it back
            assert pool.get_stats()["pool_available"] == 2

    asyncio.run(run())
