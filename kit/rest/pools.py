"""The gateway's connection pool, and its renewal after a database outage.

psycopg's pool reconnects after an outage with a back-off that doubles up to minutes; when
outage.py finds the database back, `renew` puts a new pool in place at once and closes the
old one in the background (its connections close as the requests holding them return them).

Between requests the pool keeps idle connections at hand (`KeepingPool`): psycopg's
`getconn` and `putconn` cost ~7 us a request together (a lock each way, statistics, logging
calls, five coroutine layers), a third of the gateway's Python per insert.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import time
from typing import Any

from psycopg import AsyncConnection
from psycopg.pq import TransactionStatus
from psycopg_pool import AsyncConnectionPool

from kit.rest.config import RestConfig

CONNECT_TIMEOUT = 5  # seconds a pooled connection attempt waits for an answer
KEEP_FOR = 1.0  # seconds a connection stays kept before it goes back through psycopg's pool
log = logging.getLogger("kit.rest")


class KeepingPool(AsyncConnectionPool[AsyncConnection[Any]]):
    """psycopg's pool, with the connections returned idle kept at hand for the next request.

    A kept connection is still checked out as far as psycopg's pool knows. So that nothing is
    lost by that:
    - a connection goes back through psycopg's `putconn` whenever a client waits in its
      `getconn`, or the connection is not idle (closed, in a transaction, broken), or the
      pool is closing;
    - what is kept goes back through `putconn` within KEEP_FOR seconds, where psycopg checks
      its age (`max_lifetime`), so idle connections still expire and the pool still shrinks;
      and a connection out of psycopg's pool for longer goes back when next returned, however
      busy (a client pipelining requests leaves no moment for the timer);
    - `check` and `close` take the kept connections back first;
    - a kept connection is marked as psycopg marks those in its pool (`_pool` None), so one
      returned twice, or to another pool, is refused (ValueError) as psycopg refuses it.
    For a pool without `check` or `reset` callbacks, which the kept path would skip.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Names of their own: psycopg's pool has private attributes of its own.
        self._kept_conns: collections.deque[AsyncConnection[Any]] = collections.deque()
        self._kept_waiting = 0
        self._kept_closing = False
        self._kept_timer: asyncio.TimerHandle | None = None
        self._kept_returning: asyncio.Task[None] | None = None
        self._kept_since: dict[AsyncConnection[Any], float] = {}  # out of psycopg's pool since

    async def getconn(self, timeout: float | None = None) -> AsyncConnection[Any]:
        if self._kept_conns and not self._kept_closing:
            conn = self._kept_conns.popleft()  # first in, first out, as psycopg's own pool
            conn._pool = self  # out of the pool again, as psycopg's getconn marks it
            return conn
        self._kept_waiting += 1
        try:
            conn = await super().getconn(timeout)
        finally:
            self._kept_waiting -= 1
        self._kept_since[conn] = time.monotonic()
        return conn

    async def putconn(self, conn: AsyncConnection[Any]) -> None:
        if (
            # Returned twice, or to a pool it does not come from: psycopg's putconn refuses it.
            getattr(conn, "_pool", None) is not self
            or self._kept_closing
            or self._kept_waiting
            or conn.closed
            or conn.pgconn.transaction_status != TransactionStatus.IDLE
            or time.monotonic() - self._kept_since.get(conn, 0.0) > KEEP_FOR
        ):
            self._kept_since.pop(conn, None)
            await super().putconn(conn)
            return
        conn._pool = None  # in the pool, as psycopg marks its own: a second putconn is refused
        self._kept_conns.append(conn)
        if self._kept_timer is None:
            self._kept_timer = asyncio.get_running_loop().call_later(KEEP_FOR, self._give_back_soon)

    def _give_back_soon(self) -> None:
        loop = asyncio.get_running_loop()
        if self._kept_returning is not None and not self._kept_returning.done():
            # The last turn still runs: what was kept since gets a turn of its own later.
            self._kept_timer = loop.call_later(KEEP_FOR, self._give_back_soon)
            return
        self._kept_timer = None
        self._kept_returning = loop.create_task(self._give_back())

    async def _give_back(self) -> None:
        # What is kept meanwhile waits for the next turn.
        kept, self._kept_conns = self._kept_conns, collections.deque()
        for conn in kept:
            conn._pool = self
            self._kept_since.pop(conn, None)
            try:
                await super().putconn(conn)
            except Exception:  # noqa: BLE001 - a connection psycopg could not take back
                log.exception("could not return a kept connection to the pool")

    async def check(self) -> None:
        await self._give_back()
        await super().check()

    async def close(self, timeout: float = 5.0) -> None:
        self._kept_closing = True
        if self._kept_timer is not None:
            self._kept_timer.cancel()
            self._kept_timer = None
        await self._give_back()
        await super().close(timeout)
        if self._kept_returning is not None:
            await self._kept_returning


class Pools:
    def __init__(self, config: RestConfig) -> None:
        self.config = config
        self.current: KeepingPool | None = None
        self.closed = False
        self._closing: set[asyncio.Task[None]] = set()

    def _new(self) -> KeepingPool:
        return KeepingPool(
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

    async def open(self) -> KeepingPool:
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
