"""Fixtures for the REST gateway: its own provisioned PostgreSQL and the real server on 127.0.0.1.

The gateway tests write freely, so they get a database of their own (the flagship schema and
seed plus tests/rest/fixtures.sql) instead of the session database other tests read.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jwt
import psycopg
import pytest
import uvloop

from kit.project import Project
from kit.rest.app import create_app
from kit.rest.config import (
    DEFAULT_JWT_SECRET,
    DEFAULT_PUBLISHABLE_KEY,
    DEFAULT_SECRET_KEY,
    RestConfig,
)
from kit.rest.server import serving
from kit.stack.database import provision
from kit.stack.postgres import PostgresServer, free_port

FIXTURES = Path(__file__).with_name("fixtures.sql")
SECRET = DEFAULT_SECRET_KEY
PUBLISHABLE = DEFAULT_PUBLISHABLE_KEY


def token(role: str | None = "service_role", **claims: Any) -> str:
    body = {"exp": int(time.time()) + 600, **claims}
    if role is not None:
        body["role"] = role
    return jwt.encode(body, DEFAULT_JWT_SECRET, "HS256")


@pytest.fixture(scope="session")
def rest_db(kit_project: Project) -> Iterator[PostgresServer]:
    # Not under pytest's tmp root: another pytest session resets it to 0700, and as root the
    # server runs as a system user that must still reach its data directory.
    home = Path(tempfile.mkdtemp(prefix="kit-rest-"))
    server = PostgresServer(home / "data", port=free_port(), durable=False)
    try:
        provision(kit_project, server)
        with psycopg.connect(server.dsn(), autocommit=True) as conn:
            conn.execute(FIXTURES.read_text())
        yield server
    finally:
        server.destroy()
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def rest_config(rest_db: PostgresServer) -> RestConfig:
    return RestConfig(db_url=rest_db.dsn(user="authenticator"))


@pytest.fixture(scope="session")
def rest_url(rest_config: RestConfig) -> Iterator[str]:
    """The gateway's server (kit.rest.server) on a free 127.0.0.1 port, in a thread of its own
    and on uvloop, as `python -m kit.rest` runs it; stopped after the session."""
    urls: list[str] = []
    ready = threading.Event()
    loop = uvloop.new_event_loop()
    stop = asyncio.Event()

    async def serve() -> None:
        async with serving(create_app(rest_config)) as url:
            urls.append(url)
            ready.set()
            await stop.wait()

    thread = threading.Thread(target=loop.run_until_complete, args=(serve(),), daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not ready.wait(0.02):
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the REST gateway did not start")
    try:
        yield urls[0]
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(timeout=10)
        loop.close()


@pytest.fixture(scope="session")
def http(rest_url: str) -> Iterator[httpx.Client]:
    """Raw HTTP with the secret key (service_role)."""
    with httpx.Client(base_url=rest_url + "/rest/v1", headers={"apikey": SECRET}) as client:
        yield client


@pytest.fixture
def db(rest_db: PostgresServer) -> Iterator[psycopg.Connection]:
    """A direct connection as postgres, to check what the gateway did."""
    with psycopg.connect(rest_db.dsn(), autocommit=True) as conn:
        yield conn


def assert_canonical_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """The one error contract: status, JSON content type, exactly {code, details, hint, message}."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "details", "hint", "message"}, body
    assert body["code"] == code, body
    assert isinstance(body["message"], str) and body["message"]
    return body
