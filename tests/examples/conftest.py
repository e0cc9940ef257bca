"""Fixtures of the example tests: each module names its project in `EXAMPLE` and gets a fresh
database with it applied, and SQL run as a role the way PostgREST runs a request."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import psycopg
import pytest

from kit.project import load_project
from kit.stack.database import connect
from kit.stack.postgres import PostgresServer
from kit.testing import provisioned, run_as

Rows = list[tuple]


@pytest.fixture(scope="module")
def server(request: pytest.FixtureRequest) -> Iterator[PostgresServer]:
    """A fresh embedded PostgreSQL with the module's EXAMPLE applied, for that module only."""
    with provisioned(load_project(request.module.EXAMPLE)) as pg:
        yield pg


@pytest.fixture
def conn(server: PostgresServer) -> Iterator[psycopg.Connection]:
    with connect(server) as connection:
        yield connection


@pytest.fixture
def sql(conn: psycopg.Connection) -> Callable[..., Rows]:
    """sql(role, *statements): statements (SQL or (sql, params)) as `role` in one transaction
    that is always rolled back; the last one's rows are returned."""
    return lambda role, *statements: run_as(conn, role, *statements)


@pytest.fixture
def db(conn: psycopg.Connection) -> Callable[..., Rows]:
    """db(sql, params, role=None): like `sql`, where `sql` may be a list of (sql, params)
    steps sharing the transaction."""

    def run(sql: str | list, params: tuple = (), role: str | None = None) -> Rows:
        return run_as(conn, role, *([(sql, params)] if isinstance(sql, str) else sql))

    return run


def agent(db: Callable[..., Rows], sql: str | list, params: tuple = ()) -> Rows:
    return db(sql, params, role="maker_agent")


def sqlstate_of(run: Callable[..., Rows], role: str, *statements: object) -> str | None:
    with pytest.raises(psycopg.Error) as caught:
        run(role, *statements)
    return caught.value.sqlstate
