"""pytest plugin (entry point `pytest11: kit`): a real, provisioned PostgreSQL for tests.

Fixtures, all session-scoped so one server serves the whole run:

- `kit_project`: the project under test (override it to point at another one).
- `kit_postgres`: an embedded PostgreSQL on a free port with the Supabase baseline, the
  project's migrations and its seed applied; stopped and deleted after the session.
- `kit_db_url`: its connection URL as the `postgres` user.
- `provisioned(project)`: the same for any project, as a context manager (for module fixtures).
- `running_stack(project)`: a whole stack (database and REST API) of `project` on free ports in
  a scratch folder, as a context manager; down on exit (the benchmarks under bench/ use it).
- `as_role(conn, role)` / `run_as(conn, role, *statements)`: SQL as PostgREST runs a request for
  `role` (`SET LOCAL ROLE` plus `request.jwt.claims`), in a transaction always rolled back, so
  grants, RLS policies and `auth.*` can be tested in SQL.
- `kit_stack`: the REST API (`python -m kit.rest`) on a free 127.0.0.1 port over that database,
  as a `StackInfo`: `api_url`, `rest_url`, `db_url` and the keys (`jwt_secret`, `anon_key`,
  `service_role_key`, `publishable_key`, `secret_key`, `agent_key`, each a `kit.secret.Secret`).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from kit.project import Project, load_project
from kit.stack.database import provision
from kit.stack.postgres import PostgresServer, free_port
from kit.stack.stack import Stack, StackInfo


@pytest.fixture(scope="session")
def kit_project(pytestconfig: pytest.Config) -> Project:
    return load_project(pytestconfig.rootpath)


@contextmanager
def scratch_dir(prefix: str = "kit-") -> Iterator[Path]:
    """A private temporary folder for a server's data, outside pytest's tmp root.

    As root, PostgreSQL runs as a system user that must traverse the path to its data, and every
    new pytest session (another terminal, another project) resets `/tmp/pytest-of-<user>` to
    0700 — pulling the floor from under a running server.
    """
    path = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@contextmanager
def provisioned(project: Project, *, seed: bool = True) -> Iterator[PostgresServer]:
    """A fresh embedded PostgreSQL on a free port with `project` applied (baseline, migrations
    and, unless `seed=False`, the seed), in a scratch folder; destroyed on exit."""
    with scratch_dir("kit-postgres-") as home:
        server = PostgresServer(home / "data", port=free_port(), durable=False)
        try:
            provision(project, server, seed=seed)
            yield server
        finally:
            server.destroy()


@contextmanager
def running_stack(project: Project, *, durable: bool = False) -> Iterator[Stack]:
    """`project`'s stack, up on free ports with its state in a scratch folder; down on exit."""
    with scratch_dir("kit-stack-") as state:
        stack = Stack(
            project, api_port=free_port(), db_port=free_port(), state_dir=state, durable=durable
        )
        stack.up()
        try:
            yield stack
        finally:
            stack.down()


@pytest.fixture(scope="session")
def kit_postgres(kit_project: Project) -> Iterator[PostgresServer]:
    with provisioned(kit_project) as server:
        yield server


@pytest.fixture(scope="session")
def kit_db_url(kit_postgres: PostgresServer) -> str:
    return kit_postgres.dsn()


@pytest.fixture(scope="session")
def kit_stack(kit_project: Project, kit_postgres: PostgresServer) -> Iterator[StackInfo]:
    with scratch_dir("kit-stack-") as state:
        stack = Stack(kit_project, api_port=free_port(), state_dir=state, server=kit_postgres)
        stack.up()
        try:
            yield stack.info()
        finally:
            stack.stop_rest()  # the database is kit_postgres's to stop


Statement = str | tuple[str, tuple[object, ...]]


@contextmanager
def as_role(
    conn: psycopg.Connection, role: str | None, claims: Mapping[str, object] | None = None
) -> Iterator[psycopg.Connection]:
    """A transaction, always rolled back, in which `conn` acts as `role` with the JWT claims
    set the way PostgREST sets them (`role` inserted into the claims). `None` keeps the user."""
    with conn.transaction(force_rollback=True):
        if role:
            conn.execute(
                "select set_config('role', %s, true), set_config('request.jwt.claims', %s, true)",
                (role, json.dumps({**(claims or {}), "role": role})),
            )
        yield conn


def run_as(
    conn: psycopg.Connection, role: str | None, *statements: Statement
) -> list[tuple[object, ...]]:
    """Run `statements` (SQL, or `(sql, params)`) as `role` in one rolled-back transaction;
    returns the rows of the last one."""
    rows: list[tuple[object, ...]] = []
    with as_role(conn, role):
        for statement in statements:
            sql, params = statement if isinstance(statement, tuple) else (statement, ())
            cur = conn.execute(sql, params)
            rows = cur.fetchall() if cur.description else []
    return rows
