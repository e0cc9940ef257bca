"""The gateway survives its database restarting: dead pooled connections are replaced, and no
write it acknowledged is lost."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from pathlib import Path

import httpx
import psycopg

from kit.project import Project
from kit.rest.app import create_app
from kit.rest.config import RestConfig
from kit.rest.server import serving
from kit.stack.database import provision
from kit.stack.postgres import PostgresServer, free_port
from tests.rest.conftest import SECRET


def test_reads_survive_a_database_restart(kit_project: Project) -> None:
    home = Path(tempfile.mkdtemp(prefix="kit-rest-restart-"))
    server = PostgresServer(home / "data", port=free_port(), durable=False)
    try:
        provision(kit_project, server)
        config = RestConfig(db_url=server.dsn(user="authenticator"), pool_min=2, pool_max=2)
        asyncio.run(_read_across_restart(config, server))
    finally:
        server.destroy()
        shutil.rmtree(home, ignore_errors=True)


async def _read_across_restart(config: RestConfig, server: PostgresServer) -> None:
    async with serving(create_app(config)) as url:
        async with httpx.AsyncClient(
            base_url=url + "/rest/v1", headers={"apikey": SECRET}
        ) as client:
            first = await client.get("/conversations?select=id&limit=1")
            assert first.status_code == 200
            server.stop()
            server.start()
            for _ in range(3):  # every pooled connection died; each read gets a fresh one
                again = await client.get("/conversations?select=id&limit=1")
                assert again.status_code == 200, again.text
                assert again.json() == first.json()


def test_no_acknowledged_write_is_lost_across_a_restart(kit_project: Project) -> None:
    """Eight writers insert while the database stops and starts again: every 201 is a row
    afterwards, failures during the outage are answered (no hang, no 5xx other than the
    database's absence), and writes succeed again once it is back."""
    home = Path(tempfile.mkdtemp(prefix="kit-rest-restart-"))
    server = PostgresServer(home / "data", port=free_port(), durable=False)
    try:
        provision(kit_project, server)
        config = RestConfig(db_url=server.dsn(user="authenticator"), pool_min=2, pool_max=8)
        acknowledged, after = asyncio.run(_write_across_restart(config, server))
        with psycopg.connect(server.dsn(), autocommit=True) as conn:
            rows = conn.execute("select title from public.conversations where title like 'w-%'")
            stored = {title for (title,) in rows}
    finally:
        server.destroy()
        shutil.rmtree(home, ignore_errors=True)
    assert acknowledged and acknowledged <= stored, acknowledged - stored
    assert after, "no write succeeded after the database came back"


async def _write_across_restart(
    config: RestConfig, server: PostgresServer
) -> tuple[set[str], list[str]]:
    acknowledged: set[str] = set()
    after: list[str] = []
    restarted = asyncio.Event()
    async with serving(create_app(config)) as url:
        async with httpx.AsyncClient(
            base_url=url + "/rest/v1", headers={"apikey": SECRET}, timeout=10
        ) as client:

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
