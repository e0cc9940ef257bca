"""The project's database, to read: a given URL (read-only), the running local stack, or a
throwaway server with the migrations (and, for drafts, the seed) applied and deleted after."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg

from kit.errors import TargetError
from kit.project import Project


@contextmanager
def project_database(
    project: Project, db_url: str | None = None, *, seed: bool = True
) -> Iterator[tuple[psycopg.Connection[Any], str]]:
    """A read-only connection and a name for reports (never a password)."""
    if db_url:
        with _connect(db_url, "the database at --db-url") as conn:
            yield conn, "--db-url"
        return
    from kit.stack.stack import Stack

    stack = Stack(project)
    if stack.is_up():
        with _connect(stack.info().db_url, "the local stack") as conn:
            yield conn, "the local stack"
        return
    with _throwaway(project, seed=seed) as conn:
        yield conn, "a throwaway database (migrations" + (" and seed)" if seed else ")")


@contextmanager
def _connect(url: str, what: str) -> Iterator[psycopg.Connection[Any]]:
    try:
        # Read-only for the session: drafting and access never write to the user's database.
        conn = psycopg.connect(
            url, autocommit=True, options="-c default_transaction_read_only=on", connect_timeout=10
        )
    except psycopg.Error as exc:
        raise TargetError(
            f"could not connect to {what}: {str(exc).strip().splitlines()[0]}",
            hint="check the URL (Supabase dashboard: Connect > Session pooler) and the password",
        ) from None
    with conn:
        yield conn


@contextmanager
def _throwaway(project: Project, *, seed: bool) -> Iterator[psycopg.Connection[Any]]:
    from kit.stack.database import connect, provision
    from kit.stack.postgres import PostgresServer, free_port

    with tempfile.TemporaryDirectory(prefix="kit-draft-") as folder:
        server = PostgresServer(Path(folder) / "data", port=free_port(), durable=False)
        try:
            provision(project, server, seed=seed)
            with connect(server) as conn:
                yield conn
        finally:
            server.destroy()
