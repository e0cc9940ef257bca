"""The access model in SQL, as PostgREST applies it: `SET LOCAL ROLE` plus the request's JWT
claims. anon is denied, maker_agent gets what its tools need and nothing more, service_role
keeps full access."""

from __future__ import annotations

import json
from collections.abc import Iterator

import psycopg
import pytest

from kit.stack.database import connect
from kit.stack.postgres import PostgresServer
from kit.testing import run_as

CONVERSATION = "c0000000-0000-4000-8000-000000000001"
ARCHIVED = "c0000000-0000-4000-8000-000000000004"
MESSAGE = "d0000000-0000-4000-8000-000000000001"


@pytest.fixture
def as_role(kit_postgres: PostgresServer) -> Iterator:
    """Run SQL as a role inside a transaction that is always rolled back."""
    conn = connect(kit_postgres)

    def run(role: str, sql: str, params: tuple = ()) -> list[tuple]:
        return run_as(conn, role, (sql, params))

    yield run
    conn.close()


def test_anon_cannot_read_a_row_maker_agent_can(as_role) -> None:
    sql = "select id from public.conversations where id = %s"
    assert [str(r[0]) for r in as_role("maker_agent", sql, (CONVERSATION,))] == [CONVERSATION]
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        as_role("anon", sql, (CONVERSATION,))
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        as_role("authenticated", sql, (CONVERSATION,))


@pytest.mark.parametrize(
    "table", ["conversations", "messages", "generated_code", "user_preferences", "memory_long_term"]
)
def test_api_roles_get_nothing_and_agent_reads_everything(as_role, table: str) -> None:
    for role in ("anon", "authenticated"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            as_role(role, f"select count(*) from public.{table}")
    assert as_role("maker_agent", f"select count(*) from public.{table}")[0][0] > 0


def test_maker_agent_cannot_delete_a_message(as_role) -> None:
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        as_role("maker_agent", "delete from public.messages where id = %s", (MESSAGE,))


def test_maker_agent_cannot_forge_message_count(as_role) -> None:
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        as_role(
            "maker_agent",
            "update public.conversations set message_count = 99 where id = %s",
            (CONVERSATION,),
        )


def test_maker_agent_saves_messages_and_the_count_follows(as_role) -> None:
    rows = as_role(
        "maker_agent",
        "insert into public.messages (conversation_id, role, content) values (%s, 'user', 'hi')"
        " returning (select message_count from public.conversations where id = %s)",
        (CONVERSATION, CONVERSATION),
    )
    assert rows, "the agent may insert a message"


def test_archived_conversations_are_read_only_for_the_agent(as_role) -> None:
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        as_role(
            "maker_agent",
            "insert into public.messages (conversation_id, role, content) values (%s, 'user', 'x')",
            (ARCHIVED,),
        )


def test_maker_agent_renames_and_archives(as_role) -> None:
    rows = as_role(
        "maker_agent",
        "update public.conversations set title = 'renamed', is_archived = true where id = %s"
        " returning title",
        (CONVERSATION,),
    )
    assert rows == [("renamed",)]


def test_maker_agent_calls_the_memory_functions(as_role) -> None:
    found = as_role(
        "maker_agent", "select content from public.search_memories('user_ada', 'inline styles')"
    )
    assert found and "inline styles" in found[0][0]
    touched = as_role(
        "maker_agent",
        "select last_accessed > '2026-11-10' from public.touch_memory(%s)",
        ("b0000000-0000-4000-8000-000000000001",),
    )
    assert touched == [(True,)]
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        as_role("anon", "select * from public.search_memories('user_ada', 'styles')")


def test_service_role_has_full_access(as_role) -> None:
    rows = as_role(
        "service_role", "delete from public.messages where id = %s returning id", (MESSAGE,)
    )
    assert len(rows) == 1


def test_auth_functions_read_the_request_claims(kit_postgres: PostgresServer) -> None:
    sub = "8c1f3c2e-7d5b-4a1e-9b0a-2f6d4c3b1a00"
    claims = {"role": "maker_agent", "sub": sub, "email": "a@b.c"}
    with connect(kit_postgres) as conn, conn.transaction(force_rollback=True):
        conn.execute("select set_config('request.jwt.claims', %s, true)", (json.dumps(claims),))
        row = conn.execute(
            "select auth.uid()::text, auth.role(), auth.email(), auth.jwt()"
        ).fetchone()
    assert row == (claims["sub"], "maker_agent", "a@b.c", claims)
