"""What one request may cost: body size and time, header time and size, response size, the
pool's wait, embeds under db-max-rows, and memory handed back after a large response."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import socket
import subprocess
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from urllib.parse import urlsplit

import httpx
import psycopg
import pytest

from kit.rest import limits
from kit.rest.app import create_app
from kit.rest.config import RestConfig
from kit.rest.server import serving
from tests.rest.conftest import SECRET, assert_canonical_error
from tests.rest.test_process import gateway_process, wait_for_port

SMALL = {
    "max_body_bytes": 1000,
    "body_timeout": 0.3,
    "max_response_bytes": 150,
    "pool_min": 1,
    "pool_max": 1,
    "pool_timeout": 0.3,
    "max_rows": 1,
}


def with_small_app(
    rest_config: RestConfig, body: Callable[[httpx.AsyncClient, object], Awaitable[None]]
) -> None:
    """`body(client, app)` against an in-process gateway with tiny limits."""
    config = dataclasses.replace(rest_config, **SMALL)  # type: ignore[arg-type]

    async def run() -> None:
        app = create_app(config)
        async with serving(app) as url:
            async with httpx.AsyncClient(
                base_url=url + "/rest/v1", headers={"apikey": SECRET}
            ) as client:
                await body(client, app)

    asyncio.run(run())


def test_request_body_limit(rest_config: RestConfig, db: psycopg.Connection) -> None:
    async def body(client: httpx.AsyncClient, app: object) -> None:
        r = await client.post("/items", json={"name": "x" * 2000})
        assert_canonical_error(r, 413, "KIT413")

        async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: counted as it comes
            yield b'{"name": "'
            for _ in range(10):
                yield b"y" * 200
            yield b'"}'

        r = await client.post("/items", content=chunks())
        assert_canonical_error(r, 413, "KIT413")

    with_small_app(rest_config, body)
    assert db.execute("select count(*) from public.items").fetchone() == (0,)


def test_body_read_timeout(rest_config: RestConfig) -> None:
    """A body that stops coming gets 408 KIT408 at the deadline (0.3 s here), and the
    connection is closed; read with a raw socket, as a client that still has body to send
    (httpx would only read the reply after sending all of it)."""

    async def body(client: httpx.AsyncClient, app: object) -> None:
        url = client.base_url
        reader, writer = await asyncio.open_connection(url.host, url.port)
        writer.write(
            b"POST /rest/v1/items HTTP/1.1\r\nHost: x\r\napikey: "
            + SECRET.encode()
            + b"\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
            + b'{"name": '
        )
        started = time.monotonic()
        reply = await asyncio.wait_for(reader.read(), timeout=5)  # until the server closes
        writer.close()
        assert time.monotonic() - started < 3
        head, _, payload = reply.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 408 "), reply
        assert b"connection: close" in head.lower()
        assert b'"code":"KIT408"' in payload.replace(b" ", b""), reply

    with_small_app(rest_config, body)


def test_response_size_cap(rest_config: RestConfig, db: psycopg.Connection) -> None:
    async def body(client: httpx.AsyncClient, app: object) -> None:
        r = await client.get("/films?select=*,roles(*)&limit=1")
        err = assert_canonical_error(r, 400, "KIT400")
        assert "150" in err["details"]
        r = await client.get("/films?select=id&limit=1")
        assert r.status_code == 200 and r.json() == [{"id": 1}]
        # A write whose representation is too large is rolled back, not half-applied.
        r = await client.post(
            "/items", json={"name": "n" * 400}, headers={"Prefer": "return=representation"}
        )
        assert_canonical_error(r, 400, "KIT400")

    with_small_app(rest_config, body)
    assert db.execute("select count(*) from public.items").fetchone() == (0,)


def test_pool_wait_is_504(rest_config: RestConfig) -> None:
    async def body(client: httpx.AsyncClient, app: object) -> None:
        async with app.pool.connection():  # type: ignore[attr-defined] - the only one
            r = await client.get("/films?select=id")
        body = assert_canonical_error(r, 504, "PGRST003")
        assert body["message"] == "Timed out acquiring connection from connection pool."
        assert (await client.get("/films?select=id&limit=1")).status_code == 200

    with_small_app(rest_config, body)


def test_embeds_are_capped_by_max_rows(rest_config: RestConfig) -> None:
    """PostgREST applies db-max-rows to every level of the read tree (max_rows=1 here)."""

    async def body(client: httpx.AsyncClient, app: object) -> None:
        r = await client.get("/directors?select=id,films(id)&id=eq.2")
        assert r.json() == [{"id": 2, "films": [{"id": 2}]}], r.text

    with_small_app(rest_config, body)


def test_csv_is_postgres_text(http: httpx.Client) -> None:
    r = http.get(
        "/films?select=id,tags,meta,year&id=in.(1,4)&order=id", headers={"Accept": "text/csv"}
    )
    assert r.text == (
        "id,tags,meta,year\n"
        '1,"{drama,paris}","{""lang"": ""fr"", ""rating"": {""imdb"": 7.8}}",1962\n'
        "4,,,"
    )
    assert http.get("/films?id=eq.-1", headers={"Accept": "text/csv"}).text == "\n"


def _raw(url: str, data: bytes, wait: float) -> bytes:
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=5) as sock:
        sock.sendall(data)
        time.sleep(wait)
        return sock.recv(1000)


def test_slow_or_huge_headers_are_refused(rest_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "HEADER_TIMEOUT", 0.3)
    reply = _raw(rest_url, b"GET /rest/v1/films HTTP/1.1\r\nHost: x\r\napikey: ", 0.6)
    assert reply.startswith(b"HTTP/1.1 408")
    monkeypatch.setattr(limits, "HEADER_BYTES", 4096)
    reply = _raw(rest_url, b"GET /rest/v1/films HTTP/1.1\r\nX-Big: " + b"a" * 5000, 0.1)
    assert reply.startswith(b"HTTP/1.1 431")


def _rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        line = next(s for s in status if s.startswith("VmRSS"))
    return int(line.split()[1]) / 1024


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="needs /proc")
def test_memory_returns_after_large_responses(
    rest_config: RestConfig, db: psycopg.Connection
) -> None:
    """A 20 MB response (JSON and CSV) and a 10,000-deep `or=` leave RSS near where it was."""
    db.execute(
        "create view public.kit_big as select g as id, repeat('x', 1000) as pad "
        "from generate_series(1, 20000) as g; grant select on public.kit_big to service_role"
    )
    proc, port = gateway_process(
        rest_config, stderr=subprocess.DEVNULL, SCHEMAS="public", MAX_ROWS=""
    )
    try:
        wait_for_port(port, proc)
        base = f"http://127.0.0.1:{port}/rest/v1"
        with httpx.Client(base_url=base, headers={"apikey": SECRET}, timeout=60) as client:
            for _ in range(10):
                client.get("/films?select=id")
            start = _rss_mb(proc.pid)
            r = client.get("/kit_big?select=*")
            assert r.status_code == 200 and len(r.content) > 20_000_000
            r = client.get("/kit_big?select=*", headers={"Accept": "text/csv"})
            assert r.status_code == 200 and len(r.content) > 20_000_000
            deep = "(" + "or(" * 10_000 + "id.eq.1" + ")" * 10_000 + ")"
            assert client.get("/films?select=id&or=" + deep).status_code == 400
            assert _rss_mb(proc.pid) < start + 10, (start, _rss_mb(proc.pid))
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        db.execute("drop view public.kit_big")
