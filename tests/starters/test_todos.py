"""The todos starter: migration names the Supabase CLI accepts though they are not 14-digit
timestamps, files it skips, uuid-ossp and pgcrypto in defaults and functions, pg_cron, Vault and
a pg_net webhook trigger, seeds from a glob."""

from __future__ import annotations

import hashlib
import re

import psycopg
import pytest

from kit.testing import as_role

from .conftest import Starter

GRACE = "b0b0b0b0-0000-4000-8000-000000000001"
UUID_V4 = r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"


def test_the_cli_file_rules_pick_the_migrations_in_name_order(todos: Starter) -> None:
    applied = [(m.version, m.name) for m in todos.done.migrations]
    assert applied == [
        ("0001", "extensions"),
        ("1767225600000", "api_tokens"),
        ("20260309", "todos"),
        ("20260310120000", "jobs_and_secrets"),
    ]
    with todos.connect() as conn:
        history = conn.execute(
            "select version, name from supabase_migrations.schema_migrations order by version"
        ).fetchall()
    assert history == sorted(applied)


def test_seed_globs_load_in_order_once(todos: Starter) -> None:
    assert [s.path.name for s in todos.done.seeds] == ["01_users.sql", "02_todos.sql"]
    with todos.connect() as conn:
        counts = conn.execute(
            "select (select count(*) from auth.users), (select count(*) from public.todos)"
        ).fetchone()
    assert counts == (1, 2)


def test_uuid_ossp_defaults_fill_new_rows(todos: Starter) -> None:
    with todos.connect() as conn, conn.transaction(force_rollback=True):
        row = conn.execute(
            "insert into public.todos (user_id, task) values (%s, 'Call the plumber')"
            " returning id::text",
            (GRACE,),
        ).fetchone()
    assert row is not None
    assert re.fullmatch(UUID_V4, row[0])


def test_pgcrypto_issues_a_token_and_stores_its_sha256(todos: Starter) -> None:
    with todos.connect() as conn:
        with as_role(conn, "authenticated", {"sub": GRACE}):
            token = conn.execute("select public.issue_api_token('ci')").fetchone()
            stored = conn.execute("select token_hash from public.api_tokens").fetchone()
    assert token is not None and stored is not None
    assert re.fullmatch(r"[0-9a-f]{48}", token[0])
    assert stored[0] == hashlib.sha256(token[0].encode()).hexdigest()


def test_cron_job_and_vault_secret_are_recorded(todos: Starter) -> None:
    with todos.connect() as conn:
        jobs = conn.execute("select jobname, schedule from cron.job").fetchall()
        secret = conn.execute(
            "select decrypted_secret from vault.decrypted_secrets"
            " where name = 'todo_webhook_secret'"
        ).fetchone()
    assert jobs == [("purge-completed-todos", "0 3 * * *")]
    assert secret == ("whsec_local_only",)


def test_a_webhook_through_pg_net_fails_loudly_instead_of_pretending(todos: Starter) -> None:
    with todos.connect() as conn:
        with pytest.raises(psycopg.Error, match="pg_net") as caught:
            with conn.transaction(force_rollback=True):
                conn.execute(
                    "update public.todos set is_complete = true where id = %s",
                    ("c0c0c0c0-0000-4000-8000-000000000001",),
                )
    assert "README" in str(caught.value)
