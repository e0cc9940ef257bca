"""The real Supabase CLI (npm `supabase`, `db push --db-url`) and the kit's runner, side by side
on odd migration names, seed globs and migrations with their own transaction control: the same
files apply in the same order, the same are skipped with the same words, the same history and
seed hashes are recorded, and a failure leaves the database in the same state.

Each comparison uses two databases of one fresh server, one per runner, both with the baseline.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest

from kit.errors import MigrationError
from kit.project import load_project
from kit.stack.baseline import apply_baseline
from kit.stack.database import Provisioned, migrate
from kit.stack.postgres import PostgresServer, free_port
from kit.testing import scratch_dir

from ..test_supabase_cli import supabase_cli
from . import odd_project

STATE = {
    "history": "select version, name, statements from supabase_migrations.schema_migrations",
    "seeds": "select path, hash from supabase_migrations.seed_files",
    "tables": "select tablename from pg_tables where schemaname = 'public'",
    "indexes": "select indexname from pg_indexes where schemaname = 'public'",
    "functions": "select proname from pg_proc where pronamespace = 'public'::regnamespace",
}


@pytest.fixture(scope="module")
def server() -> Iterator[PostgresServer]:
    """One server for the module; `database` copies a baseline database per runner and case."""
    with scratch_dir("kit-agree-") as home:
        server = PostgresServer(home / "data", port=free_port(), durable=False)
        server.init()
        server.start()
        try:
            with psycopg.connect(server.dsn(), autocommit=True) as conn:
                conn.execute("create database baseline")
            with psycopg.connect(server.dsn(db="baseline"), autocommit=True) as conn:
                apply_baseline(conn, auto_expose_new_tables=True, authenticator_password="postgres")
            yield server
        finally:
            server.destroy()


def database(server: PostgresServer, name: str) -> str:
    with psycopg.connect(server.dsn(), autocommit=True) as conn:
        conn.execute(f"create database {name} template baseline")
    return server.dsn(db=name) + "?sslmode=disable"  # the CLI tries TLS first otherwise


def state(dsn: str) -> dict[str, list[tuple[object, ...]]]:
    out = {}
    with psycopg.connect(dsn, autocommit=True) as conn:
        for part, query in STATE.items():
            try:
                out[part] = sorted(conn.execute(query).fetchall(), key=repr)
            except psycopg.errors.UndefinedTable:
                out[part] = []
    return out


def push(root: Path, dsn: str, *extra: str) -> str:
    args = ["db", "push", "--db-url", dsn, "--include-seed", "--yes", *extra]
    done = supabase_cli(*args, "--workdir", str(root), cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def test_odd_names_and_seed_globs_agree_with_the_cli(
    server: PostgresServer, tmp_path: Path
) -> None:
    root = odd_project.write(tmp_path / "odd")
    project = load_project(root)
    by_kit, by_cli = database(server, "by_kit"), database(server, "by_cli")
    with psycopg.connect(by_kit, autocommit=True) as conn:
        done: Provisioned = migrate(project, conn)
    said = push(root, by_cli)

    skipped = re.findall(r"Skipping migration (\S+)\.\.\.", said)
    assert skipped == sorted(odd_project.SKIPPED) == [w.split()[2][:-3] for w in done.warnings[:4]]
    for warning in done.warnings:  # the same words, the seed pattern's warning included
        assert warning in said, warning
    assert len(done.warnings) == 5
    applied = re.findall(r"Applying migration (\S+)\.\.\.", said)
    assert applied == [m.path.name for m in done.migrations]
    assert [m.version for m in done.migrations] == [
        "0001", "1234567890123", "20200101000000", "20260309",
        "20261201000000", "20261201000001", "20261201000002", "20261201000003",
    ]  # fmt: skip
    seeded = re.findall(r"Seeding data from (\S+)\.\.\.", said)
    assert seeded == [project.relative(s.path) for s in done.seeds]
    assert seeded == [
        "supabase/seed.sql", "supabase/seeds/.hidden.sql", "supabase/seeds/01_first.sql",
        "supabase/data/nested/deep.sql",
    ]  # fmt: skip
    ours, theirs = state(by_kit), state(by_cli)
    assert ours["history"] and ours["seeds"] and "indexed_v" in str(ours["indexes"])
    assert ours == theirs

    # The CLI, pointed at the kit's database, finds every file applied and nothing to push.
    listed = supabase_cli("migration", "list", "--db-url", by_kit, "--workdir", str(root), cwd=root)
    assert listed.returncode == 0, listed.stderr
    for migration in done.migrations:
        version = migration.version
        assert re.search(rf"`{version}`\s*\|\s*`{version}`", listed.stdout), version
    assert "Remote database is up to date." in push(root, by_kit, "--dry-run")


# Each case: the second file of a two-file project, and the line the kit names.
FAILING = {
    # One pipeline: nothing of the file stays.
    "pipelined": ("create table public.t1 (id int);\n-- why it fails\nselect 1/0;\n", 3),
    # Its own COMMIT: statement by statement, so t1 and t2 stay, as with the CLI.
    "commit_inside": (
        "create table public.t1 (id int);\ncommit;\ncreate table public.t2 (id int);\n"
        "\n-- a comment above the failing statement\nselect 1/0;\n",
        6,
    ),
    # A CONCURRENTLY statement commits what precedes it; the rest rolls back.
    "concurrently": (
        "create table public.t1 (id int);\ncreate index concurrently t1_id on public.t1 (id);\n"
        "create table public.t2 (id int);\nselect 1/0;\n",
        4,
    ),
    # BEGIN without COMMIT: the CLI says nothing, but its disconnect rolls everything back.
    "begin_without_commit": ("begin;\ncreate table public.t1 (id int);\n", None),
}


def test_failing_migrations_leave_what_the_cli_leaves(
    server: PostgresServer, tmp_path: Path
) -> None:
    roots, errors = {}, {}
    for case, (sql, _) in FAILING.items():
        root = roots[case] = tmp_path / case
        (root / "supabase" / "migrations").mkdir(parents=True)
        (root / "supabase" / "config.toml").write_text(f'project_id = "{case}"\n')
        (root / "supabase" / "migrations" / "0001_ok.sql").write_text("create table ok (i int);")
        (root / "supabase" / "migrations" / "0002_case.sql").write_text(sql)
        database(server, f"cli_{case}")
        with psycopg.connect(database(server, f"kit_{case}"), autocommit=True) as conn:
            with pytest.raises(MigrationError) as caught:
                migrate(load_project(root), conn)
        errors[case] = caught.value

    def cli_push(case: str) -> subprocess.CompletedProcess[str]:
        dsn = server.dsn(db=f"cli_{case}") + "?sslmode=disable"
        root = str(roots[case])
        return supabase_cli(
            "db", "push", "--db-url", dsn, "--yes", "--workdir", root, cwd=roots[case]
        )

    with ThreadPoolExecutor(len(FAILING)) as pool:  # the CLI takes a second just to start
        pushed = dict(zip(FAILING, pool.map(cli_push, FAILING), strict=True))

    for case, (_, line) in FAILING.items():
        by_kit, by_cli = server.dsn(db=f"kit_{case}"), server.dsn(db=f"cli_{case}")
        assert state(by_kit) == state(by_cli), case
        assert state(by_kit)["history"] == [("0001", "ok", ["create table ok (i int)"])], case
        error = errors[case]
        assert error.location is not None and Path(error.location.path).name == "0002_case.sql"
        assert error.location.line == line, case
        assert (pushed[case].returncode == 0) == (line is None), case  # the CLI's silent rollback
