"""A warm `kit stack up` with nothing to apply, proven through the embedded PostgreSQL's psql.

On a warm start the REST gateway waits (its gate) until the database is final, and usually
nothing is pending. Proving that takes two reads of the history tables: psql does them in its
own process in ~10 ms, where psycopg would first take ~0.1 s of this process's CPU to import and
connect, in the very moments the gateway imports its own modules on a machine with few cores.
Anything to do, and anything psql cannot answer, goes the usual way (`kit.stack.database`),
which applies it; where the Supabase CLI refuses, this refuses the same way.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from kit.project import Project
from kit.stack.baseline import CONFIGURED, configuration_key
from kit.stack.pending import Provisioned, pending_migrations, seed_changes
from kit.stack.postgres import PostgresServer, bin_path

# Each history table as one line of JSON; a table the database lacks reads as empty, as
# kit.stack.migrations reads it.
HISTORY = r"""
select to_regclass('supabase_migrations.schema_migrations') is not null as has_versions,
       to_regclass('supabase_migrations.seed_files') is not null as has_seeds
\gset
\if :has_versions
select coalesce(jsonb_agg(version order by version), '[]')::text
  from supabase_migrations.schema_migrations;
\else
select '[]';
\endif
\if :has_seeds
select coalesce(jsonb_object_agg(path, hash), '{}')::text from supabase_migrations.seed_files;
\else
select '{}';
\endif
"""
TIMEOUT = 10.0


def nothing_to_apply(
    project: Project, server: PostgresServer, *, seed: bool = True
) -> Provisioned | None:
    """What `provision(project, server, seed=seed)` returns when it has nothing to do, or None
    when it may have something to do (call it then). Raises where `provision` would refuse."""
    key = configuration_key(
        auto_expose_new_tables=project.api.auto_expose_new_tables,
        authenticator_password=server.password,
    )
    if _read(server.data_dir / CONFIGURED) != key:
        return None
    history = read_history(server)
    if history is None:
        return None
    applied, recorded = history
    if pending_migrations(project.migration_files(), applied):
        return None
    done = Provisioned(warnings=project.migration_warnings())
    if seed:
        seeds, seed_warnings = project.seed_paths()
        if seed_changes(seeds, project.root, recorded):
            return None
        done.warnings += seed_warnings
    return done


def read_history(server: PostgresServer) -> tuple[list[str], dict[str, str]] | None:
    """The applied migration versions (sorted) and the recorded seeds (path → hash), or None
    if psql could not tell."""
    env = {**os.environ, "PGPASSWORD": server.password, "PGCONNECT_TIMEOUT": "5"}
    args = [str(bin_path("psql")), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-f", "-"]
    args += ["-h", "127.0.0.1", "-p", str(server.port), "-U", "postgres", "-d", "postgres"]
    try:
        done = subprocess.run(
            args, input=HISTORY, capture_output=True, text=True, env=env, timeout=TIMEOUT, cwd="/"
        )
        versions, seeds = (json.loads(line) for line in done.stdout.splitlines())
    except (OSError, subprocess.TimeoutExpired, ValueError):  # ValueError: not two JSON lines
        return None
    if done.returncode != 0 or not _strings(versions) or not isinstance(seeds, dict):
        return None
    if not _strings(list(seeds)) or not _strings(list(seeds.values())):
        return None
    return versions, seeds


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _read(marker: Path) -> str | None:
    try:
        return marker.read_text()
    except FileNotFoundError:
        return None
