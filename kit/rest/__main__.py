"""`python -m kit.rest`: serve /rest/v1 with uvicorn on KIT_REST_HOST:KIT_REST_PORT.

Configuration comes from the environment (see RestConfig.from_env); KIT_REST_WORKERS sets the
number of worker processes (default 1). One log line per request:
method, path (never the query string, which may hold an apikey), status, milliseconds.

KIT_REST_START_GATE names a file: the process imports everything and builds its app, then its
start-up waits for that file before it connects and binds, so `kit stack up` overlaps this
start-up with provisioning the database and the gateway loads its schema cache from the final
catalog.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from pathlib import Path

import uvicorn

from kit.rest.app import RestApp, create_app
from kit.rest.config import RestConfig
from kit.rest.limits import GuardedHttp


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    RestConfig.from_env()  # fail here, once, on a bad environment
    if os.environ.get("KIT_REST_START_GATE"):
        _preload_server_modules()
    uvicorn.run(
        "kit.rest.__main__:app_from_env",
        factory=True,
        host=os.environ.get("KIT_REST_HOST", "127.0.0.1"),
        port=int(os.environ.get("KIT_REST_PORT", "54321")),
        workers=int(os.environ.get("KIT_REST_WORKERS", "1")),
        log_level="warning",
        access_log=False,
        proxy_headers=False,  # nothing in front sets X-Forwarded-*; one wrapper less per request
        lifespan="on",
        http=GuardedHttp,  # header deadline and size (kit.rest.limits)
    )


GATE_TIMEOUT = 300.0  # a `kit stack up` killed before opening the gate leaves no gateway for long


def _preload_server_modules() -> None:
    """What uvicorn imports only once it runs: its event loop, protocol and lifespan modules."""
    import uvicorn.lifespan.on  # noqa: F401
    import uvicorn.loops.auto  # noqa: F401
    import uvicorn.protocols.http.auto  # noqa: F401


class GatedApp(RestApp):
    """Starts (connects, loads the schema cache) once the gate file exists; uvicorn binds
    after that, so the first answer already comes from the final catalog."""

    def __init__(self, config: RestConfig, gate: Path) -> None:
        super().__init__(config)
        self.gate = gate

    async def start(self) -> None:
        deadline = time.monotonic() + GATE_TIMEOUT
        while not self.gate.exists():
            if time.monotonic() > deadline:  # reported by uvicorn, which then exits
                raise RuntimeError(f"{self.gate} did not appear within {GATE_TIMEOUT:.0f} s")
            await asyncio.sleep(0.002)
        await super().start()


def app_from_env() -> RestApp:
    """Each worker process builds its own app (pool, schema cache) from the environment."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    # The logging HOWTO's "Optimization" switches: a request line needs none of these.
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    logging._srcfile = None  # no caller lookup per record
    config = RestConfig.from_env()
    gate = os.environ.get("KIT_REST_START_GATE")
    return GatedApp(config, Path(gate)) if gate else create_app(config)


if __name__ == "__main__":
    main()
