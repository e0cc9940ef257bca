"""The gateway's HTTP/1.1 server: httptools parses, the event loop runs, RestApp.handle answers.

Hand-written on purpose. The gateway ran on uvicorn until issue 13's profile: per request
uvicorn builds an ASGI scope and message dicts, runs the app through receive/send and writes
the head and the body in two socket writes, and importing it (with click) cost every `kit
stack up` ~25 ms. The gateway needs one request shape (method, path, query, headers, body) and
one reply (status, headers, bytes); httptools (uvicorn's own parser, llhttp) does the HTTP
parsing, and this module the connection: keep-alive, pipelined requests answered in order,
`Expect: 100-continue`, HEAD, write flow control, and the limits a proxy would set
(limits.py): header time and size, body time and size, idle keep-alive.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import functools
import logging
import socket
import time
from collections.abc import AsyncIterator, Callable
from email.utils import formatdate
from http import HTTPStatus
from typing import Any
from urllib.parse import unquote

import httptools

from kit.rest import limits
from kit.rest.app import RestApp
from kit.rest.errors import ApiError
from kit.rest.response import CORS, Response, error_response

log = logging.getLogger("kit.rest")
KEEP_ALIVE = 5.0  # seconds an idle keep-alive connection stays open (uvicorn's default)
LINGER = 2.0  # seconds a refused client's remaining bytes are read and dropped
SHUTDOWN_GRACE = 3.0  # seconds requests in flight get to finish on SIGTERM
_CORS = "".join(f"{k}: {v}\r\n" for k, v in CORS).encode("latin-1")

# A request, parsed: method, raw path, decoded path, query, headers (names lower case).
Parsed = tuple[str, str, str, str, list[tuple[str, str]], bytes]


class AccessLog:
    """One line per request (method, raw path, status, ms; never the query, which may hold an
    apikey), buffered and written every 0.2 s: through `logging` each line cost ~8% of the
    gateway's CPU. The format is the one `logging` gave (`asctime name message`)."""

    def __init__(self, stream: Any = None) -> None:
        self.stream = stream
        self.lines: list[str] = []
        self._second = -1
        self._stamp = ""

    def line(self, method: str, path: str, status: int, started: float) -> None:
        if self.stream is None:
            return
        now = time.time()
        second = int(now)
        if second != self._second:
            self._second, self._stamp = second, time.strftime("%Y-%m-%d %H:%M:%S")
        ms = (time.perf_counter() - started) * 1000
        msec = int((now - second) * 1000)
        stamp = f"{self._stamp},{msec:03d}"
        self.lines.append(f"{stamp} kit.rest {method} {path} {status} {ms:.1f}ms\n")
        if len(self.lines) == 1:
            asyncio.get_running_loop().call_later(0.2, self.flush)

    def flush(self) -> None:
        if self.lines and self.stream is not None:
            text, self.lines = "".join(self.lines), []
            with contextlib.suppress(OSError, ValueError):  # a closed or full log stream
                self.stream.write(text)
                self.stream.flush()


class _Date:
    """The `Date` header (RFC 9110 §6.6.1), formatted once a second."""

    second = -1
    value = b""

    @classmethod
    def header(cls) -> bytes:
        now = int(time.time())
        if now != cls.second:
            cls.second = now
            cls.value = f"date: {formatdate(now, usegmt=True)}\r\n".encode()
        return cls.value


@functools.cache  # statuses are 100-599 (response.py checks the one a function sets)
def _status_line(status: int) -> bytes:
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:  # a status set through the response.status GUC
        reason = ""
    return f"HTTP/1.1 {status} {reason}\r\n".encode()


def head(resp: Response, *, close: bool) -> bytes:
    """Status line and headers of `resp`, with CORS, Date and Content-Length."""
    parts = [_status_line(resp.status), _header_lines(tuple(resp.headers)), _CORS, _Date.header()]
    if resp.status != 204 and not 100 <= resp.status < 200:  # RFC 9110: no Content-Length
        parts.append(b"content-length: %d\r\n" % len(resp.body))
    if close:
        parts.append(b"connection: close\r\n")
    parts.append(b"\r\n")
    return b"".join(parts)


_HEADER_LINES: dict[tuple[tuple[str, str], ...], bytes] = {}


def _header_lines(headers: tuple[tuple[str, str], ...]) -> bytes:
    """The header lines, kept when short (a kept request shape answers with the same ones);
    at most 256 sets of at most 1 KiB: a Content-Location can hold a long query string."""
    lines = _HEADER_LINES.get(headers)
    if lines is None:
        lines = b"".join(_header_line(k, v) for k, v in headers)
        if len(lines) <= 1024:
            if len(_HEADER_LINES) >= 256:
                _HEADER_LINES.clear()
            _HEADER_LINES[headers] = lines
    return lines


def _header_line(name: str, value: str) -> bytes:
    """Latin-1, which gives back the bytes of a value taken from the request; a value beyond it
    (a table's name in Content-Location) as UTF-8, as PostgREST sends it (`toUtf8`)."""
    line = f"{name}: {value}\r\n"
    try:
        return line.encode("latin-1")
    except UnicodeEncodeError:
        return line.encode()


def _refusal(status: bytes) -> bytes:
    """A bodiless reply that ends the connection, as nginx answers 408/431/400."""
    return b"HTTP/1.1 " + status + b"\r\nconnection: close\r\ncontent-length: 0\r\n\r\n"


class Connection(asyncio.Protocol):
    """One client connection. Parser callbacks collect a request; complete requests wait in
    `queue` and one task answers them in order. A single timer per connection enforces
    whichever deadline applies now: headers, body, or idle keep-alive."""

    def __init__(self, gateway: Gateway) -> None:
        self.gateway = gateway
        self.app = gateway.app
        self.loop = asyncio.get_running_loop()
        self.parser = httptools.HttpRequestParser(self)
        self.transport: asyncio.Transport | None = None
        self.queue: collections.deque[Parsed | bytes] = collections.deque()
        self.task: asyncio.Task[None] | None = None
        self.closing = False  # answer what is queued, then close
        self.paused = False  # reading paused (pipelined requests waiting, or a refusal)
        self.lingering = False  # refused and half-closed: reading only to drop
        self.drained: asyncio.Future[None] | None = None
        # the request being parsed
        self.url = b""
        self.headers: list[tuple[str, str]] = []
        self.body: list[bytes] = []
        self.size = 0
        self.expects = False  # Expect: 100-continue, not yet answered
        # No more requests on this connection: the rest of the bytes is dropped.
        self.refused = False
        # deadlines
        self.phase = "idle"  # idle (between requests), headers, body
        self.deadline = 0.0
        self.header_bytes = 0
        self.timer: asyncio.TimerHandle | None = None

    # -- transport ---------------------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        self.gateway.connections.add(self)
        self._enter("idle")

    def connection_lost(self, exc: Exception | None) -> None:
        self.gateway.connections.discard(self)
        self.closing = True
        if self.timer is not None:
            self.timer.cancel()
        if self.drained is not None and not self.drained.done():
            self.drained.set_result(None)

    def pause_writing(self) -> None:
        self.drained = self.loop.create_future()

    def resume_writing(self) -> None:
        if self.drained is not None and not self.drained.done():
            self.drained.set_result(None)
        self.drained = None

    def data_received(self, data: bytes) -> None:
        if self.refused:
            return  # lingering after a refusal: dropped
        if self.phase != "body":
            self.header_bytes += len(data)  # reset when a header section completes
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            self.closing = True  # no protocol switch here: answer what was asked, then close
            self.refused = True
            return
        except httptools.HttpParserError:
            if not self.refused:  # else: bytes after `Connection: close`, which llhttp refuses
                self._abort(b"400 Bad Request")
            return
        if self.phase == "headers" and self.header_bytes > limits.HEADER_BYTES:
            self._abort(b"431 Request Header Fields Too Large")

    # -- parser callbacks --------------------------------------------------------------------

    def on_message_begin(self) -> None:
        self.url, self.headers, self.body, self.size = b"", [], [], 0
        self._enter("headers")

    def on_url(self, url: bytes) -> None:
        self.url += url

    def on_header(self, name: bytes, value: bytes) -> None:
        self.headers.append((name.decode("latin-1").lower(), value.decode("latin-1")))

    def on_headers_complete(self) -> None:
        self.header_bytes = 0
        self._enter("body")
        limit = self.app.config.max_body_bytes
        for name, value in self.headers:
            if name == "content-length" and value.isdigit() and int(value) > limit:
                self._refuse(limits.too_large(limit))  # before reading a byte of it
                return
            if name == "expect" and value.lower() == "100-continue":
                self.expects = True
        if self.expects and self.task is None and not self.queue:
            self._continue()

    def on_body(self, chunk: bytes) -> None:
        if self.refused:
            return
        self.size += len(chunk)
        if self.size > self.app.config.max_body_bytes:
            self._refuse(limits.too_large(self.app.config.max_body_bytes))
            return
        self.body.append(chunk)

    def on_message_complete(self) -> None:
        if self.refused:
            return
        self.expects = False
        keep_alive = self.parser.should_keep_alive()
        method = self.parser.get_method().decode("latin-1")
        try:
            url = httptools.parse_url(self.url)
        except httptools.HttpParserInvalidURLError:
            self._abort(b"400 Bad Request")
            return
        raw = url.path.decode("latin-1") if url.path else "/"
        path = unquote(raw) if "%" in raw else raw
        query = url.query.decode("latin-1") if url.query else ""
        body = self.body[0] if len(self.body) == 1 else b"".join(self.body)
        self.queue.append((method, raw, path, query, self.headers, body))
        self.body = []
        if not keep_alive:  # `Connection: close` or HTTP/1.0: this is the last request read
            self.closing = self.refused = True
        self._enter("idle")
        if len(self.queue) > 1:
            self._pause()  # a client pipelining faster than it reads its answers
        self._answer()

    # -- answering ---------------------------------------------------------------------------

    def _answer(self) -> None:
        if self.task is None and self.queue:
            self.task = self.loop.create_task(self._run())

    async def _run(self) -> None:
        try:
            while self.queue and self._open():
                item = self.queue.popleft()
                if isinstance(item, bytes):  # a refusal prepared while parsing
                    self._linger(item)
                    return
                try:
                    await self._one(*item)
                except Exception:  # noqa: BLE001 - a bug: this connection ends, the server stays
                    log.exception("could not answer %s %s", item[0], item[1])
                    assert self.transport is not None
                    self.transport.abort()
                    return
                if self.drained is not None:
                    await self.drained
                if self.paused and len(self.queue) <= 1 and not self.refused and self._open():
                    assert self.transport is not None
                    self.paused = False
                    self.transport.resume_reading()
                if self.expects and not self.queue:
                    self._continue()  # a pipelined request's turn came
        finally:
            self.task = None
        if self._open():
            assert self.transport is not None
            if self.closing and not self.queue:
                self.transport.close()
            elif self.phase == "idle":
                self._enter("idle")  # the keep-alive clock starts once answered

    async def _one(
        self,
        method: str,
        raw: str,
        path: str,
        query: str,
        headers: list[tuple[str, str]],
        body: bytes,
    ) -> None:
        started = time.perf_counter()
        resp = await self.app.handle(method, path, query, headers, body)
        del body
        self.gateway.log.line(method, raw, resp.status, started)
        if not self._open():
            return  # the client left meanwhile
        assert self.transport is not None
        close = self.closing and len(self.queue) == 0
        if method == "HEAD":
            self.transport.write(head(resp, close=close))
        elif len(resp.body) < 65536:
            self.transport.write(head(resp, close=close) + resp.body)
        else:  # no copy of a large body
            self.transport.writelines((head(resp, close=close), resp.body))
        if len(resp.body) > limits.TRIM_AFTER:
            del resp
            if self.drained is not None:
                await self.drained  # the transport let go of the body
            limits.trim_memory()

    def _linger(self, reply: bytes) -> None:
        """Send `reply` and close as nginx's lingering close does: shut the writing side,
        then read and drop what the client still sends for a moment. Closing with unread bytes
        would reset the connection, and the client could lose the reply it was sent."""
        assert self.transport is not None
        self.transport.write(reply)
        if not self.transport.can_write_eof():
            self.transport.close()
            return
        self.transport.write_eof()
        self.lingering = True
        if self.paused:
            self.paused = False
            self.transport.resume_reading()
        self.loop.call_later(LINGER, self.transport.close)

    def eof_received(self) -> bool | None:
        if self.lingering and self.transport is not None:
            self.transport.close()
        return None

    def _continue(self) -> None:
        self.expects = False
        if self._open():
            assert self.transport is not None
            self.transport.write(b"HTTP/1.1 100 Continue\r\n\r\n")

    def _open(self) -> bool:
        return self.transport is not None and not self.transport.is_closing()

    def _pause(self) -> None:
        if not self.paused and self._open():
            assert self.transport is not None
            self.paused = True
            self.transport.pause_reading()

    def _refuse(self, err: ApiError) -> None:
        """An error reply for the message being read, in its turn; then the connection
        closes (the rest of the body is never read)."""
        self.refused = self.closing = True
        resp = error_response(err)
        self._refuse_raw(head(resp, close=True) + resp.body)

    def _abort(self, status: bytes) -> None:
        self._refuse_raw(_refusal(status))

    def _refuse_raw(self, reply: bytes) -> None:
        self.refused = self.closing = True
        self.queue.append(reply)
        self._pause()
        self._answer()

    # -- deadlines ---------------------------------------------------------------------------

    def _enter(self, phase: str) -> None:
        self.phase = phase
        if phase == "idle":
            self.deadline = self.loop.time() + KEEP_ALIVE
        elif phase == "headers":
            self.deadline = self.loop.time() + limits.HEADER_TIMEOUT
        else:
            self.deadline = self.loop.time() + self.app.config.body_timeout
        if self.timer is None or self.deadline < self.timer.when():
            if self.timer is not None:
                self.timer.cancel()
            self.timer = self.loop.call_at(self.deadline, self._check)

    def _check(self) -> None:
        """One timer per connection: late → act on the phase; else sleep until the deadline."""
        self.timer = None
        if not self._open() or self.refused:
            return
        assert self.transport is not None
        now = self.loop.time()
        if now < self.deadline:
            self.timer = self.loop.call_at(self.deadline, self._check)
        elif self.phase == "headers":
            self._abort(b"408 Request Timeout")
        elif self.phase == "body":
            self._refuse(limits.body_too_slow(self.app.config.body_timeout))
        elif self.task is None and not self.queue:
            self.transport.close()  # idle keep-alive: nothing to say
        else:  # answering takes as long as it takes; the idle clock restarts after it
            self.deadline = now + KEEP_ALIVE
            self.timer = self.loop.call_at(self.deadline, self._check)


class Gateway:
    """The app behind a listening socket: serve() until stop(), then let requests in flight
    finish (up to SHUTDOWN_GRACE) and close the app's pool."""

    def __init__(
        self, app: RestApp, bind: Callable[[], socket.socket], log: AccessLog | None = None
    ) -> None:
        self.app = app
        self.bind = bind  # called once the app has started: connected, schema cache loaded
        self.log = log or AccessLog()
        self.connections: set[Connection] = set()
        self._stop: asyncio.Event | None = None

    async def serve(self, on_ready: Callable[[], None] | None = None) -> None:
        self._stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        await self.app.start()
        try:
            server = await loop.create_server(
                lambda: Connection(self), sock=self.bind(), backlog=2048
            )
            if on_ready is not None:
                on_ready()
            await self._stop.wait()
            server.close()
            await self._finish()
        finally:
            await self.app.stop()
            self.log.flush()

    def stop(self) -> None:
        if self._stop is not None:
            self._stop.set()

    async def _finish(self) -> None:
        deadline = time.monotonic() + SHUTDOWN_GRACE
        for conn in list(self.connections):
            conn.closing = True
            if conn.task is None and conn.transport is not None:
                conn.transport.close()
        while any(c.task is not None for c in self.connections):
            if time.monotonic() > deadline:
                break
            await asyncio.sleep(0.01)
        for conn in list(self.connections):
            if conn.transport is not None:
                conn.transport.close()


def listen(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


@contextlib.asynccontextmanager
async def serving(app: RestApp, host: str = "127.0.0.1") -> AsyncIterator[str]:
    """`app` served on a free port of this event loop; yields its base URL (for tests and
    in-process use); stopped and its pool closed on exit."""
    sock = listen(host, 0)
    ready = asyncio.Event()
    gateway = Gateway(app, lambda: sock)
    task = asyncio.create_task(gateway.serve(ready.set))
    waiting = asyncio.create_task(ready.wait())
    await asyncio.wait((task, waiting), return_when=asyncio.FIRST_COMPLETED)
    if task.done():
        waiting.cancel()
        task.result()  # raises why it could not start
    try:
        yield f"http://{host}:{sock.getsockname()[1]}"
    finally:
        gateway.stop()
        await task
        sock.close()
