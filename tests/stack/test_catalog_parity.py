"""The kit's migration runner builds exactly what the real Supabase CLI builds.

Two fresh databases get the same Supabase baseline; one then gets the project through the kit's
runner (`provision`), the other through `supabase db push --db-url --include-seed`. Their
catalogs (tables, columns, types, constraints, indexes, policies, grants, functions, triggers,
default privileges), migration history and seed row counts must be equal, item by item. And the
CLI, pointed at a database the kit built, sees every migration applied and nothing to push.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from kit.project import Project, load_project
from kit.stack.baseline import apply_baseline
from kit.stack.database import connect, provision
from kit.stack.postgres import PostgresServer, free_port
from kit.stack.template import create_cluster
from kit.testing import scratch_dir

from ..conftest import ROOT
from ..test_supabase_cli import supabase_cli

SCHEMAS = ("public", "auth", "storage", "cron", "vault", "extensions", "supabase_migrations")

CATALOG = {
    "relations": """
        select n.nspname, c.relname, c.relkind, c.relrowsecurity, c.relforcerowsecurity,
               c.relacl::text
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = any(%(schemas)s) and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')""",
    "columns": """
        select c.table_schema, c.table_name, c.column_name, c.ordinal_position,
               format_type(a.atttypid, a.atttypmod), c.is_nullable, c.column_default,
               c.is_identity, c.is_generated, a.attacl::text
        from information_schema.columns c
        join pg_attribute a
          on a.attrelid = format('%%I.%%I', c.table_schema, c.table_name)::regclass
         and a.attname = c.column_name
        where c.table_schema = any(%(schemas)s)""",
    "constraints": """
        select conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid)
        from pg_constraint where connamespace::regnamespace::text = any(%(schemas)s)""",
    "indexes": """
        select schemaname, tablename, indexname, indexdef
        from pg_indexes where schemaname = any(%(schemas)s)""",
    "policies": """
        select schemaname, tablename, policyname, permissive, roles::text, cmd, qual, with_check
        from pg_policies where schemaname = any(%(schemas)s)""",
    "table_grants": """
        select grantee, table_schema, table_name, privilege_type, is_grantable
        from information_schema.role_table_grants where table_schema = any(%(schemas)s)""",
    "column_grants": """
        select grantee, table_schema, table_name, column_name, privilege_type
        from information_schema.column_privileges where table_schema = any(%(schemas)s)""",
    "functions": """
        select n.nspname, p.proname, pg_get_function_identity_arguments(p.oid),
               pg_get_functiondef(p.oid), p.proacl::text
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = any(%(schemas)s) and p.prokind in ('f', 'p')""",
    "triggers": """
        select tgrelid::regclass::text, tgname, pg_get_triggerdef(oid)
        from pg_trigger where not tgisinternal""",
    "types": """
        select n.nspname, t.typname, t.typtype
        from pg_type t join pg_namespace n on n.oid = t.typnamespace
        where n.nspname = any(%(schemas)s) and t.typtype in ('e', 'c', 'd')
          and not exists (select from pg_class c where c.oid = t.typrelid and c.relkind <> 'c')""",
    "extensions": "select extname, extnamespace::regnamespace::text, extversion from pg_extension",
    "schemas": "select nspname, nspacl::text from pg_namespace where nspname = any(%(schemas)s)",
    "default_privileges": """
        select defaclrole::regrole::text, defaclnamespace::regnamespace::text, defaclobjtype,
               defaclacl::text
        from pg_default_acl""",
    "roles": """
        select rolname, rolinherit, rolcanlogin, rolbypassrls, rolconfig::text
        from pg_roles where rolname !~ '^pg_'""",
    "migration_history": """
        select version, name, statements from supabase_migrations.schema_migrations""",
    "seed_files": "select path, hash from supabase_migrations.seed_files",
}


def snapshot(server: PostgresServer) -> dict[str, list[tuple[object, ...]]]:
    with connect(server) as conn:
        shot = {
            name: sorted(conn.execute(query, {"schemas": list(SCHEMAS)}).fetchall(), key=repr)
            for name, query in CATALOG.items()
        }
        tables = [r[1] for r in shot["relations"] if r[0] == "public" and r[2] == "r"]
        shot["row_counts"] = [(t, _count(conn, t)) for t in sorted(tables)]
    return shot


@pytest.fixture
def second_server() -> Iterator[PostgresServer]:
    with scratch_dir("kit-parity-") as home:
        server = PostgresServer(home / "data", port=free_port(), durable=False)
        create_cluster(server)  # a copy of the template: the baseline installed
        try:
            yield server
        finally:
            server.destroy()


# The flagship and every example project: richer SQL (DO blocks, functions, triggers, enums);
# and the starter-style projects the kit did not write: auth.users triggers, storage policies,
# uuid-ossp/pgcrypto, pg_cron, Vault, odd migration names and seed globs.
PROJECTS = [
    ROOT,
    *sorted(p.parent.parent for p in ROOT.glob("examples/*/supabase/config.toml")),
    *sorted(p.parent.parent for p in ROOT.glob("tests/fixtures/starters/*/supabase/config.toml")),
]


@pytest.fixture(params=PROJECTS, ids=lambda p: p.name if p != ROOT else "flagship")
def any_project(request: pytest.FixtureRequest, tmp_path: Path) -> Project:
    root = tmp_path / "project"
    skip = shutil.ignore_patterns(".kit", ".temp", "node_modules", "curl", "tool_specs")
    shutil.copytree(request.param / "supabase", root / "supabase", ignore=skip)
    if (request.param / "seed").is_dir():
        shutil.copytree(request.param / "seed", root / "seed")
    return load_project(root)


def test_kit_runner_and_supabase_cli_build_identical_catalogs(
    fresh_server: PostgresServer, second_server: PostgresServer, any_project: Project
) -> None:
    provision(any_project, fresh_server)
    with connect(second_server) as conn:
        apply_baseline(
            conn,
            auto_expose_new_tables=any_project.api.auto_expose_new_tables,
            authenticator_password=second_server.password,
        )
    root = str(any_project.root)
    pushed = supabase_cli(
        "db", "push", "--db-url", second_server.dsn(), "--include-seed", "--yes", "--workdir", root,
        cwd=any_project.root,
    )  # fmt: skip
    assert pushed.returncode == 0, pushed.stdout + pushed.stderr

    ours, theirs = snapshot(fresh_server), snapshot(second_server)

    assert ours["relations"], "the snapshot sees the project's tables"
    assert ours["policies"] and ours["column_grants"] and ours["migration_history"]
    for part in CATALOG.keys() | {"row_counts"}:
        assert ours[part] == theirs[part], f"{part} differ between the kit and the Supabase CLI"


def _count(conn: psycopg.Connection, table: str) -> int:
    row = conn.execute(f'select count(*) from public."{table}"').fetchone()
    assert row is not None
    return int(row[0])


def test_supabase_cli_agrees_with_the_kit_history(
    fresh_server: PostgresServer, project_copy: Project
) -> None:
    provision(project_copy, fresh_server)
    root = str(project_copy.root)

    listed = supabase_cli(
        "migration", "list", "--db-url", fresh_server.dsn(), "--workdir", root,
        cwd=project_copy.root,
    )  # fmt: skip
    pushed = supabase_cli(
        "db", "push", "--dry-run", "--include-seed", "--db-url", fresh_server.dsn(),
        "--workdir", root, cwd=project_copy.root,
    )  # fmt: skip

    assert listed.returncode == 0, listed.stderr
    for migration in project_copy.migration_files():
        version = migration.name[:14]
        assert re.search(rf"`{version}`\s*\|\s*`{version}`", listed.stdout), version
    assert pushed.returncode == 0, pushed.stderr
    assert "Remote database is up to date." in pushed.stdout + pushed.stderr
