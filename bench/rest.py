"""Throughput and latency of the REST gateway beside the same SQL run directly (issue 4).

    .venv/bin/python bench/rest.py [--seconds 2] [--rounds 3] [--only b]

Workloads, each at 1 and 16 concurrent clients:
  (a) GET 100 rows with a filter, order and limit
  (b) POST one row with return=representation
  (c) an RPC call (the flagship's public.search_memories)
"gateway" is `python -m kit.rest` as its own process (--workers, default 1 as `kit stack up`
runs it; 2 workers on 2 cores cost more CPU per request than they add),
driven over keep-alive HTTP/1.1 by a minimal asyncio client with pre-built request bytes (so
the load generator costs little CPU); "direct" runs the statement the gateway generates for
the same request through psycopg's async pool of the same size (--pool), as the table's
owner: no HTTP, no transaction, no role switch. "+tx" adds what the gateway sends besides
(its settings statement and the statement in one pipelined round trip, kit.rest.roundtrip,
as authenticator), without HTTP. Both sides run on uvloop, with the same concurrency, in
this process; the CPU columns are microseconds of CPU per request (from /proc) spent by this
process ("client": load generator or driver), the gateway's processes and PostgreSQL's.
Each row is the median of `--rounds` measurements taken in turn (gateway, direct, +tx, then
again), and "ratio" the median of the rounds' gateway/direct ratios: on a shared machine a busy
moment then lowers one round of every path, not one path.
Budget (issue 13): (a), (b) and (c) at 16 clients each >= 0.6 of the direct rate.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, cast

import psycopg
import uvloop
from psycopg_pool import AsyncConnectionPool

from kit.project import load_project
from kit.rest.config import DEFAULT_SECRET_KEY, RestConfig
from kit.rest.plan import plan
from kit.rest.query import build
from kit.rest.request import parse_request
from kit.rest.roundtrip import exchange, settings_statement, statement
from kit.rest.schema_cache import build as build_cache
from kit.rest.schema_cache import load_query
from kit.stack.database import provision
from kit.stack.postgres import PostgresServer, free_port

ROOT = Path(__file__).resolve().parent.parent
BENCH_SQL = """
create table public.bench_rows (
    id bigserial primary key, grp int not null, name text not null, score float8,
    created_at timestamptz default now()
);
insert into public.bench_rows (grp, name, score)
select g % 20, 'row ' || g, random() from generate_series(1, 20000) as g;
create index on public.bench_rows (grp, id);
grant select, insert on public.bench_rows to service_role;
grant usage on sequence public.bench_rows_id_seq to service_role;
analyze public.bench_rows;
"""
BUDGET = 0.6  # of the direct rate, each workload at 16 clients
WORKLOADS = {
    "a GET 100 rows": ("GET", "/bench_rows", "select=*&grp=eq.7&order=id.desc&limit=100", b""),
    "b POST 1 row": ("POST", "/bench_rows", "select=*", b'{"grp": 99, "name": "posted"}'),
    "c RPC": (
        "POST",
        "/rpc/search_memories",
        "",
        b'{"p_user_id": "user_ada", "p_query": "dark mode"}',
    ),
}


class HttpClient(asyncio.Protocol):
    """One keep-alive HTTP/1.1 connection as a bare asyncio protocol (no stream objects): the
    request bytes are pre-built and a reply is complete at its Content-Length. Just enough
    protocol for this gateway's replies (no chunked bodies), so the load costs little CPU."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.transport: asyncio.Transport | None = None
        self.buffer = b""
        self.waiter: asyncio.Future[int] | None = None

    async def request(self, raw: bytes) -> int:
        try:
            return await self._request(raw)
        except ConnectionError:  # the server closed an idle keep-alive connection
            self.transport = None
            return await self._request(raw)

    async def _request(self, raw: bytes) -> int:
        if self.transport is None or self.transport.is_closing():
            loop = asyncio.get_running_loop()
            await loop.create_connection(lambda: self, "127.0.0.1", self.port)
        assert self.transport is not None
        self.waiter = asyncio.get_running_loop().create_future()
        self.transport.write(raw)
        return await self.waiter

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is not a subclass
        self.buffer = b""

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            return
        head = self.buffer[:end].lower()
        at = head.find(b"\r\ncontent-length:")
        stop = head.find(b"\r\n", at + 2)
        length = int(head[at + 17 : stop if stop >= 0 else None]) if at >= 0 else 0
        if len(self.buffer) < end + 4 + length:
            return
        self.buffer = self.buffer[end + 4 + length :]
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(int(head.split(b" ", 2)[1]))

    def connection_lost(self, exc: Exception | None) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(ConnectionError("the gateway closed the connection"))

    async def close(self) -> None:
        if self.transport is not None:
            self.transport.close()


def raw_request(method: str, path: str, query: str, body: bytes) -> bytes:
    target = f"/rest/v1{path}" + (f"?{query}" if query else "")
    headers = [
        f"{method} {target} HTTP/1.1",
        "Host: 127.0.0.1",
        f"apikey: {DEFAULT_SECRET_KEY}",
        "Content-Type: application/json",
        "Prefer: return=representation",
        f"Content-Length: {len(body)}",
    ]
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + body


Meter = Callable[[], tuple[float, float, float]]


async def measure(
    call: Callable[[int], Awaitable[None]], clients: int, seconds: float, cpu: Meter
) -> dict[str, float]:
    latencies: list[float] = []
    stop = time.perf_counter() + seconds

    async def worker(n: int) -> None:
        while time.perf_counter() < stop:
            t0 = time.perf_counter()
            await call(n)
            latencies.append(time.perf_counter() - t0)

    await asyncio.gather(*(call(n) for n in range(clients)))  # warm connections and statements
    before = cpu()
    started = time.perf_counter()
    await asyncio.gather(*(worker(n) for n in range(clients)))
    elapsed = time.perf_counter() - started
    spent = [(b - a) / len(latencies) * 1e6 for a, b in zip(before, cpu(), strict=True)]
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "cpu_client": spent[0],
        "cpu_gateway": spent[1],
        "cpu_db": spent[2],
    }


def cpu_seconds(root: int) -> float:
    """CPU time (user + system) of `root` and every living descendant, from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    children: dict[int, list[tuple[int, float]]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        used = (int(fields[11]) + int(fields[12])) / tick
        children.setdefault(int(fields[1]), []).append((int(entry), used))
    total, todo = 0.0, [root]
    for parent in children.values():
        total += sum(used for pid, used in parent if pid == root)
    while todo:
        for pid, used in children.get(todo.pop(), []):
            total += used
            todo.append(pid)
    return total


def meter(gateway_pid: int, postgres_pid: int) -> Meter:
    def read() -> tuple[float, float, float]:
        mine = os.times()
        return (
            mine.user + mine.system,
            cpu_seconds(gateway_pid),
            cpu_seconds(postgres_pid),
        )

    return read


def generated_sql(
    config: RestConfig, cache_raw: str, workload: tuple[str, str, str, bytes]
) -> tuple[str, dict[str, Any]]:
    method, path, query, body = workload
    cache = build_cache(cache_raw, config.schemas)
    req = parse_request(method, path, query, [("prefer", "return=representation")], body, config)
    return build(plan(req, cache, config.max_rows), max_bytes=config.max_response_bytes)


async def run(
    port: int,
    config: RestConfig,
    direct_url: str,
    seconds: float,
    rounds: int,
    cpu: Meter,
    only: str,
) -> list[tuple[str, int, str, dict[str, float]]]:
    rows = []
    pool = AsyncConnectionPool(
        direct_url,
        min_size=config.pool_max,
        max_size=config.pool_max,
        kwargs={"autocommit": True},
        open=False,
    )
    await pool.open()
    async with pool.connection() as conn:
        cur = await conn.execute(load_query(), {"schemas": list(config.schemas)})
        cache_raw = (await cur.fetchone())[0]  # type: ignore[index]
    # "+tx": what the gateway sends (settings and statement, one pipelined round trip, as
    # authenticator), through the driver without HTTP: the database's share of the overhead.
    gateway_pool = AsyncConnectionPool(
        config.db_url,
        min_size=config.pool_max,
        max_size=config.pool_max,
        kwargs={"autocommit": True},
        open=False,
    )
    await gateway_pool.open()
    claims = '{"iss":"supabase-demo","role":"service_role","exp":1983812996}'
    first = settings_statement(
        [
            ("search_path", '"public", "public", "extensions"'),
            ("role", "service_role"),
            ("request.jwt.claims", claims),
            ("request.method", "GET"),
            ("request.path", "/bench_rows"),
            ("request.headers", "{}"),
            ("request.cookies", "{}"),
        ]
    )
    clients_http = [HttpClient(port) for _ in range(16)]
    for name, workload in WORKLOADS.items():
        if not name.startswith(tuple(only)):
            continue
        raw = raw_request(*workload)
        sql, params = generated_sql(config, cache_raw, workload)
        wire = statement(sql, params)

        async def via_gateway(n: int, raw: bytes = raw) -> None:
            status = await clients_http[n].request(raw)
            assert status in (200, 201), status

        async def direct(n: int, sql: str = sql, params: dict[str, Any] = params) -> None:
            async with pool.connection() as conn:
                await (await conn.execute(sql, params)).fetchone()

        async def direct_tx(n: int, wire: Any = wire) -> None:
            async with gateway_pool.connection() as conn:
                await exchange(conn, first, wire)

        for clients in (1, 16):
            paths = (("gateway", via_gateway), ("direct", direct), ("+tx", direct_tx))
            runs: dict[str, list[dict[str, float]]] = {path: [] for path, _ in paths}
            for _ in range(rounds):  # interleaved, so a busy moment hits every path alike
                for path, call in paths:
                    runs[path].append(await measure(call, clients, seconds, cpu))
            for path, measured in runs.items():
                row = {k: statistics.median(m[k] for m in measured) for k in measured[0]}
                row["ratio"] = statistics.median(
                    m["rps"] / d["rps"] for m, d in zip(measured, runs["direct"], strict=True)
                )
                rows.append((name, clients, path, row))
    for c in clients_http:
        await c.close()
    await pool.close()
    await gateway_pool.close()
    return rows


def report(rows: list[tuple[str, int, str, dict[str, float]]], workers: int) -> None:
    line = "{:<16} {:>7} {:<8} {:>7} {:>7} {:>7} {:>6}   {:>6} {:>7} {:>8}"
    print(f"gateway: {workers} worker process(es); CPU columns: us of CPU per request")
    head = ("workload", "clients", "path", "req/s", "p50 ms", "p99 ms", "ratio")
    print(line.format(*head, "client", "gateway", "postgres"))
    for name, clients, path, m in rows:
        ratio = f"{m['ratio']:.2f}" if path != "direct" else ""
        cells = (f"{m['rps']:.0f}", f"{m['p50']:.2f}", f"{m['p99']:.2f}")
        cpu = (f"{m['cpu_client']:.0f}", f"{m['cpu_gateway']:.0f}", f"{m['cpu_db']:.0f}")
        print(line.format(name, clients, path, *cells, ratio, *cpu))
    for name in sorted({n for n, *_ in rows}):
        ratio = [m["ratio"] for n, c, p, m in rows if n == name and c == 16 and p == "gateway"][0]
        verdict = "ok" if ratio >= BUDGET else "UNDER BUDGET"
        print(f"budget {name} at 16 clients >= {BUDGET} x direct: {ratio:.2f} {verdict}")


def wait_for_port(port: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("the gateway exited")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError("the gateway did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="per measurement")
    parser.add_argument(
        "--rounds", type=int, default=3, help="interleaved measurements per path (medians)"
    )
    parser.add_argument(
        "--only", default="abc", help="the workloads to run, by letter (default: abc)"
    )
    parser.add_argument("--workers", type=int, default=1, help="gateway worker processes")
    parser.add_argument(
        "--pool", type=int, default=16, help="connections per pool (both paths; per worker)"
    )
    args = parser.parse_args()
    server = PostgresServer(Path(tempfile.mkdtemp()) / "data", port=free_port(), durable=False)
    proc = None
    try:
        provision(load_project(ROOT), server)
        with psycopg.connect(server.dsn(), autocommit=True) as conn:
            conn.execute(BENCH_SQL)
        config = RestConfig(db_url=server.dsn(user="authenticator"), pool_max=args.pool)
        port = free_port()
        env = {
            **os.environ,
            "KIT_REST_DB_URL": config.db_url,
            "KIT_REST_PORT": str(port),
            "KIT_REST_WORKERS": str(args.workers),
            "KIT_REST_POOL_SIZE": str(args.pool),
        }
        proc = subprocess.Popen(
            [sys.executable, "-m", "kit.rest"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(port, proc)
        postgres_pid = server.pid()
        assert postgres_pid is not None
        cpu = meter(proc.pid, postgres_pid)
        rows = uvloop.run(
            run(port, config, server.dsn(), args.seconds, args.rounds, cpu, args.only)
        )
        report(rows, args.workers)
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=20)
        server.destroy()


if __name__ == "__main__":
    main()
