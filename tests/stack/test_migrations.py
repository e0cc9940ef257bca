"""The migration runner applies the flagship schema, records it as the Supabase CLI does, and
stops cleanly at a broken migration."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from kit.errors import MigrationError
from kit.project import Project
from kit.stack.baseline import apply_baseline
from kit.stack.database import connect, provision
from kit.stack.migrations import applied_versions, apply_migrations, apply_seeds
from kit.stack.postgres import PostgresServer

TABLES = {"conversations", "messages", "generated_code", "user_preferences", "memory_long_term"}


def test_flagship_tables_exist(kit_db_url: str) -> None:
    with psycopg.connect(kit_db_url) as conn:
        rows = conn.execute(
            "select tablename, rowsecurity from pg_tables where schemaname = 'public'"
        ).fetchall()
    assert {name for name, _ in rows} == TABLES
    assert all(rls for _, rls in rows), "every table has row level security"


def test_history_is_recorded_like_the_cli(kit_db_url: str, kit_project: Project) -> None:
    with psycopg.connect(kit_db_url) as conn:
        rows = conn.execute(
            "select version, name, array_length(statements, 1)"
            " from supabase_migrations.schema_migrations order by version"
        ).fetchall()
    files = kit_project.migration_files()
    assert [(v, n) for v, n, _ in rows] == [(f.name[:14], f.name[15:-4]) for f in files]
    assert all(count >= 1 for _, _, count in rows)


def test_columns_types_and_checks(kit_db_url: str) -> None:
    with psycopg.connect(kit_db_url) as conn:
        types = dict(
            conn.execute(
                "select column_name, format_type(atttypid, atttypmod)"
                " from information_schema.columns c join pg_attribute a"
                "   on a.attrelid = 'public.memory_long_term'::regclass"
                "  and a.attname = c.column_name"
                " where c.table_name = 'memory_long_term'"
            ).fetchall()
        )
        index = conn.execute(
            "select indexdef from pg_indexes where indexname = 'idx_ltm_embedding'"
        ).fetchone()
        checks = conn.execute(
            "select pg_get_constraintdef(oid) from pg_constraint"
            " where conrelid = 'public.messages'::regclass and contype = 'c'"
        ).fetchall()
    # extensions is on postgres's search_path (its role setting, as on Supabase)
    assert types["embedding"] == "vector(1536)"
    assert types["created_at"] == "timestamp with time zone"
    assert types["relevance_score"] == "double precision"
    assert index is not None and "hnsw" in index[0] and "vector_cosine_ops" in index[0]
    assert any("'user'" in c and "'assistant'" in c and "'system'" in c for (c,) in checks)


def test_seed_is_realistic_and_loads_twice(
    kit_postgres: PostgresServer, kit_project: Project
) -> None:
    with connect(kit_postgres) as conn:
        before = _counts(conn)
        conn.execute("delete from supabase_migrations.seed_files")  # force a second load
        apply_seeds(conn, kit_project.seed_files(), kit_project.root)
        after = _counts(conn)
        types = conn.execute("select distinct memory_type from memory_long_term").fetchall()
        counts = conn.execute(
            "select c.message_count, count(m.id) from conversations c"
            " left join messages m on m.conversation_id = c.id group by c.id"
        ).fetchall()
        users = conn.execute("select count(distinct user_id) from conversations").fetchone()
        embedded = conn.execute(
            "select count(*) from memory_long_term where embedding is not null"
        ).fetchone()
    assert before == after
    assert all(n > 0 for n in before.values()), before
    assert {t for (t,) in types} == {"pattern", "preference", "correction", "summary"}
    assert all(kept == real for kept, real in counts), "message_count matches the messages"
    assert users is not None and users[0] >= 3
    assert embedded is not None and embedded[0] >= 1


def test_message_trigger_keeps_count_and_updated_at(kit_postgres: PostgresServer) -> None:
    with connect(kit_postgres) as conn, conn.transaction(force_rollback=True):
        conn.execute(
            "insert into conversations (id, user_id, title, updated_at)"
            " values ('c0000000-0000-4000-8000-0000000000aa', 'u', 't', '2000-01-01')"
        )
        conn.execute(
            "insert into messages (conversation_id, role, content)"
            " values ('c0000000-0000-4000-8000-0000000000aa', 'user', 'hi')"
        )
        row = conn.execute(
            "select message_count, updated_at > '2001-01-01' from conversations"
            " where id = 'c0000000-0000-4000-8000-0000000000aa'"
        ).fetchone()
    assert row == (1, True)


@pytest.mark.parametrize(
    ("sql", "line", "message"),
    [
        (
            "-- a comment\n\ncreate table ok_one (id int);\ncreate tabel broken (id int);\n",
            4,
            "syntax error",
        ),
        (
            "create table ok_two (id int);\n\ninsert into\n    no_such_table values (1);\n",
            4,
            "no_such_table",
        ),
    ],
    ids=["syntax-error", "missing-table"],
)
def test_broken_migration_names_file_and_line_and_applies_nothing(
    fresh_server: PostgresServer, project_copy: Project, sql: str, line: int, message: str
) -> None:
    broken = project_copy.migrations_dir / "20991231000000_broken.sql"
    broken.write_text(sql)
    with connect(fresh_server) as conn:
        apply_baseline(conn, auto_expose_new_tables=False, authenticator_password="postgres")
        with pytest.raises(MigrationError) as caught:
            apply_migrations(conn, project_copy.migration_files())
        versions = [
            v
            for (v,) in conn.execute(
                "select version from supabase_migrations.schema_migrations order by 1"
            ).fetchall()
        ]
        leftovers = conn.execute(
            "select count(*) from pg_tables where tablename in ('ok_one', 'ok_two')"
        ).fetchone()
    error = caught.value
    assert error.location is not None
    assert str(error.location.path).endswith("20991231000000_broken.sql")
    assert error.location.line == line
    assert message in error.message
    assert versions[-1] == "20261122001000", "stopped at the previous migration"
    assert leftovers == (0,), "nothing of the broken migration was applied"


def test_provision_is_idempotent(fresh_server: PostgresServer, project_copy: Project) -> None:
    first = provision(project_copy, fresh_server)
    second = provision(project_copy, fresh_server)
    assert len(first.migrations) == len(project_copy.migration_files())
    assert second.migrations == [] and second.seeds == []


@pytest.fixture(scope="module")
def baseline_db(kit_postgres: PostgresServer) -> Iterator[str]:
    """A database with the baseline only, on the session's server: the template of scratch_db."""
    name = f"baseline_{uuid.uuid4().hex[:8]}"
    with connect(kit_postgres) as admin:
        admin.execute(f"create database {name}")
        try:
            with psycopg.connect(kit_postgres.dsn(db=name), autocommit=True) as conn:
                apply_baseline(conn, auto_expose_new_tables=True, authenticator_password="x")
            yield name
        finally:
            admin.execute(f"drop database {name} with (force)")


@pytest.fixture
def scratch_db(kit_postgres: PostgresServer, baseline_db: str) -> Iterator[psycopg.Connection]:
    """A database of the test's own, a copy of baseline_db."""
    name = f"scratch_{uuid.uuid4().hex[:8]}"
    with connect(kit_postgres) as admin:
        admin.execute(f"create database {name} template {baseline_db}")
        try:
            with psycopg.connect(kit_postgres.dsn(db=name), autocommit=True) as conn:
                yield conn
        finally:
            admin.execute(f"drop database {name} with (force)")


ERRORS = {
    # No position from PostgreSQL: the statement's first line of code, not the comment above.
    "runtime": ("create table r (id int);\n-- why\n-- and why\nselect 1/0;\n", 4, None),
    "position": ("-- c\ncreate table p (id int);\ninsert into\n  nothing values (1);\n", 4, None),
    "position_past_comments": (
        "create table q (id int);\n-- one\n/* two\n */\ninsert into q values ('x');\n",
        5,
        None,
    ),
    # A DO block: PL/pgSQL's line, counted from the line the body opens on.
    "do_block": (
        "-- one\n-- two\ndo $body$\nbegin\n  perform 1;\n  raise exception 'boom';\nend\n$body$;\n",
        6,
        None,
    ),
    "supabase_object": (
        "create table s (id int);\n\ncreate policy p on storage.no_such_table using (true);\n",
        3,
        "`storage",  # the schema, or (once the stack has it) the relation, is Supabase's
    ),
    "supabase_extension": ("create extension if not exists timescaledb;\n", 1, "`timescaledb`"),
}


@pytest.mark.parametrize("case", ERRORS)
def test_errors_name_the_line_of_the_failing_statement(
    scratch_db: psycopg.Connection, tmp_path: Path, case: str
) -> None:
    sql, line, hint = ERRORS[case]
    migration = tmp_path / "0001_case.sql"
    migration.write_text(sql)
    with pytest.raises(MigrationError) as caught:
        apply_migrations(scratch_db, [migration])
    error = caught.value
    assert error.location is not None and error.location.line == line, error
    if hint:
        assert error.hint is not None and hint in error.hint
        assert "is part of a Supabase database" in error.hint
        assert "Differences from a Supabase database" in error.hint
    assert applied_versions(scratch_db) == []


def test_up_refuses_what_migration_up_refuses(
    scratch_db: psycopg.Connection, tmp_path: Path
) -> None:
    first, second = tmp_path / "0002_b.sql", tmp_path / "0003_c.sql"
    first.write_text("create table b (i int);")
    second.write_text("create table c (i int);")
    assert [m.version for m in apply_migrations(scratch_db, [first, second])] == ["0002", "0003"]
    older = tmp_path / "0001_a.sql"
    older.write_text("create table a (i int);")
    with pytest.raises(MigrationError, match="sort before the last applied one"):
        apply_migrations(scratch_db, [older, first, second])
    with pytest.raises(MigrationError, match="not in supabase/migrations: 0003"):
        apply_migrations(scratch_db, [first])
    assert applied_versions(scratch_db) == ["0002", "0003"]


def test_changed_seed_only_updates_its_hash(scratch_db: psycopg.Connection, tmp_path: Path) -> None:
    seed = tmp_path / "supabase" / "seed.sql"
    seed.parent.mkdir()
    scratch_db.execute("create table s (i int)")
    seed.write_text("insert into s values (1);")
    assert [r.hash_only for r in apply_seeds(scratch_db, ["supabase/seed.sql"], tmp_path)] == [
        False
    ]
    assert apply_seeds(scratch_db, ["supabase/seed.sql"], tmp_path) == []  # same hash: skipped
    seed.write_text("insert into s values (1), (2);")
    assert [r.hash_only for r in apply_seeds(scratch_db, ["supabase/seed.sql"], tmp_path)] == [True]
    rows = scratch_db.execute("select count(*) from s").fetchone()
    recorded = scratch_db.execute("select hash from supabase_migrations.seed_files").fetchone()
    assert rows == (1,), "a changed seed is not run again"
    assert recorded == (hashlib.sha256(seed.read_bytes()).hexdigest(),)


def _counts(conn: psycopg.Connection) -> dict[str, int]:
    return {
        t: conn.execute(f"select count(*) from public.{t}").fetchone()[0]  # type: ignore[index]
        for t in sorted(TABLES)
    }
