"""Whether the database can be reached, as the gateway last found out.

PostgREST answers 503 PGRST000 ("Database connection error.", libpq's words as details) at
once while its database cannot be reached: its pool connects when a request needs a
connection. psycopg's pool instead reconnects in the background with a back-off that doubles
up to minutes, and lets each request wait out its timeout (10 s, then 504 PGRST003), even
after the database is back. So a connection-level failure starts a probe here: while the
probe cannot connect, requests are refused at once with PostgREST's error, and its first
successful connection ends the outage, after `recover` has given the gateway a fresh pool.
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


class Outage:
    def __init__(self, db_url: str, recover: Callable[[], Awaitable[None]]) -> None:
        self.db_url = db_url
        self.recover = recover
        self.reason: str | None = None  # libpq's words while the database cannot be reached
        self._probe: asyncio.Task[None] | None = None
        self._first: asyncio.Future[bool] | None = None

    def refuse(self) -> None:
        """Raise PostgREST's answer if the database cannot be reached."""
        if self.reason is not None:
            raise ApiError(503, "PGRST000", "Database connection error.", self.reason)

    def suspect(self) -> asyncio.Future[bool]:
        """After a connection-level failure: a probe runs (started if none does); the future
        tells whether its first attempt connected (within CONNECT_TIMEOUT seconds)."""
        if self._probe is None or self._probe.done() or self._first is None:
            self._first = asyncio.get_running_loop().create_future()
            self._probe = asyncio.create_task(self._run(self._first))
        return self._first

    async def reachable(self) -> bool:
        return await asyncio.shield(self.suspect())

    async def _run(self, first: asyncio.Future[bool]) -> None:
        while True:
            try:
                conn = await psycopg.AsyncConnection.connect(
                    self.db_url, connect_timeout=CONNECT_TIMEOUT
                )
            except psycopg.Error as exc:
                if self.reason is None:
                    log.warning("the database cannot be reached; answering 503 until it can")
                self.reason = str(exc)
                if not first.done():
                    first.set_result(False)
                await asyncio.sleep(PROBE_EVERY)
                continue
            await conn.close()
            if self.reason is not None:
                await self.recover()  # before requests are let through again
                self.reason = None
                log.warning("the database can be reached again")
            if not first.done():
                first.set_result(True)
            return

    async def stop(self) -> None:
        if self._probe is not None:
            self._probe.cancel()
            try:
                await self._probe
            except asyncio.CancelledError:
                pass
