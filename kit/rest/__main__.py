"""`python -m kit.rest`: serve /rest/v1 with uvicorn on KIT_REST_HOST:KIT_REST_PORT.

Configuration comes from the environment (see RestConfig.from_env); KIT_REST_WORKERS sets the
number of worker processes (default 1). One log line per request:
method, path (never the query string, which may hold an apikey), status, milliseconds.
"""

from __future__ import annotations

import logging
import os

import uvicorn

from kit.rest.app import RestApp, create_app
from kit.rest.config import RestConfig
from kit.rest.limits import GuardedHttp


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    RestConfig.from_env()  # fail here, once, on a bad environment
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


def app_from_env() -> RestApp:
    """Each worker process builds its own app (pool, schema cache) from the environment."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    # The logging HOWTO's "Optimization" switches: a request line needs none of these.
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    logging._srcfile = None  # no caller lookup per record
    return create_app(RestConfig.from_env())


if __name__ == "__main__":
    main()
