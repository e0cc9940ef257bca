"""The migration runner applies the flagship schema, records it as the Supabase CLI does, and
stops cleanly at a broken migration."""

from __future__ import annotations

import psycopg
import pytest

from kit.errors import MigrationError
from kit.project import Project
from kit.stack.baseline import apply_baseline
from kit.stack.database import connect, provision
from kit.stack.migrations import apply_migrations, apply_seeds, split_statements
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


def test_split_statements_keeps_lines() -> None:
    # A leading comment belongs to the statement after it, as PostgreSQL's positions count it.
    sql = "-- x\ncreate table a (b int);\n\ndo $$ begin perform 1; end $$;\nselect ';';\n"
    assert [(s.line, s.text[:8]) for s in split_statements(sql)] == [
        (1, "-- x\ncre"[:8]),
        (4, "do $$ be"),
        (5, "select '"),
    ]


def _counts(conn: psycopg.Connection) -> dict[str, int]:
    return {
        t: conn.execute(f"select count(*) from public.{t}").fetchone()[0]  # type: ignore[index]
        for t in sorted(TABLES)
    }
