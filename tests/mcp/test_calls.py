"""Every flagship tool called once over stdio: the same answer and the same change to the
database as the request `kit verify` sends for the same input (read back with the service key,
then undone with verify's own snapshot and cleanup)."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import httpx
import pytest
from mcp import MCPError

from kit.mcp.tools import structured
from kit.model import ToolSet
from kit.project import Project
from kit.stack.stack import StackInfo
from kit.verify import cleanup, snapshot
from kit.verify.case import Case
from kit.verify.context import Session
from kit.verify.drift import LiveSchema
from kit.verify.explain import Situation, explain
from kit.verify.suite import build_suite
from tests.mcp.conftest import McpClient, target_of

TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")
ARCHIVED = "c0000000-0000-4000-8000-000000000004"  # seed: Old onboarding wizard


@pytest.fixture(scope="module")
def cases(kit_project: Project, kit_stack: StackInfo, kit_db_url: str) -> dict[str, Case]:
    from kit.verify.suite import load_tools

    tools, catalog = load_tools(kit_project, kit_db_url)
    suite = build_suite(kit_project, target_of(kit_stack), tools, catalog)
    return {c.tool: c for c in suite.cases}


class Database:
    """Service-key reads and undo, with verify's own snapshot and cleanup."""

    def __init__(self, info: StackInfo) -> None:
        self.info = info
        root = httpx.get(f"{info.rest_url}/", headers=_service(info)).json()
        self.live = LiveSchema.from_openapi(root)

    async def effect(self, act: Any) -> tuple[Any, dict[str, Any]]:
        """Run `act()` (async), undo what it changed; returns its result and the change."""
        async with httpx.AsyncClient(timeout=15) as client:
            session = Session(client, target_of(self.info), live=self.live)
            before = await snapshot.take(session)
            result = await act()
            after = await snapshot.take(session)
            await cleanup.undo(session, snapshot.difference(before, after, session))
            assert not session.undo_problems
            return result, _change(before, after)


@pytest.fixture(scope="module")
def database(kit_stack: StackInfo) -> Database:
    return Database(kit_stack)


def test_every_tool_has_the_effect_verify_sees(
    stdio: McpClient, flagship: ToolSet, cases: dict[str, Case], database: Database
) -> None:
    assert sorted(cases) == sorted(t.name for t in flagship)
    for tool in flagship:
        case = cases[tool.name]
        arguments = {p.name: case.values[p.name] for p in tool.parameters}

        async def over_mcp(name: str = tool.name, arguments: dict[str, Any] = arguments) -> Any:
            return await asyncio.to_thread(stdio.call, name, arguments)

        async def direct(case: Case = case) -> httpx.Response:
            async with httpx.AsyncClient(timeout=15) as client:
                return await Session(client, target_of(database.info)).send(case.request)

        if tool.consequential:
            result, mcp_change = asyncio.run(database.effect(over_mcp))
            response, verify_change = asyncio.run(database.effect(direct))
        else:  # a read: its effect is the rows it returns
            result, response = asyncio.run(over_mcp()), asyncio.run(direct())
            mcp_change = verify_change = {}
        assert response.status_code < 300, (tool.name, response.text)
        assert not result.is_error, (tool.name, result.content)
        body = response.json() if response.content else None
        expected = structured(tool, body)
        made = _made(mcp_change) | _made(verify_change)
        assert _masked(result.structured_content, made) == _masked(expected, made), tool.name
        assert json.loads(result.content[0].text) == result.structured_content
        assert _masked(mcp_change, made) == _masked(verify_change, made), tool.name
        if tool.consequential:
            assert mcp_change, f"{tool.name} changed nothing"


def test_a_postgrest_error_is_a_tool_error_explained_as_verify_explains_it(
    stdio: McpClient, flagship: ToolSet, cases: dict[str, Case], database: Database
) -> None:
    """The archived conversation takes no new messages for the agent (RLS); the service role
    would bypass the policy and insert, so this also shows the call did not use it."""
    tool = flagship.tool("SaveMessage")
    assert tool is not None
    arguments = {"conversation_id": ARCHIVED, "role": "user", "content": "hello?"}
    result, change = asyncio.run(
        database.effect(lambda: asyncio.to_thread(stdio.call, tool.name, arguments))
    )
    assert result.is_error and not change
    text = result.content[0].text
    base = cases["SaveMessage"].request
    body = json.dumps({**json.loads(base.body or "{}"), **arguments})
    response = httpx.post(base.url, headers=dict(base.headers), content=body)
    assert response.status_code == 403
    why = explain(response, Situation("messages", "POST", "maker_agent"))
    assert why and f"why: {why}" in text
    assert text.startswith("SaveMessage failed: 403 Forbidden"), text
    assert "PostgREST said: 42501" in text


def test_bad_arguments_are_tool_errors_and_fixed_values_stay_fixed(stdio: McpClient) -> None:
    missing = stdio.call("ListConversations", {"is_archived": False})
    assert missing.is_error and "'user_id' is a required property" in missing.content[0].text
    typed = stdio.call("ListConversations", {"user_id": "user_ada", "is_archived": "no"})
    assert typed.is_error and "is_archived" in typed.content[0].text
    too_many = stdio.call("ListConversations", {"user_id": "a", "is_archived": False, "limit": 101})
    assert too_many.is_error and "limit" in too_many.content[0].text
    fixed = stdio.call("ArchiveConversation", {"id": ARCHIVED, "is_archived": False})
    assert fixed.is_error and "Additional properties" in fixed.content[0].text
    with pytest.raises(MCPError, match="no tool named `ListConversation` — did you mean"):
        stdio.call("ListConversation", {})


def test_left_out_optional_parameters_behave_as_in_the_curl(
    stdio: McpClient, database: Database
) -> None:
    """The limit left out is the default the cURL lists (20 for ListConversations); an optional
    column left out is not sent, so it takes the column's default."""
    args = {"user_id": "user_ada", "is_archived": False}
    default = stdio.call("ListConversations", args)
    explicit = stdio.call("ListConversations", {**args, "limit": 20})
    assert not default.is_error
    assert default.structured_content == explicit.structured_content
    one = stdio.call("ListConversations", {**args, "limit": 1})
    assert len(one.structured_content["rows"]) == 1 < len(default.structured_content["rows"])

    message = {"conversation_id": "c0000000-0000-4000-8000-000000000001", "role": "user"}
    message["content"] = "no code with this one"
    result, change = asyncio.run(
        database.effect(lambda: asyncio.to_thread(stdio.call, "SaveMessage", message))
    )
    assert not result.is_error, result.content
    (row,) = change["messages"]["added"]
    assert row["code"] is None and row["content"] == message["content"]


def test_http_calls_a_tool_as_stdio_does(stdio: McpClient, http: McpClient) -> None:
    args = {"user_id": "user_ada", "is_archived": False, "limit": 5}
    over_http = http.call("ListConversations", args)
    assert not over_http.is_error
    assert over_http.structured_content == stdio.call("ListConversations", args).structured_content
    error = http.call("ListConversations", {"user_id": "user_ada"})
    assert error.is_error


def _service(info: StackInfo) -> dict[str, str]:
    key = info.service_role_key.reveal()
    return {"apikey": key, "Authorization": f"Bearer {key}"}


def _change(before: snapshot.Snapshot, after: snapshot.Snapshot) -> dict[str, Any]:
    """Per table: rows added, rows changed (before, after) and rows removed."""
    found: dict[str, Any] = {}
    for table in sorted(set(before) | set(after)):
        old, new = before.get(table, {}), after.get(table, {})
        change = {
            "added": [new[k] for k in sorted(new) if k not in old],
            "changed": [(old[k], new[k]) for k in sorted(new) if k in old and old[k] != new[k]],
            "removed": [old[k] for k in sorted(old) if k not in new],
        }
        if any(change.values()):
            found[table] = change
    return found


def _made(change: dict[str, Any]) -> set[str]:
    """Values generated for added rows (their ids): they differ between two runs."""
    return {
        str(value)
        for table in change.values()
        for row in table["added"]
        for column, value in row.items()
        if column == "id"
    }


def _masked(value: Any, made: set[str]) -> Any:
    """Generated ids and timestamps (now() differs between runs) replaced by their kind."""
    if isinstance(value, dict):
        return {k: _masked(v, made) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_masked(v, made) for v in value]
    if isinstance(value, str) and value in made:
        return "<generated id>"
    if isinstance(value, str) and TIMESTAMP.match(value):
        return "<timestamp>"
    return value
