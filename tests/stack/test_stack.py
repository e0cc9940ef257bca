"""`kit stack` end to end, through the real command on a project copy and free ports: up, status,
down (twice, leaving no process), reset, logs, and the failures a user meets: a busy port, a
killed database, a stale pid file, a broken migration."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys

import httpx
import psycopg
import pytest

from kit.errors import TargetError
from kit.stack.keys import LOCAL_JWT_SECRET, StackKeys
from kit.stack.postgres import free_port
from kit.stack.process import alive, command_line, wait_until
from kit.target import resolve_target

from .conftest import CliStack

KEYS = StackKeys.for_secret(LOCAL_JWT_SECRET)

ENV_NAMES = [
    "ANON_KEY",
    "API_URL",
    "DB_URL",
    "JWT_SECRET",
    "PUBLISHABLE_KEY",
    "REST_URL",
    "SECRET_KEY",
    "SERVICE_ROLE_KEY",
]


def status_env(stack: CliStack) -> dict[str, str]:
    done = stack.kit("status", "-o", "env")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert all(re.fullmatch(r'[A-Z_]+="[^"]*"', line) for line in lines), done.stdout
    return {k: v.strip('"') for k, v in (line.split("=", 1) for line in lines)}


def agent_get(stack: CliStack, path: str) -> httpx.Response:
    return httpx.get(
        f"http://127.0.0.1:{stack.api_port}/rest/v1/{path}",
        headers={
            "apikey": KEYS.publishable_key.reveal(),
            "Authorization": f"Bearer {KEYS.agent_key.reveal()}",
        },
        timeout=10,
    )


def test_up_status_down_twice_leaves_no_process(shared_stack: CliStack) -> None:
    for _ in range(2):
        shared_stack.up()
        values = status_env(shared_stack)
        assert list(values) == ENV_NAMES, "the names and order of `supabase status -o env`"
        assert values["API_URL"] == f"http://127.0.0.1:{shared_stack.api_port}"
        assert values["REST_URL"] == values["API_URL"] + "/rest/v1"
        assert values["DB_URL"] == (
            f"postgresql://postgres:postgres@127.0.0.1:{shared_stack.db_port}/postgres"
        )
        assert values["ANON_KEY"] == KEYS.anon_key.reveal()
        assert values["SECRET_KEY"] == KEYS.secret_key.reveal()
        assert agent_get(shared_stack, "conversations?select=id&limit=1").status_code == 200
        assert shared_stack.pids(), "the stack runs in the background after `up` returned"
        down = shared_stack.kit("down")
        assert down.returncode == 0, down.stderr
        assert shared_stack.pids() == set()
        assert not (shared_stack.root / ".kit" / "rest.pid").exists()
    assert (shared_stack.root / ".kit" / "db" / "data" / "PG_VERSION").exists(), "data kept"


def test_status_json_and_up_twice_is_a_noop(shared_stack: CliStack) -> None:
    shared_stack.up()
    before = shared_stack.pids()
    again = shared_stack.up()
    assert "already running" in again.stderr
    assert shared_stack.pids() == before, "no process was started or restarted"
    done = shared_stack.kit("status", "-o", "json")
    assert done.returncode == 0, done.stderr
    assert sorted(json.loads(done.stdout)) == ENV_NAMES
    moved = shared_stack.kit("up", "--api-port", str(shared_stack.api_port + 1))
    assert moved.returncode == 2 and "already runs with API port" in moved.stderr
    assert "kit stack down" in moved.stderr
    pretty = shared_stack.kit("status")
    assert "running" in pretty.stdout and KEYS.secret_key.reveal() not in pretty.stdout


def test_status_of_a_stopped_stack_says_how_to_start(shared_stack: CliStack) -> None:
    assert shared_stack.kit("down").returncode == 0
    done = shared_stack.kit("status", "-o", "env")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "not running" in done.stderr and "kit stack up" in done.stderr


@pytest.mark.parametrize(("which", "flag"), [("api", "--api-port"), ("db", "--db-port")])
def test_busy_port_names_the_port_and_the_flag(
    shared_stack: CliStack, which: str, flag: str
) -> None:
    assert shared_stack.kit("down").returncode == 0
    port = shared_stack.api_port if which == "api" else shared_stack.db_port
    with socket.socket() as squatter:
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # past TIME_WAIT
        squatter.bind(("127.0.0.1", port))
        squatter.listen()
        done = shared_stack.kit("up", ports=True)
    assert done.returncode == 2
    assert f"port {port}" in done.stderr and flag in done.stderr
    assert shared_stack.pids() == set(), "nothing was left half started"


def test_killed_database_is_reported_and_recovered(shared_stack: CliStack) -> None:
    shared_stack.up()
    postmaster = int((shared_stack.root / ".kit/db/data/postmaster.pid").read_text().split()[0])
    os.kill(postmaster, signal.SIGKILL)
    assert wait_until(lambda: not alive(postmaster), 10)

    status = shared_stack.kit("status")
    assert status.returncode == 2
    assert "database is not running: its process died" in status.stderr
    assert "kit stack up" in status.stderr

    shared_stack.up()
    assert agent_get(shared_stack, "conversations?select=id&limit=1").status_code == 200


def test_stale_rest_pid_file_is_recovered(shared_stack: CliStack) -> None:
    shared_stack.up()
    pid_file = shared_stack.root / ".kit" / "rest.pid"
    rest_pid = int(pid_file.read_text())
    os.killpg(rest_pid, signal.SIGKILL)  # a crash: the pid file stays behind
    assert wait_until(lambda: not alive(rest_pid), 10)
    # Worse still, the pid now names another live process (pid reuse): it must not be touched.
    with subprocess.Popen(["sleep", "30"]) as bystander:
        pid_file.write_text(f"{bystander.pid}\n")
        status = shared_stack.kit("status")
        assert status.returncode == 2 and "REST gateway is not running (stale pid file)" in (
            status.stderr
        )
        shared_stack.up()
        assert bystander.poll() is None, "the unrelated process was left alone"
        bystander.kill()
    assert int(pid_file.read_text()) != bystander.pid
    assert agent_get(shared_stack, "conversations?select=id&limit=1").status_code == 200


def test_reset_rebuilds_schema_and_seed_on_the_ports_asked(shared_stack: CliStack) -> None:
    shared_stack.up()
    db_url = status_env(shared_stack)["DB_URL"]
    with psycopg.connect(db_url, autocommit=True) as conn:
        seeded = _count(conn, "messages")
        conn.execute("delete from messages")
        conn.execute("create table public.scratch (id int)")
    api, db = free_port(), free_port()
    done = shared_stack.kit("reset", "--api-port", str(api), "--db-port", str(db))
    assert done.returncode == 0, done.stderr
    assert "loaded seed" in done.stderr
    moved = status_env(shared_stack)
    assert moved["API_URL"] == f"http://127.0.0.1:{api}" and f":{db}/" in moved["DB_URL"]
    with psycopg.connect(moved["DB_URL"], autocommit=True) as conn:
        assert _count(conn, "messages") == seeded > 0
        assert conn.execute("select to_regclass('public.scratch')").fetchone() == (None,)
    assert not _listens(shared_stack.db_port), "nothing stays on the old database port"
    back = shared_stack.kit("reset", ports=True)  # and back, for the module's other tests
    assert back.returncode == 0, back.stderr
    assert agent_get(shared_stack, "messages?select=id&limit=1").json() != []
    assert not _listens(api) and not _listens(db)


def test_up_on_a_running_stack_applies_new_migrations(shared_stack: CliStack) -> None:
    shared_stack.up()
    new = shared_stack.project.migrations_dir / "20991231000001_added_later.sql"
    new.write_text("create table public.added_later (id int);\n")
    try:
        done = shared_stack.kit("up", ports=True)
        assert done.returncode == 0, done.stderr
        assert "already running" in done.stderr
        assert "applied migration 20991231000001_added_later.sql" in done.stderr
        again = shared_stack.kit("up", ports=True)
        assert again.returncode == 0 and "applied migration" not in again.stderr
        db_url = status_env(shared_stack)["DB_URL"]
        with psycopg.connect(db_url, autocommit=True) as conn:
            assert conn.execute("select to_regclass('public.added_later')").fetchone() != (None,)
        # Files added since: generate (whose own database is a throwaway) warns about the
        # running stack, before anything else (this copy has no tool specs).
        newer = shared_stack.project.migrations_dir / "20991231000002_newer.sql"
        newer.write_text("select 1;\n")
        generate = subprocess.run(
            [sys.executable, "-m", "kit", "--project", str(shared_stack.root), "generate"],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "NO_COLOR": "1", "COLUMNS": "300"},
        )
        assert "the running kit stack's database is behind supabase/migrations: 1 pending" in (
            generate.stderr
        )
        assert "20991231000002_newer.sql" in generate.stderr and "kit stack up" in generate.stderr
        # verify checks the database of the target it is given (its DB_URL), before the tools.
        env_file = shared_stack.root / ".env.test"
        env_file.write_text(shared_stack.kit("status", "-o", "env").stdout)
        verify = subprocess.run(
            [sys.executable, "-m", "kit", "--project", str(shared_stack.root), "verify"]
            + ["--env", str(env_file)],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "NO_COLOR": "1", "COLUMNS": "300"},
        )
        assert "the target database is behind supabase/migrations: 1 pending" in verify.stderr
        newer.unlink()
    finally:  # leave the shared stack as the folder describes it
        new.unlink()
        with psycopg.connect(status_env(shared_stack)["DB_URL"], autocommit=True) as conn:
            conn.execute("drop table if exists public.added_later")
            conn.execute(
                "delete from supabase_migrations.schema_migrations where version = %s",
                ("20991231000001",),
            )


def test_up_on_other_ports_than_the_running_database_starts_nothing(
    shared_stack: CliStack,
) -> None:
    shared_stack.up()
    (shared_stack.root / ".kit" / "stack.json").unlink()  # as after a crash: no record
    other_api, other_db = free_port(), free_port()
    done = shared_stack.kit("up", "--api-port", str(other_api), "--db-port", str(other_db))
    assert done.returncode == 2
    assert f"already runs on port {shared_stack.db_port}" in done.stderr
    assert not _listens(other_api) and not _listens(other_db)
    shared_stack.up()  # the right ports: fine, and the record is back
    assert (shared_stack.root / ".kit" / "stack.json").exists()


def _listens(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_broken_migration_stops_up_with_file_and_line(cli_stack: CliStack) -> None:
    broken = cli_stack.project.migrations_dir / "20991231000000_broken.sql"
    broken.write_text("create table ok (id int);\n\nselect no_such_column from ok;\n")
    done = cli_stack.kit("up", ports=True)
    assert done.returncode == 2
    assert "20991231000000_broken.sql:3" in done.stderr
    assert "no_such_column" in done.stderr
    assert "nothing of this file was applied" in done.stderr
    assert not (cli_stack.root / ".kit" / "rest.pid").exists(), "REST is not started on failure"


def test_logs_show_each_service(shared_stack: CliStack) -> None:
    shared_stack.up()
    db = shared_stack.kit("logs", "db", "-n", "200")
    assert db.returncode == 0 and "database system is ready" in db.stdout
    rest = shared_stack.kit("logs", "rest")
    assert rest.returncode == 0 and rest.stdout.strip()

    command = [sys.executable, "-m", "kit", "--project", str(shared_stack.root), "stack"]
    with subprocess.Popen(
        [*command, "logs", "rest", "-n", "1", "--follow"], stdout=subprocess.PIPE, text=True
    ) as follower:
        assert follower.stdout is not None
        follower.stdout.readline()  # the one old line
        agent_get(shared_stack, "user_preferences?select=user_id&limit=1")
        fresh = follower.stdout.readline()
        follower.send_signal(signal.SIGINT)
        assert follower.wait(timeout=10) == 0, "Ctrl-C ends it quietly"
    assert "GET /rest/v1/user_preferences 200" in fresh


def _count(conn: psycopg.Connection, table: str) -> int:
    row = conn.execute(f"select count(*) from public.{table}").fetchone()
    assert row is not None
    return int(row[0])


def test_stale_postmaster_pid_naming_another_process_is_recovered(shared_stack: CliStack) -> None:
    shared_stack.up()
    assert shared_stack.kit("down").returncode == 0
    with subprocess.Popen(["sleep", "30"]) as bystander:
        pid_file = shared_stack.root / ".kit" / "db" / "data" / "postmaster.pid"
        pid_file.write_text(f"{bystander.pid}\n{shared_stack.root}/.kit/db/data\n")
        status = shared_stack.kit("status")
        assert status.returncode == 2 and "stale postmaster.pid" in status.stderr
        shared_stack.up()
        assert bystander.poll() is None, "the unrelated process was left alone"
        bystander.kill()
    assert agent_get(shared_stack, "conversations?select=id&limit=1").status_code == 200


def test_target_discovery_finds_or_starts_the_kit_stack(shared_stack: CliStack) -> None:
    project = shared_stack.project
    assert shared_stack.kit("down").returncode == 0
    with pytest.raises(TargetError):
        resolve_target(project)
    target = resolve_target(project, start=True)
    assert target.name == "kit stack"
    assert target.api_url == f"http://127.0.0.1:{shared_stack.api_port}"
    assert target.agent_key is not None and target.anon_key is not None
    answer = httpx.get(
        target.rest_url + "/conversations?select=id&limit=1",
        headers={
            "apikey": target.anon_key.reveal(),
            "Authorization": f"Bearer {target.agent_key.reveal()}",
        },
    )
    assert answer.status_code == 200 and len(answer.json()) == 1
    assert resolve_target(project).api_url == target.api_url, "found running, not restarted"


def test_concurrent_ups_start_one_stack(shared_stack: CliStack) -> None:
    assert shared_stack.kit("down").returncode == 0
    flags = ["--api-port", str(shared_stack.api_port), "--db-port", str(shared_stack.db_port)]
    command = [sys.executable, "-m", "kit", "--project", str(shared_stack.root), "stack", "up"]
    racers = [subprocess.Popen([*command, *flags], stderr=subprocess.PIPE) for _ in range(2)]
    results = [(racer.wait(timeout=120), racer.stderr.read()) for racer in racers]  # type: ignore[union-attr]
    for racer in racers:
        racer.stderr.close()  # type: ignore[union-attr]
    assert [code for code, _ in results] == [0, 0], results
    assert sum(b"already running" in err for _, err in results) == 1
    rest = [p for p in shared_stack.pids() if "kit.rest" in command_line(p)]
    assert len(rest) == 1, "one gateway, not two"
