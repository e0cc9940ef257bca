"""The warm `kit stack up`: what it loads before it starts the REST gateway (the gateway's own
start is the longest part, so everything imported first delays the whole `up`), and the psql
check that lets it skip psycopg when nothing is pending (`kit.stack.warm`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from kit.errors import MigrationError
from kit.project import Project
from kit.stack.database import connect, provision
from kit.stack.keys import LOCAL_SECRET_KEY
from kit.stack.postgres import PostgresServer
from kit.stack.warm import nothing_to_apply, read_history

from .conftest import CliStack

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


def test_a_warm_start_applies_nothing_only_when_provision_would_not(
    fresh_server: PostgresServer, project_copy: Project
) -> None:
    server, project = fresh_server, project_copy
    assert read_history(server) == ([], {})  # no history tables yet: as empty
    assert nothing_to_apply(project, server) is None  # no configuration marker: provision
    provision(project, server)
    applied, recorded = read_history(server) or ([], {})
    assert applied == [f.name.split("_", 1)[0] for f in project.migration_files()]
    assert sorted(recorded) == sorted(project.seed_paths()[0])

    (project.migrations_dir / "notes.md").write_text("not a migration\n")  # skipped, warned
    quick = nothing_to_apply(project, server)
    assert quick is not None and quick.warnings  # the CLI's warning for the skipped file
    assert quick == provision(project, server)  # the same warnings, nothing run

    seed = project.seed_files()[0]
    seed.write_text(seed.read_text() + "\n-- changed\n")
    assert nothing_to_apply(project, server) is None  # provision records the new hash
    assert nothing_to_apply(project, server, seed=False) is not None
    provision(project, server)
    assert nothing_to_apply(project, server) is not None

    new = project.migrations_dir / "29990101000000_later.sql"
    new.write_text("create table later (id int);\n")
    assert nothing_to_apply(project, server) is None  # provision applies it
    new.unlink()
    with connect(server) as conn:
        conn.execute("insert into supabase_migrations.schema_migrations (version) values ('1')")
    with pytest.raises(MigrationError, match="not in supabase/migrations: 1"):
        nothing_to_apply(project, server)  # refused as provision refuses
    with pytest.raises(MigrationError, match="not in supabase/migrations: 1"):
        provision(project, server)


def test_a_stopped_stack_takes_new_migrations_and_refuses_as_before(cli_stack: CliStack) -> None:
    def table_answers() -> int:
        url = f"http://127.0.0.1:{cli_stack.api_port}/rest/v1/added_while_down"
        return httpx.get(url, headers={"apikey": LOCAL_SECRET_KEY}, timeout=10).status_code

    cli_stack.up()
    assert cli_stack.kit("down").returncode == 0
    new = cli_stack.project.migrations_dir / "20991231000001_added_while_down.sql"
    new.write_text(
        "create table public.added_while_down (id int);\n"
        "grant select on public.added_while_down to service_role;\n"
    )
    done = cli_stack.up()
    assert "applied migration 20991231000001_added_while_down.sql" in done.stderr
    assert table_answers() == 200  # the gateway's first schema cache has it
    assert cli_stack.kit("down").returncode == 0
    again = cli_stack.up()  # nothing pending: the psql check, and the same answers
    assert "applied migration" not in again.stderr and table_answers() == 200
    assert cli_stack.kit("down").returncode == 0
    new.unlink()
    refused = cli_stack.kit("up", ports=True)
    assert refused.returncode != 0
    assert "not in supabase/migrations: 20991231000001" in refused.stderr
    assert cli_stack.pids() == set()  # a failed up leaves nothing running
