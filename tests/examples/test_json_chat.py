"""The json-chat example (source document 001) in SQL: its constraints, its RPCs and its access
model, on a server of its own provisioned with examples/json-chat. Every test runs in a
transaction that is rolled back, as the role PostgREST would switch to."""

from __future__ import annotations

import psycopg
import pytest

from ..conftest import ROOT
from .conftest import agent

EXAMPLE = ROOT / "examples" / "json-chat"

ADA = "20000000-0000-4000-8000-000000000001"
ATLAS = "20000000-0000-4000-8000-000000000002"
ALICE = "10000000-0000-4000-8000-000000000001"
CONVERSATION = "40000000-0000-4000-8000-000000000001"
OTHER_CONVERSATION = "40000000-0000-4000-8000-000000000002"
ACTIVE_SESSION = "50000000-0000-4000-8000-000000000002"
COMPLETED_SESSION = "50000000-0000-4000-8000-000000000001"
UNEDITED_MESSAGE = "60000000-0000-4000-8000-000000000002"
EDITED_MESSAGE = "60000000-0000-4000-8000-000000000006"
ADA_CURRENT_STATE = "80000000-0000-4000-8000-000000000002"
ADA_OLD_STATE = "80000000-0000-4000-8000-000000000001"
ADA_MILESTONE = "81000000-0000-4000-8000-000000000001"

TABLES = [
    "users", "agents", "channels", "conversation_sessions", "chat_messages_v2",
    "message_versions", "agent_memories", "memory_consolidations", "agent_states",
    "state_checkpoints", "state_transitions", "context_snapshots", "context_templates",
]  # fmt: skip


# --- constraints ------------------------------------------------------------------------


def test_only_one_current_state_per_agent(db) -> None:
    insert = (
        "insert into public.agent_states (agent_id, version, state_hash, is_current)"
        " values (%s, '2.0.0', '', {})"
    )
    with pytest.raises(psycopg.errors.UniqueViolation, match="one_current_per_agent"):
        db(insert.format("true"), (ADA,))
    assert db(insert.format("false") + " returning is_current", (ADA,)) == [(False,)]


def test_state_hash_is_computed_not_trusted(db) -> None:
    rows = db(
        "insert into public.agent_states (agent_id, version, local_state, state_hash, is_current)"
        " values (%s, '1', '{\"a\": 1}', 'forged', false) returning state_hash",
        (ADA,),
    )
    assert rows[0][0] != "forged" and len(rows[0][0]) == 64


@pytest.mark.parametrize(
    "content", ['{"type": "video", "url": "x"}', '{"text": "no type"}', '"just a string"']
)
def test_message_content_type_check_rejects(db, content: str) -> None:
    with pytest.raises(psycopg.errors.CheckViolation, match="check_content_structure"):
        db(
            "insert into public.chat_messages_v2 (conversation_id, session_id, role, content)"
            " values (%s, %s, 'user', %s)",
            (CONVERSATION, ACTIVE_SESSION, content),
        )


def test_message_session_must_belong_to_its_conversation(db) -> None:
    with pytest.raises(psycopg.errors.ForeignKeyViolation, match="session_fkey"):
        db(
            "insert into public.chat_messages_v2 (conversation_id, session_id, role, content)"
            ' values (%s, %s, \'user\', \'{"type": "text", "text": "hi"}\')',
            (OTHER_CONVERSATION, ACTIVE_SESSION),
        )


@pytest.mark.parametrize(
    ("memory_type", "content", "ok"),
    [
        ("episodic", '{"event": "e", "temporal": {}}', True),
        ("episodic", '{"event": "e"}', False),
        ("semantic", '{"concept": "c", "definition": "d"}', True),
        ("semantic", '{"concept": "c"}', False),
        ("procedural", '{"skill": "s", "steps": []}', True),
        ("procedural", '{"event": "e", "temporal": {}}', False),
        ("working", '{"items": [], "capacity": 3}', True),
        ("working", '{"items": []}', False),
    ],
)
def test_memory_content_keys_depend_on_type(db, memory_type: str, content: str, ok: bool) -> None:
    sql = (
        "insert into public.agent_memories (agent_id, memory_type, content)"
        " values (%s, %s, %s) returning memory_type"
    )
    if ok:
        assert db(sql, (ADA, memory_type, content)) == [(memory_type,)]
    else:
        with pytest.raises(psycopg.errors.CheckViolation, match="check_memory_content"):
            db(sql, (ADA, memory_type, content))


@pytest.mark.parametrize("importance", [-0.1, 1.01])
def test_memory_importance_is_between_0_and_1(db, importance: float) -> None:
    with pytest.raises(psycopg.errors.CheckViolation):
        db(
            "insert into public.agent_memories (agent_id, memory_type, content, importance)"
            ' values (%s, \'semantic\', \'{"concept": "c", "definition": "d"}\', %s)',
            (ADA, importance),
        )


# --- RPCs -------------------------------------------------------------------------------


def test_post_message_takes_its_content_as_json(db) -> None:
    rows = agent(
        db,
        "select content, role from public.post_message(%s, %s, 'user', %s)",
        (CONVERSATION, ACTIVE_SESSION, '{"type": "text", "text": "Where is my parcel?"}'),
    )
    assert rows == [({"type": "text", "text": "Where is my parcel?"}, "user")]
    with pytest.raises(psycopg.errors.InvalidTextRepresentation):  # jsonb: PostgREST's 400
        agent(
            db,
            "select * from public.post_message(%s, %s, 'user', 'not json')",
            (CONVERSATION, ACTIVE_SESSION),
        )
    with pytest.raises(psycopg.errors.CheckViolation, match="check_content_structure"):
        agent(
            db,
            "select * from public.post_message(%s, %s, 'user', '{\"type\": \"video\"}')",
            (CONVERSATION, ACTIVE_SESSION),
        )


def test_store_memory_checks_the_keys_of_its_type(db) -> None:
    sql = "select memory_type, importance from public.store_memory(%s, %s, %s, 0.7)"
    ok = agent(db, sql, (ADA, "procedural", '{"skill": "s", "steps": ["a"]}'))
    assert ok == [("procedural", 0.7)]
    with pytest.raises(psycopg.errors.CheckViolation, match="check_memory_content"):
        agent(db, sql, (ADA, "procedural", '{"skill": "s"}'))


def test_edit_message_keeps_the_original_and_writes_a_version(db) -> None:
    rows = agent(
        db,
        [
            (
                "select * from public.edit_message(%s,"
                ' \'{"type": "text", "text": "edited"}\', null, \'typo\')',
                (UNEDITED_MESSAGE,),
            ),
            (
                "select version_number, content ->> 'text', change_reason"
                " from public.message_versions where message_id = %s order by version_number",
                (UNEDITED_MESSAGE,),
            ),
        ],
    )
    assert [(r[0], r[2]) for r in rows] == [(1, "original"), (2, "typo")]
    assert rows[1][1] == "edited" and rows[0][1].startswith("Sorry about that")


def test_edit_message_appends_the_next_version(db) -> None:
    rows = agent(
        db,
        [
            (
                'select * from public.edit_message(%s, \'{"type": "structured", "data": {}}\')',
                (EDITED_MESSAGE,),
            ),
            (
                "select max(version_number), (select content ->> 'type'"
                " from public.chat_messages_v2 where id = %s)"
                " from public.message_versions where message_id = %s",
                (EDITED_MESSAGE, EDITED_MESSAGE),
            ),
        ],
    )
    assert rows == [(3, "structured")]


def test_edit_message_with_a_bad_type_writes_nothing(db) -> None:
    with pytest.raises(psycopg.errors.CheckViolation):
        agent(db, 'select * from public.edit_message(%s, \'{"type": "video"}\')', (EDITED_MESSAGE,))
    assert db(
        "select count(*) from public.message_versions where message_id = %s", (EDITED_MESSAGE,)
    ) == [(2,)]


def test_edit_message_with_plain_text_as_a_pasted_tool_sends_it(db) -> None:
    rows = agent(
        db,
        "select content from public.edit_message("
        "p_message_id => %s, p_text => 'plain', p_change_reason => '')",
        (EDITED_MESSAGE,),
    )
    assert rows == [({"type": "text", "text": "plain"},)]
    with pytest.raises(psycopg.errors.InvalidParameterValue, match="no new content"):
        agent(db, "select * from public.edit_message(%s, null)", (EDITED_MESSAGE,))


def test_null_and_empty_strings_count_as_not_given(db) -> None:
    """A JSON partition left null, or a text argument left empty, means "leave as is"."""
    state = agent(
        db,
        "select local_state, persistent_state"
        " from public.set_agent_state(%s, null, null, null, '{\"refunds_issued\": 2}', '', '')",
        (ADA,),
    )
    assert state == [({"mood": "neutral", "open_cases": ["BK-1042"]}, {"refunds_issued": 2})]
    recalled = agent(db, "select count(*) from public.recall_memories(%s, '', 0)", (ADA,))
    assert recalled == [(6,)]
    checkpoint = agent(
        db,
        "select checkpoint_type, retention_policy, trigger_reason"
        " from public.create_checkpoint(%s, '', '', '')",
        (ADA,),
    )
    assert checkpoint == [("manual", "temporary", None)]


def test_edit_message_of_an_unknown_id_is_not_found(db) -> None:
    # PT404: PostgREST answers 404 (P0002 would be its 500).
    with pytest.raises(psycopg.Error, match="not found") as raised:
        agent(db, 'select * from public.edit_message(gen_random_uuid(), \'{"type": "text"}\')')
    assert raised.value.sqlstate == "PT404"


def test_set_agent_state_retires_the_previous_one(db) -> None:
    rows = agent(
        db,
        [
            (
                'select * from public.set_agent_state(%s, p_local_state => \'{"mood": "busy"}\')',
                (ADA,),
            ),
            (
                "select s.id::text, s.is_current, s.local_state ->> 'mood', s.persistent_state,"
                " t.transition_type, t.changes, t.rollback_data ->> 'id'"
                " from public.agent_states as s"
                " left join public.state_transitions as t on t.to_state_id = s.id"
                " where s.agent_id = %s and (s.is_current or s.id = %s) order by s.is_current",
                (ADA, ADA_CURRENT_STATE),
            ),
        ],
    )
    old, new = rows
    assert old[:2] == (ADA_CURRENT_STATE, False)
    assert new[1:4] == (True, "busy", {"refunds_issued": 1}), "null partitions keep their value"
    assert new[4:] == ("update", {"local_state": {"mood": "busy"}}, ADA_CURRENT_STATE)


def test_create_and_restore_a_checkpoint(db) -> None:
    rows = agent(
        db,
        [
            (
                "select set_config('test.cp',"
                " (select id::text from public.create_checkpoint(%s)), true)",
                (ADA,),
            ),
            (
                "select * from public.set_agent_state("
                "%s, '{\"mood\": \"lost\"}', '{}', '{}', '{}')",
                (ADA,),
            ),
            ("select * from public.restore_checkpoint(current_setting('test.cp')::uuid)", ()),
            (
                "select s.local_state, s.state_hash = c.state_data ->> 'state_hash',"
                " c.restoration_count,"
                " (select transition_type from public.state_transitions where to_state_id = s.id),"
                " (select count(*) from public.agent_states where agent_id = %s and is_current)"
                " from public.agent_states as s, public.state_checkpoints as c"
                " where s.agent_id = %s and s.is_current"
                " and c.id = current_setting('test.cp')::uuid",
                (ADA, ADA),
            ),
        ],
    )
    assert rows == [({"mood": "neutral", "open_cases": ["BK-1042"]}, True, 1, "restore", 1)]


def test_restore_an_old_milestone(db) -> None:
    rows = agent(
        db,
        "select local_state, version, is_current from public.restore_checkpoint(%s)",
        (ADA_MILESTONE,),
    )
    assert rows == [({"mood": "neutral", "open_cases": []}, "1.0.0", True)]


def test_create_checkpoint_needs_a_current_state(db) -> None:
    with pytest.raises(psycopg.Error, match="no current state") as raised:
        agent(db, "select * from public.create_checkpoint(gen_random_uuid())")
    assert raised.value.sqlstate == "PT404"


def test_recall_memories_by_type_and_importance(db) -> None:
    rows = agent(
        db,
        "select content ->> 'concept', access_count"
        " from public.recall_memories(%s, 'semantic', 0.5)",
        (ATLAS,),
    )
    assert rows == [("HNSW", 5)], "IVFFlat (0.35) is below the bar; access is counted"
    everything = agent(db, "select memory_type from public.recall_memories(%s)", (ADA,))
    assert len(everything) == 6 and "working" in {r[0] for r in everything}


def test_expired_memories_are_invisible_to_the_agent(db) -> None:
    quill = "20000000-0000-4000-8000-000000000003"
    sql = "select count(*) from public.agent_memories where agent_id = %s"
    assert db(sql, (quill,)) == [(1,)]
    assert agent(db, sql, (quill,)) == [(0,)]


# --- access model -----------------------------------------------------------------------


def test_messages_count_towards_their_session(db) -> None:
    rows = agent(
        db,
        [
            (
                "insert into public.chat_messages_v2"
                " (conversation_id, session_id, role, content, tools, metadata) values"
                ' (%s, %s, \'assistant\', \'{"type": "text", "text": "ok"}\','
                ' \'[{"name": "a"}, {"name": "b"}]\', \'{"tokens": {"total": 7}}\')',
                (CONVERSATION, ACTIVE_SESSION),
            ),
            (
                "select message_count, tool_calls_count, total_tokens_used"
                " from public.conversation_sessions where id = %s",
                (ACTIVE_SESSION,),
            ),
        ],
    )
    assert rows == [(5, 3, 91)], "4 seeded messages (84 tokens, 1 tool call) plus this one"


def test_completed_sessions_take_no_new_messages(db) -> None:
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        agent(
            db,
            "insert into public.chat_messages_v2 (conversation_id, session_id, role, content)"
            ' values (%s, %s, \'user\', \'{"type": "text", "text": "hi"}\')',
            (CONVERSATION, COMPLETED_SESSION),
        )


@pytest.mark.parametrize("table", TABLES)
def test_agent_reads_but_never_deletes_and_api_roles_get_nothing(db, table: str) -> None:
    assert agent(db, f"select count(*) > 0 from public.{table}") == [(True,)]
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        agent(db, f"delete from public.{table}")
    for role in ("anon", "authenticated"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            db(f"select 1 from public.{table} limit 1", role=role)
    assert db(f"select count(*) >= 0 from public.{table}", role="service_role") == [(True,)]


def test_agent_updates_only_the_columns_its_tools_change(db) -> None:
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        agent(
            db,
            "update public.chat_messages_v2 set role = 'system' where id = %s",
            (EDITED_MESSAGE,),
        )
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        agent(db, "update public.conversation_sessions set message_count = 99")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        agent(db, "update public.agents set name = 'x'")


def test_agent_cannot_revive_a_retired_state(db) -> None:
    revived = agent(
        db,
        "update public.agent_states set is_current = true where id = %s returning id",
        (ADA_OLD_STATE,),
    )
    assert revived == []


@pytest.mark.parametrize(
    "call",
    [
        "public.post_message(gen_random_uuid(), gen_random_uuid(), 'user', p_text => 'x')",
        "public.edit_message(gen_random_uuid(), '{}')",
        "public.store_memory(gen_random_uuid(), 'working', '{}')",
        "public.recall_memories(gen_random_uuid())",
        "public.set_agent_state(gen_random_uuid())",
        "public.create_checkpoint(gen_random_uuid())",
        "public.restore_checkpoint(gen_random_uuid())",
    ],
)
def test_rpcs_are_for_the_agent_only(db, call: str) -> None:
    for role in ("anon", "authenticated"):
        with pytest.raises(
            psycopg.errors.InsufficientPrivilege, match="permission denied for function"
        ):
            db(f"select * from {call}", role=role)
