"""The ai-chatbot example (source document 002) in SQL: composite keys, document versions,
votes, knowledge-base search, background queries and the access model, on a server of its own
provisioned with examples/ai-chatbot. Every test runs in a transaction that is rolled back, as
the role PostgREST would switch to."""

from __future__ import annotations

import psycopg
import pytest

from ..conftest import ROOT
from .conftest import agent

EXAMPLE = ROOT / "examples" / "ai-chatbot"

ADA = "a0000000-0000-4000-8000-000000000001"
GRACE = "a0000000-0000-4000-8000-000000000002"
LISBON_CHAT = "c1000000-0000-4000-8000-000000000001"
REPORT_CHAT = "c1000000-0000-4000-8000-000000000002"
LISBON_ANSWER = "d1000000-0000-4000-8000-000000000002"
REPORT_ANSWER = "d1000000-0000-4000-8000-000000000006"
Q3_REPORT = "f1000000-0000-4000-8000-000000000001"
VOTE = 'insert into public."Vote_v2" ("chatId", "messageId", "isUpvoted")'

TABLES = [
    '"User"', '"Chat"', '"Message_v2"', '"Vote_v2"', '"Stream"', '"Document"', '"Suggestion"',
    "knowledge_documents", "preprocessing_log", "background_queries",
]  # fmt: skip


# --- composite keys and versions --------------------------------------------------------


def test_a_new_document_version_is_a_new_row_with_the_same_id(db) -> None:
    rows = agent(
        db,
        [
            (
                'insert into public."Document" (id, title, content, kind, "userId")'
                " values (%s, 'Q3 report', 'v4', 'text', %s)",
                (Q3_REPORT, ADA),
            ),
            (
                'select content from public."Document" where id = %s order by "createdAt"',
                (Q3_REPORT,),
            ),
        ],
    )
    assert len(rows) == 4 and rows[-1] == ("v4",)


def test_the_same_document_version_cannot_be_saved_twice(db) -> None:
    with pytest.raises(psycopg.errors.UniqueViolation, match="Document_pkey"):
        db(
            'insert into public."Document" (id, "createdAt", title, "userId")'
            " values (%s, '2026-11-15 13:35:00+00', 'dup', %s)",
            (Q3_REPORT, ADA),
        )


def test_a_suggestion_names_an_existing_version(db) -> None:
    sql = (
        'insert into public."Suggestion" ("documentId", "documentCreatedAt", "originalText",'
        " \"suggestedText\", \"userId\") values (%s, %s, 'a', 'b', %s) returning id"
    )
    assert db(sql, (Q3_REPORT, "2026-11-15 13:41:00+00", ADA))
    with pytest.raises(psycopg.errors.ForeignKeyViolation):
        db(sql, (Q3_REPORT, "2026-11-15 13:41:01+00", ADA))


def test_one_vote_per_message_and_voting_again_changes_it(db) -> None:
    with pytest.raises(psycopg.errors.UniqueViolation, match="Vote_v2_pkey"):
        db(
            VOTE + " values (%s, %s, false)",
            (LISBON_CHAT, LISBON_ANSWER),
        )
    # What PostgREST runs for POST with Prefer: resolution=merge-duplicates.
    upsert = agent(
        db,
        VOTE + " values (%s, %s, false)"
        ' on conflict ("chatId", "messageId") do update set "chatId" = excluded."chatId",'
        ' "messageId" = excluded."messageId", "isUpvoted" = excluded."isUpvoted"'
        ' returning "isUpvoted"',
        (LISBON_CHAT, LISBON_ANSWER),
    )
    assert upsert == [(False,)]


def test_a_vote_names_a_message_of_its_own_chat(db) -> None:
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        agent(
            db,
            VOTE + " values (%s, %s, true)",
            (LISBON_CHAT, REPORT_ANSWER),
        )


@pytest.mark.parametrize("parts", ['{"type": "text"}', '"hello"'])
def test_message_parts_are_a_json_array(db, parts: str) -> None:
    with pytest.raises(psycopg.errors.CheckViolation, match="parts_check"):
        db(
            'insert into public."Message_v2" ("chatId", role, parts) values (%s, \'user\', %s)',
            (LISBON_CHAT, parts),
        )


def test_save_message_from_text_or_parts(db) -> None:
    sql = "select role, parts::text from public.save_message(%s, %s, %s, %s)"
    from_text = agent(db, sql, (LISBON_CHAT, "user", "Add a fado evening", None))
    assert from_text == [("user", '[{"type" : "text", "text" : "Add a fado evening"}]')]
    parts = '[{"type": "text", "text": "Done."}, {"type": "reasoning", "text": "easy"}]'
    from_parts = agent(db, sql, (LISBON_CHAT, "assistant", "ignored", parts))
    assert from_parts == [("assistant", parts)]
    with pytest.raises(psycopg.errors.NotNullViolation):
        agent(db, sql, (LISBON_CHAT, "user", None, None))
    with pytest.raises(psycopg.errors.CheckViolation, match="parts_check"):
        agent(db, sql, (LISBON_CHAT, "user", None, '{"type": "text"}'))


def test_deleting_a_chat_deletes_its_messages_votes_and_streams(db) -> None:
    rows = db(
        [
            ('delete from public."Chat" where id = %s', (LISBON_CHAT,)),
            (
                'select (select count(*) from public."Message_v2" where "chatId" = %s)'
                ' + (select count(*) from public."Vote_v2" where "chatId" = %s)'
                ' + (select count(*) from public."Stream" where "chatId" = %s)'
                " + (select count(*) from public.background_queries where conversation_id = %s)",
                (LISBON_CHAT,) * 4,
            ),
        ],
        role="service_role",
    )
    assert rows == [(0,)]


# --- knowledge base ---------------------------------------------------------------------


def search(db, user: str, query: str, path: str | None = None) -> list[str]:
    rows = agent(db, "select path from public.search_knowledge(%s, %s, %s)", (user, query, path))
    return [r[0] for r in rows]


def test_search_knowledge_ranks_the_best_match_first(db) -> None:
    assert search(db, ADA, "fado") == ["travel.lisbon.restaurants"]
    assert search(db, ADA, "churn enterprise") == [
        "work.reports.q3_summary",
        "work.reports.q2_summary",
    ]
    assert search(db, ADA, "Q3 report")[0] == "work.reports.q3_summary", "the name weighs most"


def test_search_knowledge_stays_within_a_users_documents(db) -> None:
    assert search(db, ADA, "borrow") == []
    assert search(db, GRACE, "borrow") == ["programming.rust.borrowing"]


def test_search_knowledge_within_a_path_is_the_subtree_only(db) -> None:
    assert set(search(db, ADA, "revenue")) == {
        "work.reports.q3_summary",
        "work.reports.q2_summary",
        "work_notes.standup",
    }
    assert set(search(db, ADA, "revenue", "work")) == {
        "work.reports.q3_summary",
        "work.reports.q2_summary",
    }, "work_notes is not below work"
    assert search(db, ADA, "revenue", "work_notes") == ["work_notes.standup"]
    assert search(db, ADA, "revenue", "work.reports.q2_summary") == ["work.reports.q2_summary"]
    assert search(db, ADA, "revenue", "work_") == [], "_ is not a wildcard"
    assert len(search(db, ADA, "revenue", "")) == 3, "an empty path is the whole knowledge base"


@pytest.mark.parametrize("path", ["travel/lisbon", ".travel", "travel..lisbon", "travel lisbon"])
def test_knowledge_paths_use_ltree_label_syntax(db, path: str) -> None:
    with pytest.raises(psycopg.errors.CheckViolation, match="path_check"):
        db(
            "insert into public.knowledge_documents (user_id, path, name) values (%s, %s, 'x')",
            (ADA, path),
        )


# --- background queries -----------------------------------------------------------------


def test_queue_and_poll_a_background_query(db) -> None:
    rows = agent(
        db,
        [
            (
                "select set_config('test.q', (select id::text"
                " from public.queue_background_query(%s, 'summarise', %s)), true)",
                (REPORT_CHAT, '{"a": 1}'),
            ),
            (
                "select status, completed_at is null, input from public.background_queries"
                " where id = current_setting('test.q')::uuid",
                (),
            ),
        ],
    )
    assert rows == [("pending", True, {"a": 1})]


def test_the_same_unfinished_work_is_not_queued_twice(db) -> None:
    queue = "select id from public.queue_background_query(%s, 'summarise', %s)"
    rows = agent(
        db,
        [
            ("create temp table ids (id uuid)", ()),
            ("insert into ids " + queue, (REPORT_CHAT, '{"a": 1}')),
            ("insert into ids " + queue, (REPORT_CHAT, '{"a": 1}')),
            ("insert into ids " + queue, (REPORT_CHAT, '{"a": 2}')),
            ("select count(*), count(distinct id) from ids", ()),
        ],
    )
    assert rows == [(3, 2)]
    pending = agent(
        db,
        "select id::text from public.queue_background_query(%s, 'hotel_search', %s)",
        (LISBON_CHAT, '{"city": "Lisbon", "nights": 3, "area": "Alfama"}'),
    )
    assert pending == [("b3000000-0000-4000-8000-000000000002",)], "the seeded pending query"


def test_finished_queries_get_completed_at_and_can_be_queued_again(db) -> None:
    rows = db(
        [
            (
                "update public.background_queries set status = 'completed', result = '{}'"
                " where id = 'b3000000-0000-4000-8000-000000000002'"
                " returning completed_at is not null",
                (),
            ),
            (
                "select id <> 'b3000000-0000-4000-8000-000000000002', status"
                " from public.queue_background_query(%s, 'hotel_search', %s)",
                (LISBON_CHAT, '{"city": "Lisbon", "nights": 3, "area": "Alfama"}'),
            ),
        ],
        role="service_role",
    )
    assert rows == [(True, "pending")]
    with pytest.raises(psycopg.errors.CheckViolation, match="completed_at_check"):
        db(
            "update public.background_queries set completed_at = null"
            " where id = 'b3000000-0000-4000-8000-000000000001'"
        )


def test_the_agent_queues_but_never_runs_or_finishes_queries(db) -> None:
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        agent(
            db,
            "insert into public.background_queries (conversation_id, type, status)"
            " values (%s, 'x', 'running')",
            (LISBON_CHAT,),
        )
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        agent(db, "update public.background_queries set status = 'completed'")


# --- access model -----------------------------------------------------------------------


@pytest.mark.parametrize("table", TABLES)
def test_agent_reads_but_never_deletes_and_api_roles_get_nothing(db, table: str) -> None:
    columns = "id" if table == '"User"' else "*"
    assert agent(db, f"select count({columns}) > 0 from (select {columns} from public.{table}) t")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        agent(db, f"delete from public.{table}")
    for role in ("anon", "authenticated"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            db(f"select 1 from public.{table} limit 1", role=role)
    assert db(f"select count(*) > 0 from public.{table}", role="service_role") == [(True,)]


def test_agent_never_reads_password_hashes(db) -> None:
    assert agent(db, 'select email from public."User" where id = %s', (ADA,)) == [
        ("ada@example.com",)
    ]
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="User"):
        agent(db, 'select password from public."User"')


def test_document_versions_are_immutable_for_the_agent(db) -> None:
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        agent(
            db, "update public.\"Document\" set content = 'rewritten' where id = %s", (Q3_REPORT,)
        )


def test_agent_saves_messages_and_resolves_suggestions(db) -> None:
    saved = agent(
        db,
        'insert into public."Message_v2" ("chatId", role, parts) values'
        ' (%s, \'user\', \'[{"type": "text", "text": "thanks"}]\') returning role',
        (LISBON_CHAT,),
    )
    assert saved == [("user",)]
    resolved = agent(
        db,
        'update public."Suggestion" set "isResolved" = true'
        " where id = 'f2000000-0000-4000-8000-000000000002' returning \"isResolved\"",
    )
    assert resolved == [(True,)]


@pytest.mark.parametrize(
    "call",
    [
        "public.save_message(gen_random_uuid(), 'user', 'x')",
        "public.search_knowledge(gen_random_uuid(), 'x')",
        "public.queue_background_query(gen_random_uuid(), 'x')",
    ],
)
def test_rpcs_are_for_the_agent_only(db, call: str) -> None:
    for role in ("anon", "authenticated"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
            db(f"select * from {call}", role=role)
