"""The embedded server as root: it runs as a system user, which must keep reaching its data."""

from __future__ import annotations

import os

import pytest

from kit.stack.postgres import PostgresServer, free_port
from kit.testing import scratch_dir


@pytest.mark.skipif(os.geteuid() != 0, reason="only root runs the server as another user")
def test_stop_works_after_a_parent_lost_its_traversal_bit() -> None:
    with scratch_dir("kit-pg-perm-") as home:
        server = PostgresServer(home / "pg" / "data", port=free_port(), durable=False)
        server.init()
        server.start()
        try:
            home.chmod(0o700)  # what a new pytest session does to /tmp/pytest-of-root
            server.stop()
            assert not server.is_running()
            home.chmod(0o700)
            server.start()
            assert server.is_running()
        finally:
            server.destroy()
