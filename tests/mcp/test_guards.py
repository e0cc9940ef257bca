"""What keeps the agent's key the only key: the service key is refused at start, HTTP off
loopback needs a token, the HTTP transport checks it, and no secret reaches a listing or a log."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from kit.cli import main
from kit.project import Project
from kit.stack.stack import StackInfo
from tests.mcp.conftest import McpClient, server_env

INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-06-18",
        "capabilities": {},
        "clientInfo": {"name": "test", "version": "0"},
    },
}
MCP_HEADERS = {"Accept": "application/json, text/event-stream"}


def _run(project: Project, env: dict[str, str], *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--project", str(project.root), "mcp", *args], env=env)
    return result.exit_code, result.output


@pytest.mark.parametrize("which", ["service_role_key", "secret_key"])
def test_kit_mcp_refuses_a_service_key_as_the_agents(
    kit_project: Project, kit_stack: StackInfo, which: str
) -> None:
    key = getattr(kit_stack, which).reveal()
    code, said = _run(kit_project, server_env(kit_stack, MAKER_AGENT_KEY=key))
    assert code == 2
    assert "refusing to serve tools with a service_role key as the agent key" in said
    assert key not in said


def test_http_off_loopback_needs_a_token_and_binds_nothing_without(
    kit_project: Project, kit_stack: StackInfo
) -> None:
    code, said = _run(kit_project, server_env(kit_stack), "--http", "--host", "0.0.0.0")
    assert code == 2 and "refusing to serve on 0.0.0.0 without a bearer token" in said
    short = server_env(kit_stack, KIT_MCP_TOKEN="short")
    code, said = _run(kit_project, short, "--http", "--host", "0.0.0.0")
    assert code == 2 and "KIT_MCP_TOKEN is too short" in said


def test_http_refuses_a_request_without_its_token(http_server: tuple[str, str]) -> None:
    url, token = http_server
    for headers in ({}, {"Authorization": "Bearer wrong"}):
        response = httpx.post(url, json=INITIALIZE, headers={**MCP_HEADERS, **headers})
        assert response.status_code == 401
    bearer = {"Authorization": f"Bearer {token}"}
    response = httpx.post(url, json=INITIALIZE, headers={**MCP_HEADERS, **bearer})
    assert response.status_code == 200 and response.json()["result"]["serverInfo"]


def test_nothing_secret_in_listings_results_or_logs(
    stdio: McpClient,
    http: McpClient,
    http_server: tuple[str, str],
    kit_stack: StackInfo,
    server_log: Path,
    http_log: Path,
) -> None:
    secrets = [
        kit_stack.anon_key.reveal(),
        kit_stack.agent_key.reveal(),
        kit_stack.service_role_key.reveal(),
        kit_stack.jwt_secret.reveal(),
        http_server[1],
    ]
    said = [t.model_dump_json() for t in stdio.tools() + http.tools()]
    for client in (stdio, http):
        ok = client.call("ListConversations", {"user_id": "user_ada", "is_archived": False})
        refused = client.call("GetConversation", {"id": "not-a-uuid"})
        assert not ok.is_error and refused.is_error
        said += [ok.model_dump_json(), refused.model_dump_json()]
    logs = server_log.read_text() + http_log.read_text()
    assert "ListConversations GET 200" in logs and "GetConversation GET 400" in logs
    for text in [*said, logs]:
        for secret in secrets:
            assert secret not in text
