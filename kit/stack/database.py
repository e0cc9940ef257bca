"""Bring a PostgreSQL server to the state the project describes: baseline, migrations, seeds."""

from __future__ import annotations

from pathlib import Path

import psycopg

from kit.project import Project
from kit.stack.baseline import (
    CONFIGURED,
    PASSWORDS_SET,
    apply_baseline,
    configuration_key,
    passwords_key,
)
from kit.stack.migrations import apply_migrations, apply_seeds
from kit.stack.pending import Provisioned
from kit.stack.postgres import PostgresServer
from kit.stack.template import create_cluster


def connect(server: PostgresServer) -> psycopg.Connection:
    return psycopg.connect(server.dsn(), autocommit=True)


def provision(project: Project, server: PostgresServer, *, seed: bool = True) -> Provisioned:
    """Start the server if needed (a new one from the template cluster), then apply what is
    missing. Safe to run again."""
    create_cluster(server)
    server.start()
    expose, password = project.api.auto_expose_new_tables, server.password
    # Kept inside the data directory, so a reset or a template copy starts without it.
    marker = server.data_dir / CONFIGURED
    key = configuration_key(auto_expose_new_tables=expose, authenticator_password=password)
    with connect(server) as conn:
        if _read(marker) != key:
            # A template copy has the login roles' default password set already (template.py).
            passwords, has = server.data_dir / PASSWORDS_SET, passwords_key(password)
            apply_baseline(
                conn,
                auto_expose_new_tables=expose,
                authenticator_password=password,
                passwords=_read(passwords) != has,
            )
            passwords.write_text(has)
            marker.write_text(key)
        return migrate(project, conn, seed=seed)


def _read(marker: Path) -> str | None:
    try:
        return marker.read_text()
    except FileNotFoundError:
        return None


def migrate(project: Project, conn: psycopg.Connection, *, seed: bool = True) -> Provisioned:
    """Pending migrations, then (with `seed`) pending seeds, as `supabase migration up` and
    `db push --include-seed` apply them."""
    files, warnings = project.migration_files(), project.migration_warnings()
    done = Provisioned(apply_migrations(conn, files), warnings=warnings)
    if seed:
        seeds, seed_warnings = project.seed_paths()
        done.warnings += seed_warnings
        done.seeds = apply_seeds(conn, seeds, project.root)
    return done
