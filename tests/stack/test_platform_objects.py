"""The platform objects of the baseline behave as on Supabase where no starter project reaches
them (tests/starters has profiles on auth.users, storage policies, seeded users): the generated
auth columns, the storage listing and delete guard, realtime.send without a Realtime server,
pgbouncer.get_auth and the GraphQL placeholder."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from kit.stack.baseline import apply_baseline
from kit.stack.postgres import PostgresServer, free_port
from kit.stack.template import create_cluster
from kit.testing import run_as, scratch_dir

ADA = "a1b2c3d4-0000-4000-8000-000000000001"


@pytest.fixture(scope="module")
def conn() -> Iterator[psycopg.Connection]:
    with scratch_dir() as home:
        server = PostgresServer(home / "data", port=free_port(), durable=False)
        try:
            create_cluster(server)
            with psycopg.connect(server.dsn(), autocommit=True) as connection:
                apply_baseline(connection, auto_expose_new_tables=False, authenticator_password="x")
                yield connection
        finally:
            server.destroy()


def test_generated_auth_columns(conn: psycopg.Connection) -> None:
    with conn.transaction(force_rollback=True):
        conn.execute(
            "insert into auth.users (id, email, email_confirmed_at, phone_confirmed_at)"
            " values (%s, 'ada@example.com', '2026-01-02', '2026-01-01')",
            (ADA,),
        )
        conn.execute(
            "insert into auth.identities (provider_id, user_id, identity_data, provider)"
            " values (%s, %s, '{\"email\": \"Ada@Example.com\"}', 'email')",
            (ADA, ADA),
        )
        row = conn.execute(
            "select u.confirmed_at::date::text, i.email, i.id is not null"
            " from auth.users u join auth.identities i on i.user_id = u.id"
        ).fetchone()
        assert row == ("2026-01-01", "ada@example.com", True)
        with pytest.raises(psycopg.errors.UniqueViolation, match="users_email_partial_key"):
            conn.execute(
                "insert into auth.users (id, email) values (gen_random_uuid(), %s)",
                ("ada@example.com",),
            )


def test_storage_listing_helpers_and_delete_guard(conn: psycopg.Connection) -> None:
    with conn.transaction(force_rollback=True):
        conn.execute("insert into storage.buckets (id, name) values ('docs', 'docs')")
        conn.execute(
            "insert into storage.objects (bucket_id, name, metadata) values"
            " ('docs', 'a/b.png', '{\"size\": 10}'), ('docs', 'a/c/d.txt', '{\"size\": 5}'),"
            " ('docs', 'top.md', '{\"size\": 1}')"
        )
        top = conn.execute("select name, id is null from storage.search('', 'docs')").fetchall()
        assert top == [("a", True), ("top.md", False)]  # a folder, then a file
        inner = conn.execute("select name, id is null from storage.search('a/', 'docs', 100, 2)")
        assert inner.fetchall() == [("b.png", False), ("c", True)]
        assert conn.execute("select * from storage.get_size_by_bucket()").fetchall() == [
            (16, "docs")
        ]
        helpers = conn.execute(
            "select storage.foldername('a/b/c.tar.gz'), storage.filename('a/b/c.tar.gz'),"
            " storage.extension('a/b/c.tar.gz')"
        )
        assert helpers.fetchone() == (["a", "b"], "c.tar.gz", "gz")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="Storage API"):
            with conn.transaction():
                conn.execute("delete from storage.objects")
        conn.execute("set local storage.allow_delete_query = 'true'")
        assert conn.execute("delete from storage.objects").rowcount == 3


def test_realtime_send_warns_instead_of_failing(conn: psycopg.Connection) -> None:
    notices: list[str] = []
    conn.add_notice_handler(lambda d: notices.append(d.message_primary or ""))
    conn.execute("select realtime.send('{\"x\": 1}', 'ping', 'room:1', false)")
    assert any("no Realtime server" in n for n in notices)


def test_pgbouncer_auth_and_the_graphql_placeholder(conn: psycopg.Connection) -> None:
    hashed = run_as(conn, "pgbouncer", "select password from pgbouncer.get_auth('authenticator')")
    assert str(hashed[0][0]).startswith("SCRAM-SHA-256$")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        run_as(conn, "anon", "select pgbouncer.get_auth('authenticator')")
    answer = run_as(conn, "anon", "select graphql_public.graphql(query => '{ x }')")
    assert answer == [({"errors": [{"message": "pg_graphql extension is not enabled."}]},)]


def test_a_database_webhook_fails_the_write_naming_pg_net(conn: psycopg.Connection) -> None:
    with conn.transaction(force_rollback=True):
        conn.execute("create table public.orders (id int)")
        conn.execute(
            "create trigger orders_hook after insert on public.orders for each row execute"
            " function supabase_functions.http_request('http://localhost:3000/hook', 'POST',"
            " '{\"Content-Type\": \"application/json\"}', '{}', '1000')"
        )
        with pytest.raises(psycopg.errors.FeatureNotSupported, match="^pg_net: "):
            conn.execute("insert into public.orders values (1)")


def test_graphql_entry_point_follows_pg_graphql(conn: psycopg.Connection) -> None:
    call = "select graphql_public.graphql(query => '{ x }')"
    with conn.transaction(force_rollback=True):
        conn.execute("create extension pg_graphql")
        with pytest.raises(psycopg.errors.FeatureNotSupported, match="^pg_graphql: "):
            with conn.transaction():
                conn.execute(call)
        conn.execute("drop extension pg_graphql")
        answer = conn.execute(call).fetchone()
        assert answer == ({"errors": [{"message": "pg_graphql extension is not enabled."}]},)
