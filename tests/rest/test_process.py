"""`python -m kit.rest` as the stack starts it: env config, one log line per request, no keys."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time

import httpx
import pytest

from kit.rest.config import RestConfig
from kit.stack.postgres import free_port
from tests.rest.conftest import SECRET


def gateway_process(
    rest_config: RestConfig, stderr: int = subprocess.PIPE, **settings: str
) -> tuple[subprocess.Popen[str], int]:
    """`python -m kit.rest` over the test database on a free port, with `KIT_REST_<NAME>`
    settings (e.g. `WORKERS="2"`); the caller waits for its port and stops it."""
    port = free_port()
    env = {
        **os.environ,
        "KIT_REST_DB_URL": rest_config.db_url,
        "KIT_REST_PORT": str(port),
        **{f"KIT_REST_{name}": value for name, value in settings.items()},
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "kit.rest"],
        env=env,
        stderr=stderr,
        text=True,
    )
    return proc, port


def wait_for_port(port: int, proc: subprocess.Popen[str], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("the gateway exited early")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on {port}")


@pytest.mark.skipif(shutil.which("curl") is None, reason="needs curl")
def test_module_serves_and_logs_without_keys(rest_config: RestConfig) -> None:
    proc, port = gateway_process(rest_config, SCHEMAS="public", MAX_ROWS="2")
    try:
        wait_for_port(port, proc)
        out = subprocess.run(
            [
                "curl",
                "-s",
                "-i",
                f"http://127.0.0.1:{port}/rest/v1/films?select=id&apikey={SECRET}",
                "-H",
                f"apikey: {SECRET}",
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        )
        assert " 200 " in out.stdout.splitlines()[0]
        assert "content-range: 0-1/*" in out.stdout.lower()  # KIT_REST_MAX_ROWS caps the read
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    assert "GET /rest/v1/films 200" in err
    assert SECRET not in err and "apikey" not in err


def _children(pid: int) -> list[int]:
    path = f"/proc/{pid}/task/{pid}/children"
    with open(path) as f:
        return [int(p) for p in f.read().split()]


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="needs /proc")
def test_workers_share_the_port_and_stop_together(rest_config: RestConfig) -> None:
    proc, port = gateway_process(rest_config, WORKERS="2")
    try:
        wait_for_port(port, proc)
        workers = _children(proc.pid)
        assert len(workers) == 2
        url = f"http://127.0.0.1:{port}/rest/v1/films?select=id&id=eq.1"
        for _ in range(20):  # new connections: the kernel spreads them over both workers
            r = httpx.get(url, headers={"apikey": SECRET})
            assert r.status_code == 200 and r.json() == [{"id": 1}]
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert err.count("GET /rest/v1/films 200") == 20
    for pid in workers:
        assert not os.path.exists(f"/proc/{pid}")  # each worker ended and was reaped
