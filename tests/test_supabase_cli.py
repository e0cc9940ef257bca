"""The migrations and seed apply with the real Supabase CLI (`supabase db push --db-url`, no
Docker needed) on a fresh embedded PostgreSQL that has the kit's Supabase baseline."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from kit.project import load_project
from kit.stack.baseline import apply_baseline
from kit.stack.database import connect
from kit.stack.postgres import PostgresServer

from .conftest import ROOT

SUPABASE = ROOT / "node_modules" / ".bin" / "supabase"


def supabase_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    if not SUPABASE.exists():
        pytest.fail("the Supabase CLI is missing: run `make setup` (npm install installs it)")
    # A throwaway HOME: the CLI writes its telemetry state there, never into the repository.
    with tempfile.TemporaryDirectory() as home:
        return subprocess.run(
            [str(SUPABASE), *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=180,
            env={
                "PATH": "/usr/bin:/bin",
                "HOME": home,
                "SUPABASE_TELEMETRY_DISABLED": "1",
                "DO_NOT_TRACK": "1",
            },
        )


def push_with_cli(server: PostgresServer, root: Path) -> subprocess.CompletedProcess[str]:
    return supabase_cli(
        "db", "push", "--db-url", server.dsn(), "--include-seed", "--yes", "--workdir", str(root)
    )


def test_cli_pushes_migrations_and_seed(fresh_server: PostgresServer, tmp_path: Path) -> None:
    root = tmp_path / "copy"
    shutil.copytree(ROOT / "supabase", root / "supabase", ignore=shutil.ignore_patterns(".temp"))
    shutil.copytree(ROOT / "seed", root / "seed")
    project = load_project(root)
    with connect(fresh_server) as conn:
        apply_baseline(conn, auto_expose_new_tables=False, authenticator_password="postgres")

    result = push_with_cli(fresh_server, root)

    assert result.returncode == 0, result.stdout + result.stderr
    with connect(fresh_server) as conn:
        tables = {
            r[0]
            for r in conn.execute(
                "select tablename from pg_tables where schemaname = 'public'"
            ).fetchall()
        }
        versions = [
            r[0]
            for r in conn.execute(
                "select version from supabase_migrations.schema_migrations order by 1"
            ).fetchall()
        ]
        messages = conn.execute("select count(*) from public.messages").fetchone()
    assert tables == {
        "conversations",
        "messages",
        "generated_code",
        "user_preferences",
        "memory_long_term",
    }
    assert versions == [p.name[:14] for p in project.migration_files()]
    assert messages is not None and messages[0] > 0, "the seed was loaded"
