"""Every example project under examples/ applies (baseline, migrations, seed) on a fresh
embedded PostgreSQL, has RLS on every table, seed rows in every table, and is lint-clean."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from kit.lint import lint_project
from kit.project import load_project
from kit.stack.database import connect, provision
from kit.stack.postgres import PostgresServer

from ..conftest import ROOT

EXAMPLES = sorted(p.parent.parent for p in (ROOT / "examples").glob("*/supabase/config.toml"))


@pytest.mark.parametrize("root", EXAMPLES, ids=lambda p: p.name)
def test_example_applies_with_rls_and_seed(root: Path, fresh_server: PostgresServer) -> None:
    project = load_project(root)
    done = provision(project, fresh_server)
    assert len(done.migrations) == len(project.migration_files()) > 0
    assert done.seeds, "the example has seed files"
    with connect(fresh_server) as conn:
        tables = conn.execute(
            "select c.relname, c.relrowsecurity from pg_class c"
            " join pg_namespace n on n.oid = c.relnamespace"
            " where n.nspname = 'public' and c.relkind in ('r', 'p')"
        ).fetchall()
        before = _row_counts(conn, [name for name, _ in tables])
        with conn.transaction(force_rollback=True):
            for seed in project.seed_files():  # loading the seed again adds nothing
                conn.execute(seed.read_text().encode())
            again = _row_counts(conn, [name for name, _ in tables])
    assert tables
    assert [name for name, rls in tables if not rls] == [], "every table has RLS"
    assert [name for name, count in before.items() if count == 0] == [], "seed rows everywhere"
    assert again == before, "the seed loads twice without adding rows"


def _row_counts(conn: psycopg.Connection, tables: list[str]) -> dict[str, int]:
    return {
        name: conn.execute(f'select count(*) from public."{name}"').fetchone()[0]  # type: ignore[index]
        for name in tables
    }


@pytest.mark.parametrize("root", EXAMPLES, ids=lambda p: p.name)
def test_example_is_lint_clean(root: Path) -> None:
    assert [str(f) for f in lint_project(load_project(root))] == []
