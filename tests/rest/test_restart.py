"""The gateway survives its database restarting: dead pooled connections are replaced."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from pathlib import Path

import httpx

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
