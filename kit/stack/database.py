"""Bring a PostgreSQL server to the state the project describes: baseline, migrations, seeds."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from kit.project import Project
from kit.stack.baseline import apply_baseline
from kit.stack.migrations import Migration, apply_migrations, apply_seeds
from kit.stack.postgres import PostgresServer
from kit.stack.template import create_cluster


@dataclass
class Provisioned:
    migrations: list[Migration] = field(default_factory=list)
    seeds: list[Path] = field(default_factory=list)


def connect(server: PostgresServer) -> psycopg.Connection:
    return psycopg.connect(server.dsn(), autocommit=True)


def provision(project: Project, server: PostgresServer, *, seed: bool = True) -> Provisioned:
    """Start the server if needed (a new one from the template cluster), then apply what is
    missing. Safe to run again."""
    create_cluster(server)
    server.start()
    with connect(server) as conn:
        apply_baseline(
            conn,
            auto_expose_new_tables=project.api.auto_expose_new_tables,
            authenticator_password=server.password,
        )
        done = Provisioned(apply_migrations(conn, project.migration_files()))
        if seed:
            done.seeds = apply_seeds(conn, project.seed_files(), project.root)
    return done
