"""`python -m kit.rest`: serve /rest/v1 on KIT_REST_HOST:KIT_REST_PORT (server.py).

Configuration comes from the environment (see RestConfig.from_env); KIT_REST_WORKERS sets the
number of worker processes (default 1), forked after the imports and sharing one listening
socket. One log line per request on stderr: method, path (never the query string, which may
hold an apikey), status, milliseconds.

KIT_REST_START_GATE names a file: the process imports everything and builds its app, then waits
for that file before it connects and binds, so `kit stack up` overlaps this start-up with
provisioning the database and the gateway loads its schema cache from the final catalog.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import signal
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path

from kit.rest.app import RestApp, create_app
from kit.rest.config import RestConfig
from kit.rest.server import AccessLog, Gateway, listen

log = logging.getLogger("kit.rest")
GATE_TIMEOUT = 300.0  # a `kit stack up` killed before opening the gate leaves no gateway for long


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    config = RestConfig.from_env()  # fail here, once, on a bad environment
    host = os.environ.get("KIT_REST_HOST", "127.0.0.1")
    port = int(os.environ.get("KIT_REST_PORT", "54321"))
    workers = int(os.environ.get("KIT_REST_WORKERS", "1"))
    gate = os.environ.get("KIT_REST_START_GATE")
    if workers <= 1:
        # Bound once connected and the schema cache is loaded: a client that can connect
        # gets an answer from the final catalog.
        sys.exit(_worker(GatedApp(config, Path(gate)) if gate else create_app(config), host, port))
    if gate:
        try:
            asyncio.run(_gate_opens(Path(gate)))
        except RuntimeError as exc:
            sys.exit(f"kit.rest: {exc}")
    try:
        sock = listen(host, port)
    except OSError as exc:
        sys.exit(f"kit.rest: cannot listen on {host}:{port}: {exc.strerror}")
    pids = [_fork(lambda: _worker(create_app(config), host, port, sock)) for _ in range(workers)]
    sys.exit(_supervise(pids))


def _worker(app: RestApp, host: str, port: int, sock: socket.socket | None = None) -> int:
    """Serve until SIGTERM or SIGINT; the exit status."""

    def bind() -> socket.socket:
        return sock if sock is not None else listen(host, port)

    async def serve() -> None:
        gateway = Gateway(app, bind, AccessLog(sys.stderr))
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, gateway.stop)
        await gateway.serve(on_ready=_tune_gc)

    try:
        _run(serve())
    except OSError as exc:
        log.error("cannot listen on %s:%d: %s", host, port, exc.strerror)
        return 1
    except Exception as exc:  # noqa: BLE001 - the database or the gate; said, then exit 1
        log.error("could not start: %s", exc)
        return 1
    return 0


def _tune_gc() -> None:
    """The modules and the schema cache live as long as the process: frozen, the collector no
    longer walks them, and a request's few hundred short-lived containers no longer start a
    collection every other request (CPython's threshold is 700 allocations)."""
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)


def _run(main: object) -> None:
    try:
        import uvloop
    except ImportError:  # not on Windows: the standard loop serves too, more slowly
        asyncio.run(main)  # type: ignore[arg-type]
    else:
        uvloop.run(main)  # type: ignore[arg-type]


def _fork(child: Callable[[], int]) -> int:
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            code = child()
        finally:
            os._exit(code)
    return pid


def _supervise(pids: list[int]) -> int:
    """Forward SIGTERM/SIGINT to the workers; when one ends by itself the others are stopped
    too (half a gateway would answer some requests and refuse others)."""

    def forward(sig: int, _frame: object) -> None:
        for pid in pids:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    code = 0
    alive = set(pids)
    while alive:
        pid, status = os.wait()
        alive.discard(pid)
        code = code or os.waitstatus_to_exitcode(status)
        forward(signal.SIGTERM, None)
    return code


async def _gate_opens(gate: Path) -> None:
    deadline = time.monotonic() + GATE_TIMEOUT
    while not gate.exists():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{gate} did not appear within {GATE_TIMEOUT:.0f} s")
        await asyncio.sleep(0.002)


class GatedApp(RestApp):
    """Starts (connects, loads the schema cache) once the gate file exists."""

    def __init__(self, config: RestConfig, gate: Path) -> None:
        super().__init__(config)
        self.gate = gate

    async def start(self) -> None:
        await _gate_opens(self.gate)
        await super().start()


if __name__ == "__main__":
    main()
