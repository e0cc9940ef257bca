"""The template cluster: built once per baseline, copied for each server, rebuilt when damaged."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import psycopg
import pytest

from kit.generator import project_catalog
from kit.project import load_project
from kit.stack import template
from kit.stack.postgres import PostgresServer, free_port
from kit.stack.process import wait_until
from kit.testing import scratch_dir

from ..conftest import ROOT


def new_server(home: Path, password: str = "postgres") -> PostgresServer:
    return PostgresServer(home / "data", port=free_port(), password=password, durable=False)


def test_copied_with_the_servers_own_password_and_rebuilt_when_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with scratch_dir() as home:
        warmup = new_server(home)
        template.create_cluster(warmup)  # builds the template if this machine has none yet
        warmup.destroy()
        built = template.template_dir()
        assert (built / "PG_VERSION").is_file()
        builds = built.parent.glob(f"{built.name}.*.tmp")
        assert not [p for p in builds if not p.name.startswith(template.spare_dir().name)]

        def no_initdb(self: PostgresServer) -> None:
            raise AssertionError("initdb ran although the template was there")

        with monkeypatch.context() as patched:
            patched.setattr(PostgresServer, "init", no_initdb)
            server = new_server(home, password="not-the-default")
            try:
                template.create_cluster(server)
                with psycopg.connect(server.dsn(), autocommit=True) as conn:
                    row = conn.execute("select to_regclass('auth.users') is not null").fetchone()
                    assert row == (True,)
                with pytest.raises(psycopg.OperationalError, match="password authentication"):
                    psycopg.connect(server.dsn(password=template.TEMPLATE_PASSWORD)).close()
            finally:
                server.destroy()

            # A spare copy is made in the background; the next server takes it by a rename.
            assert wait_until(template.spare_dir().is_dir, 60, 0.1)
            spare = template.spare_dir().stat().st_ino
            server = new_server(home)
            try:
                template.create_cluster(server)
                assert server.data_dir.stat().st_ino == spare
            finally:
                server.destroy()

    # A damaged template in a cache of the test's own: dropped, rebuilt, and generate still works.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    damaged = template.template_dir()
    damaged.parent.mkdir(parents=True)
    subprocess.run(["cp", "-a", str(built), str(damaged)], check=True)
    (damaged / "global" / "pg_control").write_bytes(b"not a control file")
    assert project_catalog(load_project(ROOT)).table("messages") is not None
    assert (damaged / "global" / "pg_control").read_bytes() != b"not a control file"
    shutil.rmtree(damaged)
