"""What one client may cost the gateway: header time and size, body time and size, and memory
handed back after a large response.

PostgREST leaves these to the proxy in front of it (Kong/Envoy on Supabase); the kit has no
proxy in front, so it bounds them here. Errors keep PostgREST's four-key shape with the kit's
own codes (PostgREST has none for these).

uvicorn bounds idle keep-alive connections but not a client that sends its headers slowly (or
endlessly): `GuardedHttp` is uvicorn's httptools protocol with a deadline and a size cap on the
header section (uvicorn has no setting for either).
"""

from __future__ import annotations

import asyncio
import ctypes
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from kit.rest.errors import ApiError

log = logging.getLogger("kit.rest")
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]

HEADER_TIMEOUT = 10.0  # seconds from a request's first byte to the end of its headers
HEADER_BYTES = 256 * 1024  # a 500-deep `or=` fits; nothing legitimate comes near


class GuardedHttp(HttpToolsProtocol):
    """Closes a connection whose request headers take too long or grow too large (a 408 or 431
    with no body, as nginx answers them). One timer per connection checks the time since the
    header section began, so a request costs a clock read, not a timer of its own."""

    _check: asyncio.TimerHandle | None = None
    _header_bytes = 0
    _counting = True  # between requests and within a header section
    _began = 0.0  # when the current header section (or the wait for one) began

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._began = self.loop.time()
        self._check = self.loop.call_later(HEADER_TIMEOUT, self._too_slow)

    def data_received(self, data: bytes) -> None:
        if self._counting:
            self._header_bytes += len(data)
            if self._header_bytes > HEADER_BYTES:
                self._refuse(b"431 Request Header Fields Too Large")
                return
        super().data_received(data)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._began = self.loop.time()

    def on_headers_complete(self) -> None:
        self._counting, self._header_bytes = False, 0
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._counting, self._began = True, self.loop.time()
        super().on_message_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop()
        super().connection_lost(exc)

    def _stop(self) -> None:
        if self._check is not None:
            self._check.cancel()
            self._check = None

    def _too_slow(self) -> None:
        self._check = None
        if self.transport.is_closing():
            return
        waited = self.loop.time() - self._began
        if self._counting and waited >= HEADER_TIMEOUT:
            self._refuse(b"408 Request Timeout")
            return
        # Not in a header section, or not for long yet: look again when it could be late.
        remaining = HEADER_TIMEOUT - waited if self._counting else HEADER_TIMEOUT
        self._check = self.loop.call_later(max(remaining, 0.05), self._too_slow)

    def _refuse(self, status: bytes) -> None:
        self._stop()
        if not self.transport.is_closing():
            self.transport.write(
                b"HTTP/1.1 " + status + b"\r\nconnection: close\r\ncontent-length: 0\r\n\r\n"
            )
            self.transport.close()


async def read_body(
    receive: Receive, headers: list[tuple[bytes, bytes]], limit: int, timeout: float
) -> bytes:
    """The request body, refused past `limit` bytes (413, before reading it when
    Content-Length says so) or when it does not arrive within `timeout` seconds (408)."""
    announced = False
    for name, value in headers:
        if name == b"content-length":
            announced = value != b"0"
            if value.isdigit() and int(value) > limit:
                raise too_large(limit)
        elif name == b"transfer-encoding":
            announced = True
    if not announced:  # no body: uvicorn has the (empty) message already, no timer needed
        message = await receive()
        if not message.get("more_body"):
            return bytes(message.get("body", b""))
        first = [message.get("body", b"")]
    else:
        first = []
    chunks: list[bytes] = first
    size = sum(len(c) for c in chunks)
    try:
        async with asyncio.timeout(timeout):
            while True:
                message = await receive()
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > limit:
                    raise too_large(limit)
                chunks.append(chunk)
                if not message.get("more_body"):
                    return b"".join(chunks)
    except TimeoutError:
        raise ApiError(
            408,
            "KIT408",
            "Request body timeout",
            f"The request body did not arrive within {timeout:g} seconds.",
        ) from None


def too_large(limit: int) -> ApiError:
    return ApiError(
        413,
        "KIT413",
        "Request body too large",
        f"The gateway accepts at most {limit} bytes of request body (KIT_REST_MAX_BODY_BYTES).",
        "Send the rows in several smaller requests.",
    )


def response_too_large(size: int, limit: int) -> ApiError:
    """A read whose JSON the database measured past the cap; its body never left PostgreSQL."""
    return ApiError(
        400,
        "KIT400",
        "Response too large",
        f"The response would be {size} bytes; the gateway sends at most {limit} "
        "(KIT_REST_MAX_RESPONSE_BYTES).",
        "Select fewer columns or fewer rows (limit, Range, filters).",
    )


def _libc_trim() -> Callable[[], None]:
    """glibc keeps freed heap memory for reuse and, after a large buffer is freed, raises its
    mmap threshold so the next large buffers come from the heap too, and stay there. Pinning
    the threshold keeps large response buffers in mmap (unmapped when freed); malloc_trim hands
    back what fragmentation still holds. Other C libraries: nothing to do."""
    try:
        # The process's own symbols, which hold the C library's: ctypes.util.find_library
        # would spawn `ldconfig -p` (~20 ms of every gateway start).
        libc = ctypes.CDLL(None)
        mallopt, malloc_trim = libc.mallopt, libc.malloc_trim
    except (OSError, AttributeError):
        return lambda: None
    m_mmap_threshold = -3
    mallopt(m_mmap_threshold, 1024 * 1024)
    return lambda: malloc_trim(0) and None


trim_memory = _libc_trim()
TRIM_AFTER = 4 * 1024 * 1024  # bytes of response after which memory is handed back
