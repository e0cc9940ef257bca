"""The gateway survives its database restarting: dead pooled connections are replaced, and no
write it acknowledged is lost."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from kit.project import Project
from kit.rest.app import create_app
from kit.rest.config import RestConfig
from kit.rest.outage import _answered
from kit.rest.server import serving
from kit.stack.database import provision
from kit.stack.postgres import PostgresServer, free_port
from tests.rest.conftest import SECRET

READ = "/conversations?select=id&limit=1"


@pytest.fixture
def own_db(kit_project: Project) -> Iterator[PostgresServer]:
    """The flagship on a database of the test's own, which it may stop and start."""
    home = Path(tempfile.mkdtemp(prefix="kit-rest-restart-"))
    server = PostgresServer(home / "data", port=free_port(), durable=False)
    try:
        provision(kit_project, server)
        yield server
    finally:
        server.destroy()
        shutil.rmtree(home, ignore_errors=True)


def config_for(server: PostgresServer, **pool: Any) -> RestConfig:
    return RestConfig(db_url=server.dsn(user="authenticator"), **pool)


@contextlib.asynccontextmanager
async def client_of(config: RestConfig, timeout: float = 30) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client of a gateway served for `config` (stopped on exit)."""
    async with serving(create_app(config)) as url:
        async with httpx.AsyncClient(
            base_url=url + "/rest/v1", headers={"apikey": SECRET}, timeout=timeout
        ) as client:
            yield client


def test_reads_survive_a_database_restart(own_db: PostgresServer) -> None:
    asyncio.run(_read_across_restart(config_for(own_db, pool_min=2, pool_max=2), own_db))


async def _read_across_restart(config: RestConfig, server: PostgresServer) -> None:
    async with client_of(config, timeout=5) as client:
        first = await client.get(READ)
        assert first.status_code == 200
        server.stop()
        server.start()
        root = await client.get("/")  # on a dead connection: PostgREST's 503, not a 500
        assert root.status_code == 200 or root.json()["code"] == "PGRST001", root.text
        for _ in range(3):  # every pooled connection died; each read gets a fresh one
            again = await client.get(READ)
            assert again.status_code == 200, again.text
            assert again.json() == first.json()


def test_no_acknowledged_write_is_lost_across_a_restart(own_db: PostgresServer) -> None:
    """Eight writers insert while the database stops and starts again: every 201 is a row
    afterwards, failures during the outage are answered (no hang, no 5xx other than the
    database's absence), and writes succeed again once it is back."""
    config = config_for(own_db, pool_min=2, pool_max=8)
    acknowledged, after = asyncio.run(_write_across_restart(config, own_db))
    with psycopg.connect(own_db.dsn(), autocommit=True) as conn:
        rows = conn.execute("select title from public.conversations where title like 'w-%'")
        stored = {title for (title,) in rows}
    assert acknowledged and acknowledged <= stored, acknowledged - stored
    assert after, "no write succeeded after the database came back"


async def _write_across_restart(
    config: RestConfig, server: PostgresServer
) -> tuple[set[str], list[str]]:
    acknowledged: set[str] = set()
    after: list[str] = []
    restarted = asyncio.Event()
    async with client_of(config, timeout=10) as client:

        async def writer(w: int) -> None:
            for i in range(10_000):
                if restarted.is_set() and len(after) >= 8:
                    return
                title = f"w-{w}-{i}"
                r = await client.post(
                    "/conversations", json={"user_id": "user_ada", "title": title}
                )
                if r.status_code == 201:
                    acknowledged.add(title)
                    if restarted.is_set():
                        after.append(title)
                else:  # the database away: PostgREST's 503 for a lost connection
                    assert r.status_code in (503, 504), r.text
                    await asyncio.sleep(0.01)

        async def restart() -> None:
            await asyncio.sleep(0.3)
            await asyncio.to_thread(server.stop)
            await asyncio.to_thread(server.start)
            restarted.set()

        await asyncio.wait_for(
            asyncio.gather(restart(), *(writer(w) for w in range(8))), timeout=60
        )
    return acknowledged, after


def test_an_outage_is_answered_at_once_and_ends_when_the_database_returns(
    own_db: PostgresServer,
) -> None:
    """While the database is down every request gets PostgREST's 503 PGRST000 at once (not
    the pool's 10 s wait and 504); once it is back, requests succeed within a second or two,
    not after the pool's back-off, however long the outage lasted."""
    asyncio.run(_outage(config_for(own_db, pool_min=2, pool_max=4), own_db))


async def _outage(config: RestConfig, server: PostgresServer) -> None:
    async with client_of(config) as client:
        assert (await client.get(READ)).status_code == 200
        server.stop()
        for attempt in range(6):
            started = time.monotonic()
            if attempt % 2:
                got = await client.post("/conversations", json={"user_id": "u-outage"})
            else:
                got = await client.get(READ)
            assert time.monotonic() - started < 3, "answered at once, not after a wait"
            assert got.status_code == 503, got.text
            body = got.json()
            assert body["code"] in ("PGRST000", "PGRST001"), body
            await asyncio.sleep(0.5)  # an outage long enough for the pool's back-off to grow
        assert body["code"] == "PGRST000" and body["message"] == "Database connection error."
        assert "connection" in (body["details"] or "")
        server.start()
        back = time.monotonic()
        while True:
            got = await client.get(READ)
            if got.status_code == 200:
                break
            assert got.status_code == 503, got.text
            assert time.monotonic() - back < 5, "the gateway did not come back"
            await asyncio.sleep(0.1)
        assert time.monotonic() - back < 3
        made = await client.post("/conversations", json={"user_id": "u-outage"})
        assert made.status_code == 201, made.text
        counted = await client.get(READ, headers={"Prefer": "count=planned"})  # BEGIN..COMMIT
        assert counted.status_code in (200, 206), counted.text


def test_a_busy_pool_is_not_an_outage(own_db: PostgresServer) -> None:
    """Requests timing out for a connection while the server refuses more ("too many
    connections"): 504 PGRST003 as PostgREST answers, never a 503 outage that outlives it."""
    with psycopg.connect(own_db.dsn(), autocommit=True) as conn:
        conn.execute(
            "create function public.nap(s float8) returns int language sql"
            " as $$ select 1 from pg_sleep(s) $$"
        )
        # The listener and the pool's two: a probe is refused with 53300.
        conn.execute("alter role authenticator connection limit 3")
    asyncio.run(_busy(config_for(own_db, pool_min=2, pool_max=2, pool_timeout=0.4)))


async def _busy(config: RestConfig) -> None:
    async with client_of(config) as client:
        assert (await client.get(READ)).status_code == 200
        naps = [asyncio.create_task(client.post("/rpc/nap", json={"s": 1.5})) for _ in "ab"]
        await asyncio.sleep(0.2)
        for _ in range(2):
            got = await client.get(READ)
            assert got.status_code == 504 and got.json()["code"] == "PGRST003", got.text
        assert [(await n).status_code for n in naps] == [200, 200]
        got = await client.get(READ)
        assert got.status_code == 200, got.text


def test_stopping_during_an_outage_leaves_nothing_behind(own_db: PostgresServer) -> None:
    asyncio.run(_stop_in_outage(config_for(own_db, pool_min=2, pool_max=2), own_db))
    own_db.start()
    time.sleep(1.5)  # a probe or pool left running would have connected by now
    with psycopg.connect(own_db.dsn(), autocommit=True) as conn:
        left = conn.execute(
            "select count(*) from pg_stat_activity where usename = 'authenticator'"
        ).fetchone()
    assert left == (0,)


async def _stop_in_outage(config: RestConfig, server: PostgresServer) -> None:
    async with client_of(config) as client:
        assert (await client.get(READ)).status_code == 200
        server.stop()
        got = await client.get(READ)
        assert got.status_code == 503, got.text
    assert not [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]


def test_what_counts_as_the_server_answering() -> None:
    refused = (
        'connection failed: connection to server at "127.0.0.1", port 5 failed: '
        "Connection refused\n\tIs the server running on that host and accepting connections?"
    )
    failed = 'connection to server at "127.0.0.1", port 5 failed: FATAL:  '
    starting = failed + "the database system is starting up"
    full = failed + 'too many connections for role "authenticator"'
    password = failed + 'password authentication failed for user "authenticator"'
    assert not _answered(psycopg.OperationalError(refused))
    assert not _answered(psycopg.OperationalError(starting))
    assert _answered(psycopg.OperationalError(full))
    assert _answered(psycopg.OperationalError(password))
