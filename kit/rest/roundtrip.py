"""One network round trip per request: the settings and the statement in libpq pipeline mode.

psycopg's `conn.pipeline()` costs ~9 generator rounds and two cursors per request; on the
2-core bench that was a third of the gateway's CPU. Here the two statements go out as
prepared statements (Parse once per connection, then Bind/Execute) followed by one Sync, whose
implicit transaction commits both or neither; the reply is read in one pass.

Values stay bind parameters: the settings statement's text depends only on how many pairs it
sets, and the request's statement is `query.build`'s text with its `%(pN)s` placeholders
renumbered to `$N` (psycopg's adapters dump the values).
"""

from __future__ import annotations

import asyncio
import functools
import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import errors, pq
from psycopg.adapt import PyFormat, Transformer
from psycopg.generators import fetch_many, send
from psycopg.waiting import READY_W, WAIT_W

from kit.rest.errors import ApiError
from kit.rest.watch import arm, forget

_PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%")
_INT_OIDS = frozenset((20, 21, 23))  # int8, int2, int4: the result's counts
_TEXT_OID = 25
_BODY = 2  # the statement's body column
_MAX_PREPARED = 256  # per connection; further shapes run unnamed (parsed each time)
PIPELINE_SYNC = pq.ExecStatus.PIPELINE_SYNC
FATAL_ERROR = pq.ExecStatus.FATAL_ERROR


@dataclass(frozen=True)
class Statement:
    """A statement ready for the wire: `$N` text, dumped values, their types and formats."""

    text: bytes
    values: Sequence[bytes | None]
    types: tuple[int, ...]
    formats: Sequence[int]


def statement(sql: str, params: dict[str, Any]) -> Statement:
    """`query.build`'s output (`%(pN)s` placeholders, `%%`) as a wire statement, dumped by
    psycopg's default adapters (the pool's connections add none; client encoding UTF-8)."""
    text, order = _number(sql)
    tx = Transformer()
    try:
        values = tx.dump_sequence([params[n] for n in order], [PyFormat.AUTO] * len(order))
    except psycopg.DataError:  # a NUL in a text value: what PostgreSQL would answer
        raise _nul() from None
    return Statement(text, list(values), tx.types, list(tx.formats))  # type: ignore[arg-type]


def replaceable(sql: str, st: Statement, name: str, value: str) -> int | None:
    """The position of parameter `name` (holding the text `value`) among `st`'s values, if it
    went out as the text's UTF-8 bytes: `with_value` can then put another text there."""
    order = _number(sql)[1]
    if name not in order:
        return None
    at = order.index(name)
    return at if st.values[at] == value.encode() and st.formats[at] == 0 else None


def with_value(st: Statement, at: int, value: str) -> Statement:
    """`st` with the text parameter at `at` replaced: a kept request shape takes each new JSON
    body without dumping its other values again (~2 us a request)."""
    if "\x00" in value:  # JSON text escapes NUL; kept for what PostgreSQL would answer
        raise _nul()
    values = list(st.values)
    values[at] = value.encode()
    return Statement(st.text, values, st.types, st.formats)


@functools.lru_cache(maxsize=1024)  # cached request shapes bring back the same texts
def _number(sql: str) -> tuple[bytes, tuple[str, ...]]:
    """`%(name)s` → `$N` in order of first use (a fragment used twice is one parameter: GROUP
    BY needs it), `%%` → `%`; the text and the parameter names in `$N` order."""
    order: list[str] = []
    seen: dict[str, int] = {}

    def number(match: re.Match[str]) -> str:
        name = match.group(1)
        if name is None:
            return "%"
        if name not in seen:
            order.append(name)
            seen[name] = len(order)
        return f"${seen[name]}"

    return _PLACEHOLDER.sub(number, sql).encode(), tuple(order)


@functools.cache
def _set_config_text(n: int) -> bytes:
    calls = ", ".join(f"set_config(${2 * i + 1}, ${2 * i + 2}, true)" for i in range(n))
    return f"SELECT {calls}".encode()


def settings_statement(pairs: list[tuple[str, str]]) -> Statement:
    """PostgREST's `set_config(name, value, true)` list; names and values both bound. The
    same list repeats (a client's token, method, path and headers): kept while small."""
    if sum(len(v) for _, v in pairs) <= 4096:
        return _kept_settings(tuple(pairs))
    return _settings_statement(pairs)


@functools.lru_cache(maxsize=1024)
def _kept_settings(pairs: tuple[tuple[str, str], ...]) -> Statement:
    return _settings_statement(pairs)


def _settings_statement(pairs: Sequence[tuple[str, str]]) -> Statement:
    values: list[bytes | None] = []
    for name, value in pairs:
        if "\x00" in value:
            raise _nul()
        values += (name.encode(), value.encode())
    n = len(values)
    return Statement(_set_config_text(len(pairs)), values, (_TEXT_OID,) * n, [0] * n)


# Text parameters cannot carry NUL; PostgreSQL answers a binary one with this (PostgREST: 400).
def _nul() -> ApiError:
    return ApiError(400, "22021", 'invalid byte sequence for encoding "UTF8": 0x00')


# The prepared statements of each connection: (text, types) → name, under the generation of
# the schema cache they were prepared in.
_names: weakref.WeakKeyDictionary[Any, tuple[int, dict[tuple[bytes, tuple[int, ...]], bytes]]] = (
    weakref.WeakKeyDictionary()
)
_generation = 0


def forget_prepared() -> None:
    """After a schema reload no statement prepared against the old catalog is used again: each
    connection drops its prepared statements (DEALLOCATE ALL) in its next round trip."""
    global _generation
    _generation += 1


async def exchange(
    conn: psycopg.AsyncConnection[Any], first: Statement, second: Statement
) -> tuple[Any, ...]:
    """Run `first` then `second` in one implicit transaction; `second`'s one row, decoded.

    A database error is raised as psycopg raises it (sqlstate, diag). Any other failure
    leaves the connection in an unknown state, so it is closed (the pool drops it).
    """
    entry = _names.get(conn)
    stale = entry is not None and entry[0] != _generation
    if entry is None or stale:
        entry = _names[conn] = (_generation, {})
    try:
        gen = _round_trip(conn.pgconn, entry[1], first, second, stale)
        row: tuple[Any, ...] = await _drive(gen, conn)
        return row
    except psycopg.DatabaseError as exc:
        if exc.sqlstate is None:  # not an error reply: the connection broke mid-way
            forget(conn)
            await conn.close()
        raise
    except BaseException:
        forget(conn)
        await conn.close()
        raise


async def _drive(gen: Any, conn: Any) -> Any:
    """Run a libpq generator on the event loop: psycopg's `wait_async` without what the
    gateway does not use, a timer per wait for Ctrl-C checks and timeouts (measured: ~12 us of
    a ~90 us read), and with the socket watched by one poll handle per connection (watch.py);
    a failed or cancelled round trip closes its connection instead."""
    loop = asyncio.get_running_loop()
    try:
        state = next(gen)
        while True:
            done: asyncio.Future[int] = loop.create_future()
            reading = arm(conn, done)  # the generators here wait for R or RW, never W alone
            if state & WAIT_W:  # a request larger than the socket's buffer: rare
                loop.add_writer(reading.fd, _ready, done, READY_W)
            try:
                ready = await done
            finally:
                reading.waiter = None
                if state & WAIT_W:
                    loop.remove_writer(reading.fd)
            state = gen.send(ready)
    except StopIteration as finished:
        return finished.value


def _ready(done: asyncio.Future[int], state: int) -> None:
    if not done.done():
        done.set_result(state)


def _round_trip(
    pg: Any, names: dict[Any, bytes], first: Statement, second: Statement, stale: bool
) -> Any:
    """The libpq generator (psycopg's `conn.wait` drives the socket)."""
    pg.enter_pipeline_mode()
    if stale:
        pg.send_query_params(b"DEALLOCATE ALL", None)
    fresh = [_queue(pg, names, s, i) for i, s in enumerate((first, second))]
    pg.pipeline_sync()
    yield from send(pg)
    replies: list[list[Any]] = []
    while True:
        results = yield from fetch_many(pg)
        if results and results[0].status == PIPELINE_SYNC:
            break
        replies.append(results)
    pg.exit_pipeline_mode()
    failed = None
    for results in replies:
        for res in results:
            if res.status == FATAL_ERROR and failed is None:
                failed = errors.error_from_result(res)
    # A statement is known to the server only if its Parse got through.
    at = 1 if stale else 0
    for key, name in fresh:
        if key is not None:
            if replies[at][0].status == pq.ExecStatus.COMMAND_OK:
                names[key] = name
            at += 1
        at += 1
    if failed is not None:
        # Raised from a local that is then dropped: else the error's traceback and this frame
        # would hold each other, and the connection with them, until a cyclic collection.
        try:
            raise failed
        finally:
            del failed
    return _row(replies[-1][-1])


def _queue(pg: Any, names: dict[Any, bytes], st: Statement, i: int) -> tuple[Any, bytes]:
    """Queue Bind/Execute (and Parse the first time); returns the key to record, if new.
    Names grow with the recorded count, `i` apart within one round trip."""
    key = (st.text, st.types)
    name = names.get(key)
    if name is not None:
        pg.send_query_prepared(name, st.values, st.formats)
        return None, b""
    if len(names) >= _MAX_PREPARED:
        pg.send_query_params(st.text, st.values, st.types, st.formats)
        return None, b""
    name = f"kit_{len(names)}_{i}".encode()
    pg.send_prepare(name, st.text, st.types)
    pg.send_query_prepared(name, st.values, st.formats)
    return key, name


def _row(res: Any) -> tuple[Any, ...]:
    if res.ntuples != 1:
        raise psycopg.InterfaceError(f"expected one row, got {res.ntuples}")
    out: list[Any] = []
    for i in range(res.nfields):
        raw = res.get_value(0, i)
        if raw is None:
            out.append(None)
        elif res.ftype(i) in _INT_OIDS:
            out.append(int(raw))
        elif i == _BODY:
            out.append(bytes(raw))  # the response body: sent as is, never decoded
        else:
            out.append(bytes(raw).decode())
    return tuple(out)
