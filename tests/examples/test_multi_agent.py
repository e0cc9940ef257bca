"""The multi-agent example (source document 004, phase 1) in SQL, on a server of its own: the
append-only memory_log, the memory audit trigger, the partial index, vector search in cosine
order, and the agent's access, as PostgREST applies it (`SET LOCAL ROLE` + request.jwt.claims)."""

from __future__ import annotations

import json
import math

import psycopg
import pytest

from ..conftest import ROOT

EXAMPLE = ROOT / "examples" / "multi-agent"

ADA, GRACE, LINUS, MARGARET = (f"10000000-0000-4000-8000-00000000000{i}" for i in range(1, 5))
ACME, GLOBEX = (f"20000000-0000-4000-8000-00000000000{i}" for i in range(1, 3))
KYRA, ATLAS, NOVA = (f"30000000-0000-4000-8000-00000000000{i}" for i in range(1, 4))
OPEN_CHAT, CLOSED_CHAT = (f"40000000-0000-4000-8000-00000000000{i}" for i in range(1, 3))
MEM = {i: f"50000000-0000-4000-8000-00000000000{i}" for i in range(1, 9)}
LOG = "51000000-0000-4000-8000-000000000001"

TABLES = [
    '"user"',
    "team",
    "team_membership",
    "agent",
    "agent_skill",
    "conversation",
    "message",
    "memory",
    "memory_log",
    "memory_tag",
]


def error_of(run, role: str, *statements) -> psycopg.Error:
    with pytest.raises(psycopg.Error) as caught:
        run(role, *statements)
    return caught.value


# memory_log is append-only ------------------------------------------------------------------

ROLES = ["postgres", "service_role", "maker_agent"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "statement",
    [
        f"update public.memory_log set reason = 'rewritten' where id = '{LOG}'",
        f"delete from public.memory_log where id = '{LOG}'",
        "delete from public.memory_log where false",  # even when no row matches
    ],
)
def test_memory_log_refuses_update_and_delete_for_every_role(sql, role, statement) -> None:
    error = error_of(sql, role, statement)
    assert error.sqlstate == "42501"
    if role != "maker_agent":  # the agent is stopped by its grants first
        assert "append-only" in str(error)


@pytest.mark.parametrize("role", ["postgres", "service_role"])
def test_memory_log_refuses_truncate(sql, role) -> None:
    assert "append-only" in str(error_of(sql, role, "truncate public.memory_log"))


def test_the_agent_cannot_write_the_log_itself(sql) -> None:
    forged = (
        "insert into public.memory_log (memory_id, action, changed_by)"
        f" values ('{MEM[1]}', 'created', 'user')"
    )
    assert error_of(sql, "maker_agent", forged).sqlstate == "42501"


def test_storing_a_memory_writes_its_log_row_atomically(sql) -> None:
    rows = sql(
        "maker_agent",
        "insert into public.memory (team_id, agent_id, memory_type, content, source_type)"
        f" values ('{ACME}', '{KYRA}', 'semantic', 'Ada ships on Tuesdays.', 'explicit')"
        " returning id",
        "select l.action, l.new_content, l.new_importance, l.changed_by from public.memory_log l"
        " join public.memory m on m.id = l.memory_id where m.content = 'Ada ships on Tuesdays.'",
    )
    assert rows == [("created", "Ada ships on Tuesdays.", 5, "user")]


def test_changes_are_logged_and_the_log_survives_deletion(sql) -> None:
    rows = sql(
        "service_role",
        f"update public.memory set importance = 9 where id = '{MEM[3]}'",
        f"update public.memory set importance = 2 where id = '{MEM[3]}'",
        f"update public.memory set content = 'PostgreSQL 17.2' where id = '{MEM[3]}'",
        f"update public.memory set status = 'superseded', superseded_by = '{MEM[1]}'"
        f" where id = '{MEM[3]}'",
        f"delete from public.memory where id = '{MEM[3]}'",
        "select action, old_importance, new_importance from public.memory_log"
        f" where memory_id = '{MEM[3]}' and action <> 'created' order by created_at, action",
    )
    # One transaction: now() is the same for every row, so order by action.
    assert rows == [
        ("deleted", 2, None),
        ("demoted", 9, 2),
        ("promoted", 7, 9),
        ("superseded", 2, 2),
        ("updated", 2, 2),
    ]


# Schema: ENUM types and indexes ---------------------------------------------------------------


def test_the_documents_enum_types_exist(sql) -> None:
    rows = sql(
        "postgres",
        "select t.typname, array_agg(e.enumlabel order by e.enumsortorder) from pg_type t"
        " join pg_enum e on e.enumtypid = t.oid join pg_namespace n on n.oid = t.typnamespace"
        " where n.nspname = 'public' group by t.typname order by t.typname",
    )
    assert dict(rows) == {
        "agent_status": ["draft", "active", "paused", "archived"],
        "conversation_status": ["active", "idle", "closed"],
        "memory_source": [
            "extraction",
            "explicit",
            "system",
            "feedback",
            "consolidation",
            "compaction",
        ],
        "memory_status": ["active", "superseded", "archived", "disputed"],
        "memory_tier": ["hot", "warm", "cold"],
        "memory_type_enum": [
            "semantic",
            "episodic",
            "procedural",
            "agent_private",
            "shared",
            "identity",
            "user_profile",
        ],
        "message_role": ["user", "assistant", "system", "tool"],
        "user_role": ["owner", "admin", "member", "viewer"],
    }


def test_the_documents_indexes_exist_with_the_partial_one(sql) -> None:
    rows = dict(
        sql(
            "postgres",
            "select indexname, indexdef from pg_indexes where schemaname = 'public'"
            " and indexname in ('idx_memory_embedding', 'idx_memory_team_type',"
            " 'idx_message_conversation', 'idx_agent_team')",
        )
    )
    assert len(rows) == 4
    # unqualified: extensions is on postgres's search_path (its role setting, as on Supabase)
    assert "USING hnsw (embedding vector_cosine_ops)" in rows["idx_memory_embedding"]
    assert rows["idx_memory_team_type"].endswith("WHERE (status = 'active'::memory_status)")
    plan = sql(
        "postgres",
        "set local enable_seqscan = off",
        f"explain select id from public.memory where team_id = '{ACME}'"
        " and memory_type = 'semantic' and status = 'active'",
    )
    assert "idx_memory_team_type" in " ".join(r[0] for r in plan)


# Vector search ------------------------------------------------------------------------------

QUERY = [math.sin(g * 0.01 + 1.2) for g in range(1, 1537)]
SEARCH = (
    "select id::text, embedding::text from public.search_memories("
    "%s, %s::extensions.vector, %s, %s::public.memory_type_enum[])"
)


def _cosine_distance(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    return 1 - dot / (math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b)))


def search(sql, team: str, agent: str | None, types: list[str] | None) -> list[tuple[str, float]]:
    """(id, cosine distance computed here from the stored vector), in the order returned."""
    rows = sql("maker_agent", (SEARCH, (team, json.dumps(QUERY), agent, types)))
    return [(i, _cosine_distance(QUERY, json.loads(vector))) for i, vector in rows]


def test_vector_search_returns_live_memories_in_cosine_order(sql) -> None:
    found = search(sql, ACME, KYRA, None)
    # Kyra sees team-shared memories and her own; not Atlas's, the expired, the superseded, the
    # one without an embedding, or another team's.
    assert {i for i, _ in found} == {MEM[1], MEM[2], MEM[3]}
    distances = [d for _, d in found]
    assert distances == sorted(distances)
    assert distances[0] < distances[-1], "the seed vectors are at different distances"


def test_vector_search_filters_by_agent_and_type(sql) -> None:
    assert {i for i, _ in search(sql, ACME, None, None)} == {MEM[1], MEM[3]}
    assert [i for i, _ in search(sql, ACME, KYRA, ["semantic"])] == [MEM[3]]
    assert [i for i, _ in search(sql, GLOBEX, NOVA, None)] == [MEM[7]]


def test_a_memorys_own_embedding_is_its_nearest(sql) -> None:
    rows = sql(
        "maker_agent",
        "select m.id::text, s.id::text, (s.embedding operator(extensions.<=>) m.embedding) < 1e-6"
        " from public.memory m,"
        " lateral public.search_memories(m.team_id, m.embedding, m.agent_id, null, 1) s"
        f" where m.id in ('{MEM[1]}', '{MEM[2]}', '{MEM[7]}')",
    )
    assert len(rows) == 3
    assert all(own == nearest and same for own, nearest, same in rows)


def test_vector_search_uses_the_cosine_index_when_it_pays(sql) -> None:
    plan = sql(
        "postgres",
        "set local enable_seqscan = off",
        "explain select id from public.memory"
        " order by embedding operator(extensions.<=>) (select embedding from public.memory"
        f" where id = '{MEM[1]}') limit 3",
    )
    assert "idx_memory_embedding" in " ".join(r[0] for r in plan)


# The agent's tools ---------------------------------------------------------------------------


def test_agent_tools_create_agents_converse_and_tag(sql) -> None:
    rows = sql(
        "maker_agent",
        "insert into public.agent (id, team_id, name, slug, created_by) values"
        f" ('30000000-0000-4000-8000-000000000009', '{ACME}', 'Iris', 'iris', '{MARGARET}')",
        f"select slug from public.agent where team_id = '{ACME}' order by slug",
    )
    assert rows == [("atlas",), ("iris",), ("kyra",)]
    rows = sql(
        "maker_agent",
        "insert into public.conversation (id, agent_id, user_id, team_id, title) values"
        f" ('40000000-0000-4000-8000-000000000009', '{KYRA}', '{LINUS}', '{ACME}', 'Hi')",
        "insert into public.message (conversation_id, role, content, token_count) values"
        " ('40000000-0000-4000-8000-000000000009', 'user', 'hello', 3),"
        " ('40000000-0000-4000-8000-000000000009', 'assistant', 'hi Linus', 4)",
        "select status, message_count, token_count, last_message_at is not null"
        " from public.conversation where id = '40000000-0000-4000-8000-000000000009'",
    )
    assert rows == [("active", 2, 7, True)]
    rows = sql(
        "maker_agent",
        f"insert into public.memory_tag (memory_id, tag) values ('{MEM[2]}', 'style')",
        f"select tag from public.memory_tag where memory_id = '{MEM[2]}'",
    )
    assert rows == [("style",)]
    duplicate = f"insert into public.memory_tag (memory_id, tag) values ('{MEM[1]}', 'language')"
    assert error_of(sql, "maker_agent", duplicate).sqlstate == "23505"


@pytest.mark.parametrize(
    "statement",
    [
        # created by a plain member: RBAC says owner or admin
        "insert into public.agent (team_id, name, slug, created_by)"
        f" values ('{ACME}', 'X', 'x', '{LINUS}')",
        # a draft agent takes no conversations; nor does another team's agent
        f"insert into public.conversation (agent_id, team_id) values ('{ATLAS}', '{ACME}')",
        f"insert into public.conversation (agent_id, team_id) values ('{NOVA}', '{ACME}')",
        # the user must belong to the team
        "insert into public.conversation (agent_id, user_id, team_id)"
        f" values ('{KYRA}', '{GRACE}', '{ACME}')",
        # closed conversations take no messages
        "insert into public.message (conversation_id, role, content)"
        f" values ('{CLOSED_CHAT}', 'user', 'hello?')",
        # a memory's agent belongs to the memory's team
        "insert into public.memory (team_id, agent_id, memory_type, content)"
        f" values ('{GLOBEX}', '{KYRA}', 'semantic', 'x')",
    ],
)
def test_policies_refuse_inconsistent_writes(sql, statement: str) -> None:
    assert "row-level security" in str(error_of(sql, "maker_agent", statement))


@pytest.mark.parametrize(
    "statement",
    [
        'select password_hash from public."user"',
        "select webhook_secret from public.team",
        f"update public.conversation set message_count = 0 where id = '{OPEN_CHAT}'",
        f"update public.memory set importance = 10 where id = '{MEM[1]}'",
        "insert into public.memory (team_id, memory_type, content, version)"
        f" values ('{ACME}', 'semantic', 'x', 7)",
        *(f"delete from public.{table}" for table in TABLES),
    ],
)
def test_agent_is_refused_what_no_tool_needs(sql, statement: str) -> None:
    assert error_of(sql, "maker_agent", statement).sqlstate == "42501"


@pytest.mark.parametrize("table", TABLES)
def test_agent_reads_every_table_and_api_roles_get_nothing(sql, table: str) -> None:
    # The agent reads no password hash nor webhook secret, so `*` is refused there.
    columns = {'"user"': "id, email", "team": "id, slug"}.get(table, "*")
    assert sql("maker_agent", f"select {columns} from public.{table}")
    for role in ("anon", "authenticated"):
        assert error_of(sql, role, f"select count(*) from public.{table}").sqlstate == "42501"
        call = f"select * from public.search_memories('{ACME}', null)"
        assert error_of(sql, role, call).sqlstate == "42501"
