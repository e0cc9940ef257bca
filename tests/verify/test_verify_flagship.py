"""The flagship project verified against a real stack: green as shipped, and red in the right
checks, with a clear message, when a policy, a column or a CHECK constraint is broken.

Breaks are applied to a stack of this module's own (`own_stack`) and undone after each test;
the shared session stack (`kit_stack`) is only read and written through verify, which cleans up.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import psycopg
import pytest

from kit.stack.stack import StackInfo
from kit.verify import Options, verify
from kit.verify.events import RunFinished
from kit.verify.report.json import JsonReport
from kit.verify.report.junit import JUnitReport
from kit.verify.suite import build_suite

from .conftest import target_of


def run_suite(kit_project, flagship_tools, info: StackInfo, tmp_path: Path, names=(), **options):
    tools, catalog = flagship_tools
    target = target_of(info)
    suite = build_suite(kit_project, target, tools, catalog, names=names)
    report = tmp_path / "verify.json"
    final = verify(
        suite.cases,
        target,
        usages=suite.usages,
        options=Options(**options),
        handlers=[JsonReport(report), JUnitReport(tmp_path / "verify.xml")],
    )
    import json

    return final, json.loads(report.read_text())


def failed(document: dict) -> dict[tuple[str, str], dict]:
    return {
        (r["tool"], c["name"]): c["failure"]
        for r in [*document["results"], document["cleanup"]["result"]]
        for c in r["checks"]
        if c["outcome"] == "failed"
    }


def test_the_flagship_suite_is_green(kit_project, flagship_tools, kit_stack, tmp_path) -> None:
    final, document = run_suite(kit_project, flagship_tools, kit_stack, tmp_path)
    assert failed(document) == {}
    assert isinstance(final, RunFinished) and final.passed
    tools, _ = flagship_tools
    assert {r["tool"] for r in document["results"]} == {t.name for t in tools}
    assert final.checks_passed >= 6 * len(tools)
    assert document["cleanup"]["counts_before"] == document["cleanup"]["counts_after"]
    assert document["drift"]["checked"] and document["drift"]["items"] == []
    xml = (tmp_path / "verify.xml").read_text()
    assert 'failures="0"' in xml and "ListConversations" in xml


def test_the_report_never_holds_a_key(kit_project, flagship_tools, kit_stack, tmp_path) -> None:
    run_suite(kit_project, flagship_tools, kit_stack, tmp_path)
    text = (tmp_path / "verify.json").read_text() + (tmp_path / "verify.xml").read_text()
    for key in (kit_stack.anon_key, kit_stack.agent_key, kit_stack.service_role_key):
        assert key.reveal() not in text


@contextmanager
def broken(info: StackInfo, damage: str, repair: str, *, reload_until=None) -> Iterator[None]:
    """Apply `damage` to the database, and always `repair` it afterwards."""
    with psycopg.connect(info.db_url, autocommit=True) as conn:
        conn.execute(damage)
        conn.execute("notify pgrst, 'reload schema'")
    try:
        _wait(info, reload_until)
        yield
    finally:
        with psycopg.connect(info.db_url, autocommit=True) as conn:
            conn.execute(repair)
            conn.execute("notify pgrst, 'reload schema'")
        _wait(info, (lambda doc: not reload_until(doc)) if reload_until else None)


def _wait(info: StackInfo, done) -> None:
    """Until the gateway's schema cache shows the change (it reloads on NOTIFY)."""
    if done is None:
        return
    key = info.service_role_key.reveal()
    headers = {"apikey": key, "Authorization": f"Bearer {key}"}
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if done(httpx.get(info.rest_url + "/", headers=headers).json()):
            return
        time.sleep(0.05)
    raise AssertionError("the REST schema cache did not reload")


def test_a_missing_insert_policy_turns_the_write_red(
    kit_project, flagship_tools, own_stack, tmp_path
) -> None:
    damage = "drop policy maker_agent_insert_messages on public.messages"
    repair = """create policy maker_agent_insert_messages on public.messages
        for insert to maker_agent with check (exists (select from public.conversations as c
        where c.id = messages.conversation_id and c.is_archived is not true))"""
    with broken(own_stack, damage, repair):
        final, document = run_suite(kit_project, flagship_tools, own_stack, tmp_path)
    assert not final.passed
    failures = failed(document)
    assert set(failures) == {("SaveMessage", "status_matches")}
    failure = failures["SaveMessage", "status_matches"]
    assert failure["expected"] == "201"
    assert failure["received"].startswith("403")
    assert "row-level security policy for table messages" in failure["explanation"]
    assert "no INSERT policy for role maker_agent" in failure["explanation"]
    assert failure["reproduce"].startswith("curl --globoff --request POST")
    assert '"Authorization: Bearer $MAKER_AGENT_KEY"' in failure["reproduce"]


def test_a_missing_select_policy_is_caught_although_the_status_is_200(
    kit_project, flagship_tools, own_stack, tmp_path
) -> None:
    damage = "drop policy maker_agent_select_conversations on public.conversations"
    repair = """create policy maker_agent_select_conversations on public.conversations
        for select to maker_agent using (true)"""
    with broken(own_stack, damage, repair):
        _, document = run_suite(kit_project, flagship_tools, own_stack, tmp_path)
    failures = failed(document)
    hidden = failures["ListConversations", "reads_not_hidden"]
    assert "no SELECT policy for maker_agent on conversations" in hidden["explanation"]
    assert ("ListConversations", "status_matches") not in failures
    assert ("RenameConversation", "writes_persist") in failures
    assert not any(tool.startswith(("GetMessages", "SaveMemory")) for tool, _ in failures)


def test_a_dropped_column_is_drift_and_turns_its_tools_red(
    kit_project, flagship_tools, own_stack, tmp_path
) -> None:
    damage = """create table public._title_backup as select id, title from public.conversations;
        alter table public.conversations drop column title"""
    repair = """alter table public.conversations add column title varchar(500);
        update public.conversations as c set title = b.title
        from public._title_backup as b where b.id = c.id;
        drop table public._title_backup;
        grant update (title) on public.conversations to maker_agent"""

    def gone(doc: dict) -> bool:
        return "title" not in doc["definitions"]["conversations"]["properties"]

    with broken(own_stack, damage, repair, reload_until=gone):
        final, document = run_suite(kit_project, flagship_tools, own_stack, tmp_path)
    drift = [i for i in document["drift"]["items"] if i["kind"] == "missing_column"]
    assert [i["detail"] for i in drift] == ["column conversations.title is not in the database"]
    # Every conversations tool selects or writes title (select lists are spelled out).
    conversation_tools = {t.name for t in flagship_tools[0] if t.table == "public.conversations"}
    assert set(drift[0]["tools"]) == conversation_tools
    failures = failed(document)
    for tool in conversation_tools:
        said = [f"{f['title']} {f['explanation']}" for (t, _), f in failures.items() if t == tool]
        assert any("title" in text for text in said), tool
    for tool in ("ListConversations", "CreateConversation", "RenameConversation"):
        explanation = failures[tool, "status_matches"]["explanation"]
        assert "column title does not exist on conversations" in explanation
    # The gateway answers the other two without the column: the schema check catches it.
    missing = failures["GetConversation", "body_matches_schema"]["explanation"]
    assert missing == "'title' is a required property"
    assert ("GetMessages", "status_matches") not in failures


def test_a_wrong_check_constraint_turns_the_write_red(
    kit_project, flagship_tools, own_stack, tmp_path
) -> None:
    damage = """alter table public.memory_long_term
        drop constraint memory_long_term_memory_type_check,
        add constraint memory_long_term_memory_type_check
        check (memory_type in ('pattern', 'correction', 'summary')) not valid"""
    repair = """alter table public.memory_long_term
        drop constraint memory_long_term_memory_type_check,
        add constraint memory_long_term_memory_type_check
        check (memory_type in ('pattern', 'preference', 'correction', 'summary'))"""
    with broken(own_stack, damage, repair):
        _, document = run_suite(kit_project, flagship_tools, own_stack, tmp_path)
    failures = failed(document)
    # TouchMemory updates a 'preference' memory: NOT VALID spares old rows, not updated ones.
    assert set(failures) == {("SaveMemory", "status_matches"), ("TouchMemory", "status_matches")}
    for tool in ("SaveMemory", "TouchMemory"):
        failure = failures[tool, "status_matches"]
        assert failure["received"].startswith("400")
        assert "CHECK constraint memory_long_term_memory_type_check" in failure["explanation"]


def test_after_the_breaks_the_own_stack_is_green_again(
    kit_project, flagship_tools, own_stack, tmp_path
) -> None:
    final, document = run_suite(kit_project, flagship_tools, own_stack, tmp_path)
    assert failed(document) == {}
    assert final.passed


@pytest.mark.parametrize("fail_fast", [True])
def test_fail_fast_stops_starting_tools(
    kit_project, flagship_tools, own_stack, tmp_path, fail_fast
) -> None:
    damage = "revoke select on public.generated_code from maker_agent"
    repair = "grant select on public.generated_code to maker_agent"
    with broken(own_stack, damage, repair):
        final, document = run_suite(
            kit_project, flagship_tools, own_stack, tmp_path, fail_fast=fail_fast, concurrency=1
        )
    failures = failed(document)
    assert ("GetGeneratedCode", "status_matches") in failures
    assert (
        "missing GRANT SELECT on generated_code for role maker_agent"
        in (failures["GetGeneratedCode", "status_matches"]["explanation"])
    )
    assert final.stopped_early
    assert len(document["results"]) < len(flagship_tools[0])
    assert document["cleanup"]["counts_before"] == document["cleanup"]["counts_after"]


def test_the_catalog_read_from_a_migrated_stack_gives_the_same_tools(
    kit_project, flagship_tools, kit_stack
) -> None:
    """The fast path (catalog of the target's database, when it has exactly the project's
    migrations) resolves the same tools as the throwaway server `kit generate` uses."""
    from kit.verify.suite import load_tools

    tools, catalog = load_tools(kit_project, kit_stack.db_url)
    assert tools.tools == flagship_tools[0].tools
    assert catalog.tables == flagship_tools[1].tables


def test_a_run_leaves_every_row_as_it_found_it(
    kit_project, flagship_tools, kit_stack, tmp_path
) -> None:
    """Whole tables, read with the service key before and after a run, are equal: created rows
    deleted, updated rows (RPC writes and trigger side effects included) restored."""
    import asyncio

    from kit.verify import snapshot
    from kit.verify.context import Session

    async def tables() -> dict:
        async with httpx.AsyncClient() as client:
            session = Session(client, target_of(kit_stack))
            session.live = await _live(session)
            return await snapshot.take(session)

    before = asyncio.run(tables())
    final, _ = run_suite(kit_project, flagship_tools, kit_stack, tmp_path)
    assert final.passed
    assert asyncio.run(tables()) == before
    assert set(before) == {
        "conversations", "messages", "generated_code", "user_preferences", "memory_long_term"
    }  # fmt: skip


async def _live(session):  # type: ignore[no-untyped-def]
    from kit.verify.drift import LiveSchema

    return LiveSchema.from_openapi((await session.service_get("", {})).json())


def test_rows_a_trigger_writes_elsewhere_are_swept_back(
    kit_project, flagship_tools, own_stack, tmp_path
) -> None:
    damage = """create function public._copy_code() returns trigger language plpgsql
        security definer set search_path = '' as $$ begin
            insert into public.generated_code (conversation_id, code)
            values (new.conversation_id, 'side effect');
            return new; end; $$;
        create trigger _copy_code after insert on public.messages
            for each row execute function public._copy_code()"""
    repair = """drop trigger _copy_code on public.messages; drop function public._copy_code()"""
    with broken(own_stack, damage, repair):
        final, document = run_suite(
            kit_project, flagship_tools, own_stack, tmp_path, names=["SaveMessage"]
        )
    assert final.passed, failed(document)
    assert document["cleanup"]["swept"] == {"generated_code": 1}
    assert document["cleanup"]["counts_before"] == document["cleanup"]["counts_after"]


def test_the_live_schema_reads_the_same_from_the_rest_root_and_the_catalog(kit_stack) -> None:
    import asyncio

    from kit.verify.context import Session
    from kit.verify.drift import live_catalog

    async def from_rest():  # type: ignore[no-untyped-def]
        async with httpx.AsyncClient() as client:
            return await _live(Session(client, target_of(kit_stack)))

    rest = asyncio.run(from_rest())
    catalog = live_catalog(kit_stack.db_url)
    assert catalog is not None
    assert rest.tables == catalog.tables
    assert rest.foreign_keys == catalog.foreign_keys
    assert rest.primary_keys == catalog.primary_keys
    assert rest.functions == catalog.functions
    assert live_catalog("postgresql://nobody@127.0.0.1:1/none") is None


def test_a_missing_table_is_drift_and_its_tools_fail_without_stopping_the_run(
    kit_project, flagship_tools, own_stack, tmp_path
) -> None:
    damage = "alter table public.generated_code rename to generated_code_gone"
    repair = "alter table public.generated_code_gone rename to generated_code"

    def gone(doc: dict) -> bool:
        return "generated_code" not in doc["definitions"]

    with broken(own_stack, damage, repair, reload_until=gone):
        final, document = run_suite(kit_project, flagship_tools, own_stack, tmp_path)
    drift = {(i["kind"], i["table"]) for i in document["drift"]["items"]}
    assert ("missing_table", "generated_code") in drift
    assert ("unmapped_table", "generated_code_gone") in drift
    failures = failed(document)
    for tool in ("GetGeneratedCode", "SaveGeneratedCode"):
        explanation = failures[tool, "status_matches"]["explanation"]
        assert "table generated_code is not in the API's schema cache" in explanation
    assert ("GetMessages", "status_matches") not in failures
    assert len(document["results"]) == len(flagship_tools[0])


# The failure corpus: each kind of break gets the explanation that names it, never `None` or a
# Python repr. One break at a time on `own_stack`, each run limited to the tools it concerns.

REVOKES = """revoke select on public.conversations from maker_agent;
    revoke insert on public.memory_long_term from maker_agent;
    revoke update on public.user_preferences from maker_agent;
    revoke execute on function public.touch_memory(uuid) from maker_agent, public"""
GRANTS = """grant select on public.conversations to maker_agent;
    grant insert on public.memory_long_term to maker_agent;
    grant update on public.user_preferences to maker_agent;
    grant execute on function public.touch_memory(uuid) to maker_agent"""


def _clean(failures: dict) -> None:
    for failure in failures.values():
        text = " ".join(str(v) for v in failure.values() if v)
        assert "None" not in text and "{'" not in text, text


def test_a_missing_grant_is_named_per_privilege_and_a_revoked_execute_as_execute(
    kit_project, flagship_tools, own_stack, tmp_path
) -> None:
    names = ["GetConversation", "SaveMessage", "SaveMemory", "UpsertPreferences", "TouchMemory"]
    with broken(own_stack, REVOKES, GRANTS):
        _, document = run_suite(kit_project, flagship_tools, own_stack, tmp_path, names=names)
    failures = failed(document)
    why = {tool: failures[tool, "status_matches"]["explanation"] for tool in names}
    assert why["GetConversation"].startswith(
        "missing GRANT SELECT on conversations for role maker_agent"
    )
    assert why["SaveMemory"].startswith(
        "missing GRANT INSERT on memory_long_term for role maker_agent"
    )
    # messages' INSERT policy reads conversations: the missing privilege is SELECT there
    assert why["SaveMessage"].startswith(
        "missing GRANT SELECT on conversations for role maker_agent: the request on messages "
        "reads it"
    )
    assert why["UpsertPreferences"].startswith(
        "missing GRANT INSERT and UPDATE on user_preferences for role maker_agent"
    )
    assert why["TouchMemory"] == (
        "missing GRANT EXECUTE on function public.touch_memory for role maker_agent"
    )
    _clean(failures)


def test_an_update_that_reaches_no_row_is_explained_as_rls_or_as_no_match(
    kit_project, flagship_tools, own_stack, tmp_path
) -> None:
    from kit.verify.cases import case_for

    tools, catalog = flagship_tools
    damage = """drop policy maker_agent_update_conversations on public.conversations;
        create policy maker_agent_update_conversations on public.conversations
        for update to maker_agent using (false)"""
    repair = """drop policy maker_agent_update_conversations on public.conversations;
        create policy maker_agent_update_conversations on public.conversations
        for update to maker_agent using (true) with check (true)"""
    with broken(own_stack, damage, repair):
        _, document = run_suite(
            kit_project, flagship_tools, own_stack, tmp_path, names=["RenameConversation"]
        )
    hidden = failed(document)
    assert set(hidden) == {("RenameConversation", "writes_persist")}
    assert "row-level security hides them from role maker_agent" in str(
        hidden["RenameConversation", "writes_persist"]["explanation"]
    )
    # no such row: the filter matches nothing for anyone
    target = target_of(own_stack)
    tool = tools.tool("RenameConversation")
    nowhere = case_for(tool, target, values={"id": "c0000000-0000-4000-8000-00000000ffff"})
    report = tmp_path / "nowhere.json"
    verify([nowhere], target, handlers=[JsonReport(report)])
    import json

    missing = failed(json.loads(report.read_text()))
    explanation = missing["RenameConversation", "writes_persist"]["explanation"]
    assert "matches no row of conversations, for the service key either" in explanation
    assert "trigger" not in explanation
    _clean(hidden | missing)


def test_a_unique_clash_and_an_invalid_value_are_explained_from_the_real_error(own_stack) -> None:
    from kit.verify.explain import Situation, explain

    key = own_stack.service_role_key.reveal()
    headers = {"apikey": key, "Authorization": f"Bearer {key}"}
    row = {"id": "c0000000-0000-4000-8000-000000000001", "user_id": "u", "title": "t"}
    clash = httpx.post(own_stack.rest_url + "/conversations", json=row, headers=headers)
    why = explain(clash, Situation("conversations", "POST", "maker_agent"))
    assert clash.status_code == 409
    assert why == (
        "a row with the same unique key already exists in conversations (Key (id)=("
        "c0000000-0000-4000-8000-000000000001) already exists.): the value must be new on every "
        "call (give the tool an `example:` that is not in the data)"
    )
    bad = httpx.get(
        own_stack.rest_url + "/conversations", params={"is_archived": "eq.maybe"}, headers=headers
    )
    why = explain(bad, Situation("conversations", "GET", "maker_agent"))
    assert bad.status_code == 400
    assert why is not None and why.startswith("a value sent is not valid input for the column")
    assert "None" not in why
