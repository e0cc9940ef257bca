"""`python -m kit.rest`: serve /rest/v1 with uvicorn on KIT_REST_HOST:KIT_REST_PORT.

Configuration comes from the environment (see RestConfig.from_env). One log line per request:
method, path (never the query string, which may hold an apikey), status, milliseconds.
"""

from __future__ import annotations

import logging
import os

import uvicorn

from kit.rest.app import create_app
from kit.rest.config import RestConfig


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    config = RestConfig.from_env()
    uvicorn.run(
        create_app(config),
        host=os.environ.get("KIT_REST_HOST", "127.0.0.1"),
        port=int(os.environ.get("KIT_REST_PORT", "54321")),
        log_level="warning",
        access_log=False,
        lifespan="on",
    )


if __name__ == "__main__":
    main()
