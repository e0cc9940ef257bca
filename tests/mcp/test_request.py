"""The request a call sends is the one `kit verify` sends for the same values (the bytes the
tool's cURL encodes), keys aside; what is left out takes the cURL's default or is not sent."""

from __future__ import annotations

import pytest

from kit.errors import TargetError
from kit.mcp import agent_keys, is_service_role
from kit.mcp.call import request_for
from kit.model import ToolSet
from kit.secret import Secret
from kit.stack.keys import mint
from kit.target import Target
from kit.verify.cases import case_for

SECRET = "super-secret-jwt-token-with-at-least-32-characters-long"
AGENT = mint(SECRET, "maker_agent")
TARGET = Target("test", "http://127.0.0.1:1", anon_key=Secret("sb_publishable_x"))
TARGET_WITH_AGENT = Target("test", TARGET.api_url, TARGET.anon_key, agent_key=Secret(AGENT))


def test_every_tool_sends_what_verify_sends(flagship: ToolSet) -> None:
    keys = agent_keys(TARGET_WITH_AGENT)
    for tool in flagship:
        sent = request_for(tool, tool.examples(), TARGET.rest_url, keys)
        assert sent == case_for(tool, TARGET_WITH_AGENT).request, tool.name


def test_left_out_limit_is_the_default_and_optional_columns_are_not_sent(
    flagship: ToolSet,
) -> None:
    keys = agent_keys(TARGET_WITH_AGENT)
    listing = flagship.tool("ListConversations")
    assert listing is not None
    values = {"user_id": "user_ada", "is_archived": False}
    sent = request_for(listing, values, TARGET.rest_url, keys)
    assert sent.url.endswith("&order=updated_at.desc&limit=20")
    assert sent == case_for(listing, TARGET_WITH_AGENT, values={**values, "limit": 20}).request

    save = flagship.tool("SaveMessage")
    assert save is not None
    message = {"conversation_id": "c1", "role": "user", "content": "it's {{MAKER_AGENT_KEY}}"}
    sent = request_for(save, message, TARGET.rest_url, keys)
    text = '"content":"it\\u0027s {{MAKER_AGENT_KEY}}"'
    assert sent.body == '{"conversation_id":"c1","role":"user",' + text + "}"
    assert sent.headers["Authorization"] == f"Bearer {AGENT}"

    archive = flagship.tool("ArchiveConversation")
    assert archive is not None
    sent = request_for(archive, {"id": "c1"}, TARGET.rest_url, keys)
    assert sent.body == '{"is_archived":true}' and sent.url.endswith("/conversations?id=eq.c1")


@pytest.mark.parametrize(
    "agent, anon",
    [
        (mint(SECRET, "service_role"), "sb_publishable_x"),
        ("sb_secret_abc", "sb_publishable_x"),
        (AGENT, "sb_secret_abc"),
        (AGENT, mint(SECRET, "service_role")),
    ],
)
def test_a_service_role_key_is_refused(agent: str, anon: str) -> None:
    target = Target("test", TARGET.api_url, anon_key=Secret(anon), agent_key=Secret(agent))
    with pytest.raises(TargetError, match="refusing to serve tools with a service_role key"):
        agent_keys(target)


def test_the_targets_service_key_is_refused_whatever_it_looks_like() -> None:
    odd = Secret("an-opaque-service-key")
    assert is_service_role(odd, odd)
    target = Target("t", TARGET.api_url, TARGET.anon_key, service_key=odd, agent_key=odd)
    with pytest.raises(TargetError):
        agent_keys(target)
