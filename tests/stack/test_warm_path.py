"""What `kit stack up` loads before it starts the REST gateway: the gateway's own start is the
longest part of a warm `up`, so everything this process imports first delays the whole `up`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Each costs several milliseconds to import and is only needed once the gateway is under way.
DEFERRED = ("rich", "psycopg", "importlib.metadata", "dotenv", "kit.stack.database", "hashlib")


def test_up_starts_the_gateway_before_loading_what_it_can_do_without() -> None:
    code = (
        "import sys\n"
        "import kit.cli, kit.cli.stack, kit.stack.stack\n"
        # What _up reads before the spawn: the project, the ports, the gateway's settings.
        f"stack = kit.stack.stack.Stack(kit.cli.load_project({str(ROOT)!r}))\n"
        "stack.status(); stack._rest_env()\n"
        f"print('LOADED', sorted(m for m in {DEFERRED!r} if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "LOADED []" in done.stdout, done.stdout
