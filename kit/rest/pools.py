"""The gateway's connection pool, and its renewal after a database outage.

psycopg's pool reconnects after an outage with a back-off that doubles up to minutes; when
outage.py finds the database back, `renew` puts a new pool in place at once and closes the
old one in the background (its connections close as the requests holding them return them).
"""

from __future__ import annotations

import asyncio
import contextlib

from psycopg_pool import AsyncConnectionPool

from kit.rest.config import RestConfig

CONNECT_TIMEOUT = 5  # seconds a pooled connection attempt waits for an answer


class Pools:
    def __init__(self, config: RestConfig) -> None:
        self.config = config
        self.current: AsyncConnectionPool | None = None
        self.closed = False
        self._closing: set[asyncio.Task[None]] = set()

    def _new(self) -> AsyncConnectionPool:
        return AsyncConnectionPool(
            self.config.db_url,
            min_size=self.config.pool_min,
            max_size=self.config.pool_max,
            kwargs={
                "autocommit": True,
                # None: psycopg's own prepared statements would outlive a schema reload
                # (roundtrip.py prepares the hot path and forgets on reload).
                "prepare_threshold": None,
                # An attempt into a network that drops packets gives up, so closing a pool
                # after an outage does not wait on it.
                "connect_timeout": CONNECT_TIMEOUT,
            },
            open=False,
            timeout=self.config.pool_timeout,
        )

    async def open(self) -> AsyncConnectionPool:
        self.current = self._new()
        await self.current.open()
        return self.current

    async def renew(self) -> None:
        """A new pool that connects now; the old one closes in the background."""
        if self.closed:
            return
        fresh = self._new()
        await fresh.open(wait=False)
        old, self.current = self.current, fresh
        if old is not None:
            task = asyncio.create_task(old.close(timeout=1))
            self._closing.add(task)
            task.add_done_callback(self._closing.discard)

    async def close(self) -> None:
        self.closed = True
        if self.current is not None:
            await self.current.close()
        for task in list(self._closing):
            with contextlib.suppress(Exception):
                await task
