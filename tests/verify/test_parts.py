"""The pure parts: value comparison, filters and order, reproduce commands, drift, reports."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from kit.secret import Secret
from kit.verify.case import Filter, OrderTerm, Request
from kit.verify.cases import order_term
from kit.verify.curl import to_curl
from kit.verify.drift import LiveSchema, Usage, drift, write_groups
from kit.verify.events import (
    CheckResult,
    CleanupFinished,
    DriftReported,
    RunFinished,
    RunStarted,
    ToolFinished,
    ToolResult,
)
from kit.verify.failure import FailureReport
from kit.verify.report.json import JsonReport
from kit.verify.report.junit import JUnitReport
from kit.verify.values import matches, same, sorted_by

from .helpers import AGENT, ANON, REST


def test_same_judges_by_meaning_and_still_tells_values_apart() -> None:
    assert same("3", 3) and same(True, "true") and same({"a": 1}, '{"a": 1}')
    assert same("2026-11-02 09:00:00Z", "2026-11-02T09:00:00+00:00")
    assert same([0.1, 0.2], "[0.1,0.2]")
    assert not same("3", 4) and not same(None, "") and not same("a", "b")
    assert not same("2026-11-02 09:00:00Z", "2026-11-02T09:00:01+00:00")


def test_filters() -> None:
    row = {"n": 5, "s": "Hello World", "b": None, "tags": ["a", "b"]}
    assert matches(row, Filter("n", "gt", "4")) and not matches(row, Filter("n", "gt", "5"))
    assert matches(row, Filter("s", "ilike", "*world")) and not matches(
        row, Filter("s", "like", "*world")
    )
    assert matches(row, Filter("n", "in", "(1,5)")) and matches(row, Filter("b", "is", "null"))
    assert matches(row, Filter("n", "eq", 5, negated=True)) is False
    assert matches(row, Filter("tags", "cs", ["a"])) and not matches(
        row, Filter("tags", "cs", ["c"])
    )
    assert matches(row, Filter("s", "fts", "hello")) is None  # not judged here
    assert matches(row, Filter("missing", "eq", 1)) is None


def test_order_terms_and_sorting() -> None:
    assert order_term("relevance_score.desc.nullslast") == OrderTerm("relevance_score", True, False)
    rows = [{"a": 2, "b": 1}, {"a": 2, "b": 3}, {"a": 1, "b": 0}]
    order = [OrderTerm("a", descending=True), OrderTerm("b")]
    assert sorted_by(rows, order) is None
    assert sorted_by(list(reversed(rows)), order) == 1


def test_reproduce_command_has_placeholders_never_keys() -> None:
    request = Request(
        "POST",
        f"{REST}/messages?select=id",
        {"apikey": ANON, "Authorization": f"Bearer {AGENT}", "Content-Type": "application/json"},
        '{"content":"it\'s"}',
    )
    keys = {"SUPABASE_ANON_KEY": Secret(ANON), "MAKER_AGENT_KEY": Secret(AGENT)}
    command = to_curl(request, keys)
    assert ANON not in command and AGENT not in command
    assert '--header "apikey: $SUPABASE_ANON_KEY"' in command
    assert '--header "Authorization: Bearer $MAKER_AGENT_KEY"' in command
    assert '--data-raw \'{"content":"it\\u0027s"}\'' in command
    unknown = to_curl(request.with_bearer("some-other-secret-key-value"), keys)
    assert "some-other-secret" not in unknown and "$KEY" in unknown


LIVE = {
    "definitions": {
        "conversations": {"properties": {"id": {"description": "<pk/>"}, "title": {}}},
        "messages": {
            "properties": {
                "id": {},
                "conversation_id": {"description": "<fk table='conversations' column='id'/>"},
            }
        },
        "audit_log": {"properties": {"id": {}}},
    },
    "paths": {"/": {}, "/conversations": {}, "/rpc/search_memories": {}},
}


def test_drift_names_missing_tables_columns_functions_and_unmapped_tables() -> None:
    live = LiveSchema.from_openapi(LIVE)
    usages = [
        Usage("ListConversations", "conversations", frozenset({"id", "titel"})),
        Usage("GetMessages", "messages", frozenset({"id"})),
        Usage("ListUsers", "users", frozenset({"id"})),
        Usage("TouchMemory", "memory_long_term", frozenset(), "touch_memory"),
    ]
    items = {(i.kind, i.detail, i.tools) for i in drift(usages, live)}
    assert items == {
        ("missing_column", "column conversations.titel is not in the database",
         ("ListConversations",)),
        ("missing_table", "table users is not in the database", ("ListUsers",)),
        ("missing_table", "table memory_long_term is not in the database", ("TouchMemory",)),
        ("missing_function", "function touch_memory is not in the database (or not exposed)",
         ("TouchMemory",)),
        ("unmapped_table", "table audit_log has no tool", ()),
    }  # fmt: skip


def test_write_groups_link_tables_by_foreign_keys_parents_first() -> None:
    live = LiveSchema.from_openapi(LIVE)
    assert live.foreign_keys["messages"] == {"conversation_id": ("conversations", "id")}
    groups = write_groups({"messages", "conversations", "audit_log"}, live)
    assert sorted(groups) == [["audit_log"], ["conversations", "messages"]]
    assert write_groups({"b", "a"}, None) == [["a", "b"]]


def events():  # type: ignore[no-untyped-def]
    failure = FailureReport("status_matches", "GET returned 403", "200", "403", "why", "{}", "curl")
    good = ToolResult(
        "ListConversations",
        "conversations",
        "list",
        "GET",
        "/c",
        200,
        5.0,
        (
            CheckResult("status_matches", "passed"),
            CheckResult("order_holds", "skipped", reason="fewer than two rows"),
        ),
    )
    bad = ToolResult(
        "GetMessages",
        "messages",
        "list",
        "GET",
        "/m",
        403,
        4.0,
        (CheckResult("status_matches", "failed", failure),),
    )
    cleanup = ToolResult(
        "cleanup",
        "*",
        "cleanup",
        "-",
        "",
        None,
        1.0,
        (CheckResult("row_counts_unchanged", "passed"),),
    )
    return [
        RunStarted("kit stack (http://127.0.0.1:1)", ("ListConversations", "GetMessages"), 8),
        DriftReported(()),
        ToolFinished(good),
        ToolFinished(bad),
        CleanupFinished(cleanup, {"messages": 3}, {"messages": 3}),
        RunFinished(2, 1, 2, 1, 1, 0.1),
    ]  # fmt: skip


def test_json_and_junit_reports_carry_every_check(tmp_path) -> None:
    reports = [JsonReport(tmp_path / "v.json"), JUnitReport(tmp_path / "v.xml")]
    for report in reports:
        report.start()
        for event in events():
            report.handle(event)
        report.shutdown()
    document = json.loads((tmp_path / "v.json").read_text())
    assert document["summary"]["passed"] is False
    assert document["results"][1]["checks"][0]["failure"]["expected"] == "200"
    suite = ET.parse(tmp_path / "v.xml").getroot().find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("4", "1", "1")
    failure = suite.find("testcase[@classname='GetMessages']/failure")
    assert failure is not None and failure.get("message") == "GET returned 403"
    assert "reproduce with: curl" in (failure.text or "")


def test_snapshot_difference_orders_parents_first_and_sees_every_kind_of_change() -> None:
    from kit.verify.context import Session
    from kit.verify.snapshot import difference

    session = Session(client=None, target=None)  # type: ignore[arg-type]
    session.live = LiveSchema.from_openapi(LIVE)
    session.live = LiveSchema(
        session.live.tables,
        session.live.foreign_keys,
        session.live.functions,
        {"conversations": ("id",), "messages": ("id",)},
    )
    key = repr([("id", "c1")])
    before = {"conversations": {key: {"id": "c1", "t": "a"}}, "messages": {}}
    after = {
        "conversations": {
            key: {"id": "c1", "t": "b"},
            repr([("id", "c2")]): {"id": "c2", "t": "new"},
        },
        "messages": {repr([("id", "m1")]): {"id": "m1", "conversation_id": "c2"}},
    }
    ledger = difference(before, after, session)
    assert ledger.created == [("conversations", {"id": "c2"}), ("messages", {"id": "m1"})]
    assert ledger.changed == [("conversations", {"id": "c1"}, {"id": "c1", "t": "a"})]
    assert difference(after, before, session).deleted == [
        ("conversations", {"id": "c2", "t": "new"}),
        ("messages", {"id": "m1", "conversation_id": "c2"}),
    ]


def test_a_seed_value_is_the_first_in_key_order_of_the_rows_the_agent_sees() -> None:
    """Never the physical order (cleanup changes it); the agent's rows first, so a per-user key
    gets a row of its own user; the service key's only when the agent sees none."""
    import asyncio

    import httpx
    import respx

    from kit.model import Parameter, Tool
    from kit.model import Request as ModelRequest
    from kit.verify.cases import seed_values
    from kit.verify.context import Session

    from .helpers import FakeTarget

    param = Parameter("id", "query", "id", {"type": "string", "format": "uuid"}, True, "", None)
    tool = Tool("GetChat", "public.chats", "get", "", ModelRequest("GET", "/chats"), (param,), {})
    with respx.mock:
        route = respx.get(f"{REST}/chats")
        route.side_effect = [httpx.Response(200, json=[]), httpx.Response(200, json=[{"id": "b"}])]

        async def go() -> dict[str, object]:
            async with httpx.AsyncClient() as client:
                return await seed_values(tool, Session(client, FakeTarget()), ("id",))

        assert asyncio.run(go()) == {"id": "b"}
        agent, service = route.calls
    assert agent.request.url.params["order"] == "id.asc"
    assert agent.request.url.params["limit"] == "1"
    assert agent.request.headers["authorization"] == f"Bearer {AGENT}"
    assert agent.request.headers["apikey"] == ANON
    assert service.request.headers["authorization"] != f"Bearer {AGENT}"
