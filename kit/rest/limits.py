"""What one client may cost the gateway: header time and size, body time and size, and memory
handed back after a large response.

PostgREST leaves these to the proxy in front of it (Kong/Envoy on Supabase); the kit has no
proxy in front, so it bounds them here. Errors keep PostgREST's four-key shape with the kit's
own codes (PostgREST has none for these).

server.py enforces the header and body bounds per connection; the numbers and errors live
here.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable

from kit.rest.errors import ApiError

HEADER_TIMEOUT = 10.0  # seconds from a request's first byte to the end of its headers
HEADER_BYTES = 256 * 1024  # a 500-deep `or=` fits; nothing legitimate comes near


def too_large(limit: int) -> ApiError:
    return ApiError(
        413,
        "KIT413",
        "Request body too large",
        f"The gateway accepts at most {limit} bytes of request body (KIT_REST_MAX_BODY_BYTES).",
        "Send the rows in several smaller requests.",
    )


def body_too_slow(timeout: float) -> ApiError:
    return ApiError(
        408,
        "KIT408",
        "Request body timeout",
        f"The request body did not arrive within {timeout:g} seconds.",
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
