"""The catalog reader against real PostgreSQL: the flagship schema, and a probe schema with
every kind of column the reader maps (ENUM types, identity, generated, domains, arrays, views,
CHECK lists, composite unique keys, functions returning scalars and nothing)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from kit.catalog import Catalog, read_catalog
from kit.catalog.checks import check_enum, check_rules
from kit.errors import SpecError
from kit.model import resolve
from kit.specs import load_specs
from kit.stack.postgres import PostgresServer
from tests.model.conftest import write

PROBE = """
create schema catalog_probe;
create type catalog_probe.mood as enum ('calm', 'busy', 'away');
create domain catalog_probe.short_text as varchar(20);
create table catalog_probe.things (
    id bigint generated always as identity primary key,
    mood catalog_probe.mood not null default 'calm',
    moods catalog_probe.mood[],
    label catalog_probe.short_text,
    tags text[] not null default '{}',
    size int not null check (size in (1, 2)),
    kind text check (kind in ('a', 'b')),
    twice int generated always as (size * 2) stored,
    owner text not null,
    slot int not null,
    code text check (code ~ '^[A-Z]{3}$' and char_length(code) <= 3),
    meta jsonb,
    unique (owner, slot)
);
comment on column catalog_probe.things.owner is 'Who owns it.';
create view catalog_probe.thing_names as select id, label from catalog_probe.things;
create function catalog_probe.count_things(p_owner text, p_min int default 0) returns bigint
language sql stable as $$ select count(*) from catalog_probe.things where owner = p_owner $$;
create function catalog_probe.by_owner(p_owner text)
returns table (thing_id bigint, thing_label text, thing_tags text[])
language sql stable as $$ select id, label, tags from catalog_probe.things where owner = p_owner $$;
create function catalog_probe.stats(p_owner text, out total bigint, out biggest int)
language sql stable
as $$ select count(*), max(size) from catalog_probe.things where owner = p_owner $$;
create function catalog_probe.forget(p_id bigint) returns void
language sql as $$ delete from catalog_probe.things where id = p_id $$;
"""


@pytest.fixture(scope="module")
def probe(kit_postgres: PostgresServer) -> Iterator[Catalog]:
    with psycopg.connect(kit_postgres.dsn(), autocommit=True) as conn:
        conn.execute(PROBE)
        try:
            yield read_catalog(conn, ["catalog_probe"], ["maker_agent", "no_such_role"])
        finally:
            conn.execute("drop schema catalog_probe cascade")


def test_flagship_tables_columns_and_keys(flagship_catalog: Catalog) -> None:
    assert {t.name for t in flagship_catalog.tables.values()} >= {
        "conversations",
        "messages",
        "generated_code",
        "user_preferences",
        "memory_long_term",
    }
    messages = flagship_catalog.table("messages")
    assert messages is not None
    assert messages.primary_key == ("id",)
    assert messages.foreign_keys[0].ref_table == "conversations"
    role = messages.column("role")
    assert role is not None and role.enum == ("user", "assistant", "system")
    assert role.insert_required and not role.nullable
    ident = messages.column("id")
    assert ident is not None and ident.default == "gen_random_uuid()" and not ident.insert_required
    prefs = flagship_catalog.table("public.user_preferences")
    assert prefs is not None and prefs.unique == (("user_id",),)
    memory = flagship_catalog.table("memory_long_term")
    assert memory is not None and memory.comment
    embedding = memory.column("embedding")
    assert embedding is not None and embedding.base_type == "vector"
    # unqualified: extensions is on postgres's search_path (its role setting, as on Supabase)
    assert embedding.type == "vector(1536)"


def test_flagship_grants_and_functions(flagship_catalog: Catalog) -> None:
    conversations = flagship_catalog.table("conversations")
    assert conversations is not None
    grants = conversations.grants["maker_agent"]
    assert grants.update == {"title", "is_archived"}
    assert "message_count" in grants.select and not grants.delete
    (search,) = flagship_catalog.function("search_memories")
    assert [a.name for a in search.arguments] == ["p_user_id", "p_query", "p_memory_type"]
    assert [a.has_default for a in search.arguments] == [False, False, True]
    assert search.returns_set and search.returns_table == "public.memory_long_term"
    assert search.volatility == "s" and "maker_agent" in search.executors
    (touch,) = flagship_catalog.function("public.touch_memory")
    assert touch.volatility == "v"


def test_probe_columns(probe: Catalog) -> None:
    things = probe.table("catalog_probe.things")
    assert things is not None
    cols = {c.name: c for c in things.columns}
    assert cols["id"].identity and not cols["id"].insert_required
    assert cols["mood"].enum == ("calm", "busy", "away") and cols["mood"].base_kind == "e"
    assert cols["moods"].is_array and cols["moods"].enum == ("calm", "busy", "away")
    assert cols["label"].base_type == "varchar" and cols["label"].type == "catalog_probe.short_text"
    assert cols["tags"].is_array and cols["tags"].base_type == "text"
    assert not cols["tags"].insert_required  # NOT NULL with a default
    assert cols["size"].enum == ()  # an IN-list of numbers is not a string enum
    assert cols["kind"].enum == ("a", "b")
    assert cols["twice"].generated and not cols["twice"].writable
    assert cols["owner"].comment == "Who owns it." and cols["owner"].insert_required
    assert things.unique == (("owner", "slot"),)
    assert things.keys == (("id",), ("owner", "slot"))


def test_probe_views_functions_and_roles(probe: Catalog) -> None:
    view = probe.table("catalog_probe.thing_names")
    assert view is not None and view.kind == "v" and view.column_names == ("id", "label")
    (count,) = probe.function("catalog_probe.count_things")
    assert (
        count.return_base_type == "int8" and not count.returns_set and count.returns_table is None
    )
    assert count.arguments[1].has_default
    (forget,) = probe.function("catalog_probe.forget")
    assert forget.return_type == "void"
    assert probe.roles == {"maker_agent"}
    (by_owner,) = probe.function("catalog_probe.by_owner")
    assert [a.name for a in by_owner.arguments] == ["p_owner"]
    assert [(c.name, c.base_type, c.is_array) for c in by_owner.out_columns] == [
        ("thing_id", "int8", False),
        ("thing_label", "text", False),
        ("thing_tags", "text", True),
    ]
    assert by_owner.returns_set and by_owner.return_base_type == "record"
    (stats,) = probe.function("catalog_probe.stats")
    assert [a.name for a in stats.arguments] == ["p_owner"]
    assert [c.name for c in stats.out_columns] == ["total", "biggest"]


def test_rpc_tools_over_returns_table_and_out_parameters(probe: Catalog, tmp_path: Path) -> None:
    spec = write(tmp_path, "things.yaml", PROBE_SPEC)
    loaded = load_specs([spec])
    tools = resolve(loaded.files, probe, loaded.problems)
    listing = tools.tool("ThingsOf")
    assert listing is not None
    assert listing.request.query == (("select", "thing_id,thing_label"), ("order", "thing_id.desc"))
    items = listing.response_schema["items"]
    assert list(items["properties"]) == ["thing_id", "thing_label"]
    assert items["properties"]["thing_id"]["type"] == ["integer", "null"]
    stats = tools.tool("ThingStats")
    assert stats is not None and stats.response_schema["type"] == "object"
    assert list(stats.response_schema["properties"]) == ["total", "biggest"]
    wrong = write(tmp_path, "things.yaml", PROBE_SPEC.replace("thing_label]", "thing_lable]"))
    with pytest.raises(SpecError) as caught:
        loaded = load_specs([wrong])
        resolve(loaded.files, probe, loaded.problems)
    assert "unknown column `thing_lable` in table by_owner — did you mean `thing_label`?" in str(
        caught.value
    )


def test_check_pattern_reaches_schema_and_example(probe: Catalog, tmp_path: Path) -> None:
    things = probe.table("catalog_probe.things")
    code = things.column("code") if things else None
    assert code is not None and code.check_rules == (("maxLength", 3), ("pattern", "^[A-Z]{3}$"))
    spec = CODE_SPEC.replace("EXAMPLE", "ABC")
    loaded = load_specs([write(tmp_path, "things.yaml", spec)])
    tools = resolve(loaded.files, probe, loaded.problems)
    tool = tools.tool("SetCode")
    assert tool is not None
    assert tool.input_schema()["properties"]["code"]["pattern"] == "^[A-Z]{3}$"
    wrong = write(tmp_path, "things.yaml", CODE_SPEC.replace("EXAMPLE", "abc"))
    with pytest.raises(SpecError) as caught:
        loaded = load_specs([wrong])
        resolve(loaded.files, probe, loaded.problems)
    assert "example 'abc' of `code` breaks a CHECK on `code` (pattern ^[A-Z]{3}$" in str(
        caught.value
    )


def test_spec_schema_gives_json_its_shape_and_narrows_other_types(
    probe: Catalog, tmp_path: Path
) -> None:
    spec = SCHEMA_SPEC.format(
        meta="{type: object, required: [a]}", example="{a: 1}", code="{enum: [ABC]}"
    )
    loaded = load_specs([write(tmp_path, "things.yaml", spec)])
    tool = resolve(loaded.files, probe, loaded.problems).tool("SetMeta")
    assert tool is not None
    properties = tool.input_schema()["properties"]
    assert properties["meta"]["type"] == ["object", "null"]  # optional: null leaves it empty
    assert properties["meta"]["required"] == ["a"]
    assert properties["code"]["enum"][0] == "ABC" and properties["code"]["pattern"]
    for meta, example, code, message in (
        (
            "{type: object, required: [a]}",
            "{b: 1}",
            "{enum: [ABC]}",
            "does not match its `schema:`",
        ),
        ("{type: object}", "{a: 1}", "{type: integer}", "sets type, which its column"),
        ("{type: nonsense}", "{a: 1}", "{enum: [ABC]}", "is not JSON Schema"),
    ):
        wrong = SCHEMA_SPEC.format(meta=meta, example=example, code=code)
        with pytest.raises(SpecError) as caught:
            loaded = load_specs([write(tmp_path, "things.yaml", wrong)])
            resolve(loaded.files, probe, loaded.problems)
        assert message in str(caught.value)


SCHEMA_SPEC = """
table: catalog_probe.things
tools:
  - name: SetMeta
    operation: update
    description: Set a thing's meta.
    filters: [{{name: id, required: true, example: 1}}]
    columns:
      - {{name: meta, required: false, schema: {meta}, example: {example}}}
      - {{name: code, required: false, schema: {code}, example: ABC}}
"""


CODE_SPEC = """
table: catalog_probe.things
tools:
  - name: SetCode
    operation: update
    description: Set a thing's code.
    filters: [{name: id, required: true, example: 1}]
    columns: [{name: code, example: EXAMPLE}]
"""


PROBE_SPEC = """
table: catalog_probe.things
tools:
  - name: ThingsOf
    operation: rpc
    function: catalog_probe.by_owner
    description: Things of an owner.
    args: [{name: owner, arg: p_owner}]
    select: [thing_id, thing_label]
    order: [thing_id.desc]
  - name: ThingStats
    operation: rpc
    function: catalog_probe.stats
    description: Counts of an owner.
    args: [{name: owner, arg: p_owner}]
"""


@pytest.mark.parametrize(
    ("definition", "expected"),
    [
        (
            "CHECK (((role)::text = ANY ((ARRAY['user'::character varying, "
            "'assistant'::character varying])::text[])))",
            ("role", ("user", "assistant")),
        ),
        ("CHECK ((kind = ANY (ARRAY['a'::text, 'b'::text])))", ("kind", ("a", "b"))),
        ("CHECK ((size = ANY (ARRAY[1, 2])))", None),
        ("CHECK ((a > 0))", None),
        ("CHECK (((a = 'x'::text) OR (b = ANY (ARRAY['y'::text]))))", None),
        ("FOREIGN KEY (a) REFERENCES t(id)", None),
    ],
)
def test_check_enum(definition: str, expected: object) -> None:
    assert check_enum(definition) == expected


@pytest.mark.parametrize(
    ("definition", "expected"),
    [
        (
            "CHECK ((id ~ '^[a-z][a-z0-9_]{0,62}$'::text))",
            {"id": {"pattern": "^[a-z][a-z0-9_]{0,62}$"}},
        ),
        (
            "CHECK (((char_length(tag) >= 1) AND (char_length(tag) <= 64)))",
            {"tag": {"minLength": 1, "maxLength": 64}},
        ),
        ("CHECK ((key <> ''::text))", {"key": {"minLength": 1}}),
        ("CHECK ((length(k) < 9))", {"k": {"maxLength": 8}}),
        # JSON Schema (ECMA-262) has no POSIX classes nor ARE's \m: such a CHECK stays unread.
        ("CHECK ((email ~ '^[^@[:space:]]+@[^@[:space:]]+$'::text))", {}),
        ("CHECK ((a ~ '\\mword'::text))", {}),
        ("CHECK ((a ~* '^x$'::text))", {}),
        ("CHECK (((a ~ 'x'::text) OR (b <> ''::text)))", {}),
        (
            "CHECK (((a ~ 'x'::text) AND (b > 0)))",
            {"a": {"pattern": "x"}, "b": {"exclusiveMinimum": 0}},
        ),
        ("CHECK (((n >= 1) AND (n <= 10)))", {"n": {"minimum": 1, "maximum": 10}}),
        ("CHECK ((c < 0.5))", {"c": {"exclusiveMaximum": 0.5}}),
        ("CHECK ((a > b))", {}),
        ("CHECK (((a > 0) AND (a < b)))", {}),
    ],
)
def test_check_rules(definition: str, expected: object) -> None:
    assert check_rules(definition) == expected
