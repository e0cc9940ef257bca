"""A pooled connection's socket, watched for reading by one poll handle for its whole life.

Why not `loop.add_reader`/`remove_reader` around each wait, as psycopg does: uvloop then makes
and closes a poll handle per round trip, ~9 system calls (seven epoll_ctl, an ioctl, an
io_uring_enter; counted with strace), a tenth of an insert's CPU in the gateway. Here the
handle stays; each wait re-arms it with `add_reader`, which on a live handle only swaps the
callback (no system call).

The watch is on a duplicate of the socket's descriptor. The original stays libpq's: psycopg's
own waits (transactions, the pool's checks) use it, and libpq closes it on an error, after
which the kernel hands its number to the next socket; a watch left on that number would end up
on someone else's socket. The duplicate is closed only here: when the connection is
garbage-collected or closed through `forget`, and when the socket turns readable with no round
trip waiting (the server ended the connection, or psycopg's own code is reading it), since a
level-triggered watch on unread bytes would fire on every turn of the loop. A loop may also
report readiness a round trip has already consumed (asyncio's own loop queues the callback a
turn late): a peek tells that apart, and the watch stays. uvloop closes a poll handle after an
error event (a reset), once it has run the callback: re-arming then fails, and a new watch
takes its place.
"""

from __future__ import annotations

import asyncio
import os
import socket
import weakref
from typing import Any

from psycopg.waiting import READY_R

_watches: weakref.WeakKeyDictionary[Any, Watch] = weakref.WeakKeyDictionary()


class Watch:
    """Readable-or-not for one connection; `waiter` is the round trip's future, if one waits."""

    __slots__ = ("fd", "finalizer", "loop", "sock", "waiter")

    def __init__(self, loop: asyncio.AbstractEventLoop, fileno: int) -> None:
        self.loop = loop
        # A socket object over a duplicate descriptor, only to peek and to close: its blocking
        # mode is never set (O_NONBLOCK belongs to the socket, which libpq shares).
        fd = os.dup(fileno)
        try:
            self.sock = socket.socket(fileno=fd)
        except OSError:
            os.close(fd)
            raise
        self.fd = self.sock.fileno()
        self.waiter: asyncio.Future[int] | None = None
        self.finalizer: weakref.finalize[Any, Any] | None = None

    def arm(self, waiter: asyncio.Future[int]) -> bool:
        """Wake `waiter` when readable; False if the loop has closed this watch's handle."""
        try:
            self.loop.add_reader(self.fd, self._readable)
        except RuntimeError:  # uvloop: "unable to perform operation on <UVPoll closed=True>"
            return False
        self.waiter = waiter
        return True

    def _readable(self) -> None:
        waiter = self.waiter
        if waiter is not None:
            if not waiter.done():
                waiter.set_result(READY_R)
        elif self._unread():
            self.close()

    def _unread(self) -> bool:
        """Bytes (or the end of the stream) wait unread, rather than a late report."""
        try:
            self.sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT)
        except BlockingIOError:
            return False
        except OSError:
            return True  # a reset: the connection is gone
        return True

    def close(self) -> None:
        if self.finalizer is not None:
            self.finalizer.detach()  # else each watch a connection outlives stays referenced
        if self.fd < 0:
            return
        try:
            self.loop.remove_reader(self.fd)
        except Exception:  # noqa: BLE001, S110 - the loop is closed: nothing watches any more
            pass
        self.sock.close()
        self.fd = -1


def arm(conn: Any, waiter: asyncio.Future[int]) -> Watch:
    """Wake `waiter` when the connection's socket is readable; the watch in use (`waiter` is
    its attribute until the caller clears it)."""
    found = _watches.get(conn)
    if found is not None and found.fd >= 0 and found.loop is waiter.get_loop():
        if found.arm(waiter):
            return found
    if found is not None:
        found.close()
    made = _watches[conn] = Watch(waiter.get_loop(), conn.fileno())
    made.finalizer = weakref.finalize(conn, _collected, made)
    if not made.arm(waiter):
        raise RuntimeError("the event loop refused to watch a new socket")
    return made


def _collected(found: Watch) -> None:
    """The connection was garbage-collected, maybe by a collection another thread started:
    the loop's own thread closes the watch (an event loop is not thread-safe)."""
    try:
        here = asyncio.get_running_loop() is found.loop
    except RuntimeError:
        here = False
    if here:
        found.close()
        return
    try:
        found.loop.call_soon_threadsafe(found.close)
    except RuntimeError:  # the loop is closed, and its registrations with it
        found.sock.close()
        found.fd = -1


def forget(conn: Any) -> None:
    """Before the connection is closed: its watch goes first."""
    found = _watches.pop(conn, None)
    if found is not None:
        found.close()
