"""Whether the database can be reached, as the gateway last found out.

PostgREST answers 503 PGRST000 ("Database connection error.", libpq's words as details) at
once while its database cannot be reached: its pool connects when a request needs a
connection. psycopg's pool instead reconnects in the background with a back-off that doubles
up to minutes, and lets each request wait out its timeout (10 s, then 504 PGRST003), even
after the database is back. So a connection-level failure starts a probe here: while the
probe gets no answer, requests are refused at once with PostgREST's error, and its first
successful connection ends the outage, after `recover` has given the gateway a fresh pool.

A server that answers, even with an error (too many connections, a refused password), is
reachable: no outage, so a busy database is never made unusable by the probe itself; and
after a probe that connected, no other starts for PROBE_QUIET seconds, so a pool that keeps
timing out under load does not open a connection per request.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import psycopg

from kit.rest.errors import ApiError

log = logging.getLogger("kit.rest")
CONNECT_TIMEOUT = 2  # seconds a probe waits for the database to answer (libpq's minimum)
PROBE_EVERY = 0.5  # seconds between probes while the database cannot be reached
PROBE_QUIET = 5.0  # seconds after a probe that connected before another may start
# What a server answers while it takes no connections at all (PostgreSQL's texts; the kit's
# server runs with English messages).
_NOT_READY = (
    "the database system is starting up",
    "the database system is shutting down",
    "the database system is not yet accepting connections",
    "the database system is in recovery mode",
)


def _answered(exc: psycopg.Error) -> bool:
    """Whether the server itself refused the connection (too many connections, a password):
    libpq gives a failed connection no SQLSTATE, only its text, where a server's answer reads
    "FATAL:"; a refused or unanswered connection attempt has none."""
    text = str(exc)
    return "FATAL:" in text and not any(words in text for words in _NOT_READY)


class Outage:
    def __init__(self, db_url: str, recover: Callable[[], Awaitable[None]]) -> None:
        self.db_url = db_url
        self.recover = recover
        self.reason: str | None = None  # libpq's words while the database cannot be reached
        self.stopped = False
        self._probe: asyncio.Task[None] | None = None
        self._first: asyncio.Future[bool] | None = None
        self._connected_at = float("-inf")

    def refuse(self) -> None:
        """Raise PostgREST's answer if the database cannot be reached."""
        if self.reason is not None:
            if self._probe is None or self._probe.done():
                self.suspect()  # a probe always runs while refusing
            raise ApiError(503, "PGRST000", "Database connection error.", self.reason)

    def suspect(self) -> asyncio.Future[bool]:
        """After a connection-level failure: a probe runs (started if none does, unless one
        connected moments ago or the gateway is stopping); the future tells whether its first
        attempt reached the database (within CONNECT_TIMEOUT seconds)."""
        loop = asyncio.get_running_loop()
        running = self._probe is not None and not self._probe.done()
        if running and self._first is not None:
            return self._first
        settled: asyncio.Future[bool] = loop.create_future()
        if self.stopped or loop.time() - self._connected_at < PROBE_QUIET:
            settled.set_result(not self.stopped)
            return settled
        self._first = settled
        self._probe = asyncio.create_task(self._run(settled))
        return settled

    async def reachable(self) -> bool:
        return await asyncio.shield(self.suspect())

    async def _run(self, first: asyncio.Future[bool]) -> None:
        while True:
            try:
                conn = await psycopg.AsyncConnection.connect(
                    self.db_url, connect_timeout=CONNECT_TIMEOUT
                )
            except psycopg.Error as exc:
                if _answered(exc):
                    break  # reachable, whatever it answered
                if self.reason is None:
                    log.warning("the database cannot be reached; answering 503 until it can")
                self.reason = str(exc)
                if not first.done():
                    first.set_result(False)
                await asyncio.sleep(PROBE_EVERY)
                continue
            await conn.close()
            if self.reason is not None:
                try:
                    await self.recover()  # before requests are let through again
                except Exception:  # noqa: BLE001 - keep refusing and probing, never stay stuck
                    log.exception("could not renew the connection pool")
                    await asyncio.sleep(PROBE_EVERY)
                    continue
                log.warning("the database can be reached again")
            break
        self.reason = None
        self._connected_at = asyncio.get_running_loop().time()
        if not first.done():
            first.set_result(True)

    async def stop(self) -> None:
        self.stopped = True
        if self._probe is not None:
            self._probe.cancel()
            try:
                await self._probe
            except asyncio.CancelledError:
                pass
