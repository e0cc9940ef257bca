"""Is a database behind the migration folder? `kit generate` and `kit verify` warn if so.

Cheap on purpose: one connection with a short timeout and one query; any failure (nothing
running, no history table, a hosted database refusing) means "cannot tell" and no warning.
"""

from __future__ import annotations

import psycopg

from kit.project import Project
from kit.stack.migrations import applied_versions
from kit.stack.pending import Migration


def pending_files(project: Project, db_url: str) -> list[str] | None:
    """Names of the migration files the database has not applied, None if it cannot tell."""
    try:
        with psycopg.connect(db_url, autocommit=True, connect_timeout=2) as conn:
            done = set(applied_versions(conn))
    except psycopg.Error:
        return None
    local = sorted((Migration.from_path(f) for f in project.migration_files()), key=_version)
    return [m.path.name for m in local if m.version not in done]


def running_stack_url(project: Project) -> str | None:
    """The database URL of the project's kit stack, if its database runs (no process is
    started or contacted: its pid file and port record only)."""
    from kit.stack.stack import Stack

    stack = Stack(project)
    return stack.server.dsn() if stack.server.pid() is not None else None


def warning(pending: list[str], where: str) -> str:
    names = ", ".join(pending)
    return (
        f"{where} is behind supabase/migrations: {len(pending)} pending ({names}); "
        "run `kit stack up` to apply them"
    )


def _version(migration: Migration) -> str:
    return migration.version
