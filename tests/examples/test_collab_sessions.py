"""The collab-sessions example (source document 003) in SQL, on a server of its own: the session
status machine, the summary counts, full-text search over chunks, the all-or-nothing batch RPC
and the agent's access, as PostgREST applies it (`SET LOCAL ROLE` + request.jwt.claims)."""

from __future__ import annotations

import json

import pytest

from ..conftest import ROOT
from .conftest import sqlstate_of

EXAMPLE = ROOT / "examples" / "collab-sessions"


# The status machine --------------------------------------------------------------------------


def test_sessions_pause_resume_and_complete(sql) -> None:
    rows = sql(
        "maker_agent",
        "select status from public.pause_session('mobile_test_001')",
        "select status from public.resume_session('mobile_test_001')",
        "select status from public.pause_session('mobile_test_001')",
        "select status, updated > '2025-11-18' from public.complete_session('mobile_test_001')",
    )
    assert rows == [("completed", True)]


@pytest.mark.parametrize(
    ("call", "session", "state"),
    [
        ("resume_session", "postgres_migration", "PT409"),  # completed
        ("pause_session", "postgres_migration", "PT409"),
        ("pause_session", "no_such_session", "PT404"),
        ("complete_session", "no_such_session", "PT404"),
    ],
)
def test_invalid_transitions_are_refused(sql, call: str, session: str, state: str) -> None:
    call_sql = (f"select * from public.{call}(%s)", (session,))
    assert sqlstate_of(sql, "maker_agent", call_sql) == state


@pytest.mark.parametrize(
    ("call", "session", "status"),
    [
        ("resume_session", "mobile_test_001", "active"),
        ("pause_session", "code_review_pr_123", "paused"),
        ("complete_session", "postgres_migration", "completed"),
    ],
)
def test_asking_for_the_current_status_changes_nothing(sql, call, session, status) -> None:
    rows = sql(
        "maker_agent",
        (f"select status, updated from public.{call}(%s)", (session,)),
    )
    before = sql(
        "service_role", ("select status, updated from public.sessions where id = %s", (session,))
    )
    assert rows == before and rows[0][0] == status


@pytest.mark.parametrize("role", ["postgres", "service_role", "maker_agent"])
def test_no_role_reopens_a_completed_session(sql, role: str) -> None:
    update = "update public.sessions set status = 'active' where id = 'postgres_migration'"
    assert sqlstate_of(sql, role, update) == "PT409"


def test_new_sessions_start_active_and_the_agent_cannot_forge_counts(sql) -> None:
    rows = sql(
        "maker_agent",
        "insert into public.sessions (id, title, participants) values"
        " ('s_new', 'New', '{claude}') returning status, memory_count, task_count",
    )
    assert rows == [("active", 0, 0)]
    forged = "update public.sessions set memory_count = 99 where id = 'mobile_test_001'"
    assert sqlstate_of(sql, "maker_agent", forged) == "42501"
    created_done = "insert into public.sessions (id, title, status) values ('s2', 'x', 'completed')"
    assert sqlstate_of(sql, "maker_agent", created_done) == "42501"


# Summary, counts, search ---------------------------------------------------------------------


def test_session_summary_counts_everything(sql) -> None:
    rows = sql(
        "maker_agent",
        "select memory_count, chunk_count, task_count, artifact_count"
        " from public.session_summary('code_review_pr_123')",
    )
    assert rows == [(3, 2, 2, 1)]
    everything = sql(
        "maker_agent",
        "select session_id, memory_count + chunk_count + task_count + artifact_count"
        " from public.session_summaries order by session_id",
    )
    assert everything == [
        ("code_review_pr_123", 8),
        ("feature_x_planning", 6),
        ("mobile_test_001", 5),
        ("postgres_migration", 5),
    ]
    assert (
        sqlstate_of(sql, "maker_agent", "select * from public.session_summary('nope')") == "PT404"
    )


def test_count_columns_follow_the_rows(sql) -> None:
    rows = sql(
        "service_role",
        "select s.id from public.sessions as s where s.memory_count <>"
        " (select count(*) from public.memories as m where m.session_id = s.id)"
        " or s.task_count <> (select count(*) from public.tasks as t where t.session_id = s.id)",
    )
    assert rows == []
    rows = sql(
        "maker_agent",
        "insert into public.memories (session_id, type, key)"
        " values ('mobile_test_001', 'fact', 'k')",
        "select memory_count, updated > '2025-11-18'"
        " from public.sessions where id = 'mobile_test_001'",
    )
    assert rows == [(3, True)]


def test_full_text_search_over_chunks(sql) -> None:
    found = sql("maker_agent", "select session_id, chunk_number from public.search_chunks('retry')")
    assert sorted(found) == [("code_review_pr_123", 1), ("code_review_pr_123", 2)]
    # Stemming: "emission" finds "emissions"; the session filter narrows.
    assert sql("maker_agent", "select id from public.search_chunks('emission')") == [(1,)]
    assert (
        sql("maker_agent", "select id from public.search_chunks('emission', 'feature_x_planning')")
        == []
    )
    best = sql("maker_agent", "select id from public.search_chunks('retry test')")
    assert best[0] == (4,), "the chunk with both words ranks first"


def test_chunks_are_numbered_when_the_number_is_left_out(sql) -> None:
    rows = sql(
        "maker_agent",
        "insert into public.conversation_chunks (session_id, content)"
        " values ('mobile_test_001', 'developer: ship it')"
        " returning chunk_number, search_vector <> ''",
    )
    assert rows == [(3, True)]


# The batch RPC -------------------------------------------------------------------------------

BATCH = "select key, type from public.batch_store_memories(%s, %s) order by key"


def test_batch_stores_every_item_and_replaces_existing_keys(sql) -> None:
    items = [
        {"type": "action_item", "key": "write_docs", "content": {"action": "Write the guide"}},
        {
            "type": "decision",
            "key": "use_opentelemetry",
            "content": {"decision": "OTel"},
            "tags": ["x"],
        },
    ]
    rows = sql(
        "maker_agent",
        (BATCH, ("mobile_test_001", json.dumps(items))),
        "select key, content, tags,"
        " (select memory_count from public.sessions where id = session_id)"
        " from public.memories where session_id = 'mobile_test_001' order by key",
    )
    assert rows == [
        ("feature_carbon_tracking", rows[0][1], ["sustainability", "feature", "api"], 3),
        ("use_opentelemetry", {"decision": "OTel"}, ["x"], 3),
        ("write_docs", {"action": "Write the guide"}, [], 3),
    ]


@pytest.mark.parametrize(
    ("items", "state"),
    [
        ([{"type": "idea", "key": "a"}, {"type": "rumour", "key": "b"}], "23514"),  # type CHECK
        ([{"type": "idea", "key": "a"}, {"key": "b"}], "22023"),  # no type
        ([{"type": "idea", "key": "a", "tags": "not-an-array"}], "22023"),
        ([], "22023"),
        ("[{not json", "22P02"),  # jsonb refuses it (PostgREST: 400) before the function runs
    ],
)
def test_batch_is_all_or_nothing(sql, items: list | str, state: str) -> None:
    text = items if isinstance(items, str) else json.dumps(items)
    assert sqlstate_of(sql, "maker_agent", (BATCH, ("mobile_test_001", text))) == state
    left = sql("maker_agent", "select count(*) from public.memories where key in ('a', 'b')")
    assert left == [(0,)]


def test_batch_with_a_key_twice_keeps_the_later_item(sql) -> None:
    items = [{"type": "idea", "key": "a"}, {"type": "fact", "key": "a", "content": {"v": 2}}]
    rows = sql(
        "maker_agent",
        (BATCH, ("mobile_test_001", json.dumps(items))),
        "select type, content from public.memories where session_id = 'mobile_test_001'"
        " and key = 'a'",
    )
    assert rows == [("fact", {"v": 2})]


def test_batch_into_a_completed_session_is_refused(sql) -> None:
    items = json.dumps([{"type": "fact", "key": "late", "content": {}}])
    assert sqlstate_of(sql, "maker_agent", (BATCH, ("postgres_migration", items))) == "42501"


STORE = "select key, type, content, tags from public.store_memory(%s, %s, %s, %s, %s)"


def test_store_memory_takes_a_json_object_or_plain_text(sql) -> None:
    rows = sql(
        "maker_agent",
        (STORE, ("feature_x_planning", "idea", "sso", '{"title": "SSO"}', ["security"])),
        (STORE, ("feature_x_planning", "fact", "deadline", "Ships on 1 March", [])),
        (STORE, ("feature_x_planning", "decision", "use_jwt_tokens", "Use sessions", ["x"])),
        "select key, type, content, tags from public.memories"
        " where session_id = 'feature_x_planning' and key in ('sso', 'deadline', 'use_jwt_tokens')"
        " order by key",
    )
    assert rows == [
        ("deadline", "fact", {"text": "Ships on 1 March"}, []),
        ("sso", "idea", {"title": "SSO"}, ["security"]),
        ("use_jwt_tokens", "decision", {"text": "Use sessions"}, ["x"]),  # replaced by key
    ]


# Access --------------------------------------------------------------------------------------

TABLES = ["agents", "sessions", "memories", "conversation_chunks", "tasks", "artifacts"]


@pytest.mark.parametrize("table", TABLES)
def test_agent_reads_every_table_and_api_roles_get_nothing(sql, table: str) -> None:
    assert sql("maker_agent", f"select count(*) from public.{table}")[0][0] > 0
    for role in ("anon", "authenticated"):
        assert sqlstate_of(sql, role, f"select count(*) from public.{table}") == "42501"


@pytest.mark.parametrize("table", TABLES)
def test_agent_never_deletes(sql, table: str) -> None:
    assert sqlstate_of(sql, "maker_agent", f"delete from public.{table}") == "42501"


def test_agent_tools_work_and_stop_at_completed_sessions(sql) -> None:
    stored = sql(
        "maker_agent",
        "insert into public.memories (session_id, type, key, content, tags) values"
        " ('feature_x_planning', 'question', 'rate_limits', '{\"q\": \"How many?\"}', '{api}')"
        " returning key",
        "select key from public.memories where session_id = 'feature_x_planning'"
        " and type = 'question' and tags @> '{api}'",
    )
    assert stored == [("rate_limits",)]
    late = (
        "insert into public.conversation_chunks (session_id, content) values"
        " ('postgres_migration', 'too late')"
    )
    assert sqlstate_of(sql, "maker_agent", late) == "42501"
    for role in ("anon", "authenticated"):
        call = "select * from public.session_summary('mobile_test_001')"
        assert sqlstate_of(sql, role, call) == "42501"
