"""The MCP server: the project's tools over stdio (desktop clients) or streamable HTTP (remote
ones), with the official `mcp` SDK's low-level `Server` (the tools are data, not functions, so
the decorator-based `MCPServer` has nothing to decorate).

HTTP binds to 127.0.0.1 unless told otherwise; bound elsewhere it requires a bearer token of its
own (`KIT_MCP_TOKEN`), checked by the SDK's bearer middleware. Nothing is logged but the tool's
name, method, status and time: no values, no keys, no token.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
from collections.abc import Mapping
from typing import Any

import mcp_types as types
from mcp.server import Server, ServerRequestContext
from mcp.server.auth.provider import AccessToken
from mcp.server.auth.settings import AuthSettings
from mcp.server.stdio import stdio_server
from mcp.shared.exceptions import MCPError
from pydantic import AnyHttpUrl

from kit.errors import TargetError
from kit.mcp.call import Caller
from kit.mcp.tools import listing
from kit.model import ToolSet
from kit.secret import Secret
from kit.specs import did_you_mean

NAME = "maker-kit"
PATH = "/mcp"
TOKEN_ENV = "KIT_MCP_TOKEN"
MIN_TOKEN = 24
INSTRUCTIONS = (
    "Tools over this project's Supabase database. Each runs one verified REST request with the "
    "agent's least-privilege key; row level security decides what it may see and change."
)


def build_server(tools: ToolSet, caller: Caller) -> Server[Any]:
    listed = [listing(t) for t in tools]
    by_name = {t.name: t for t in tools}

    async def list_tools(
        ctx: ServerRequestContext[Any], params: types.PaginatedRequestParams | None
    ) -> types.ListToolsResult:
        return types.ListToolsResult(tools=listed)

    async def call_tool(
        ctx: ServerRequestContext[Any], params: types.CallToolRequestParams
    ) -> types.CallToolResult:
        tool = by_name.get(params.name)
        if tool is None:  # not a tool error: the client asked for something never listed
            hint = did_you_mean(params.name, list(by_name))
            raise MCPError(types.INVALID_PARAMS, f"no tool named `{params.name}`{hint}")
        return await caller.call(tool, params.arguments or {})

    def input_schema(name: str) -> Mapping[str, Any] | None:
        tool = by_name.get(name)
        return tool.input_schema() if tool else None

    return Server(
        NAME,
        instructions=INSTRUCTIONS,
        get_tool_input_schema=input_schema,
        on_list_tools=list_tools,
        on_call_tool=call_tool,
    )


async def serve_stdio(server: Server[Any]) -> None:
    async with stdio_server() as (read, write):
        await server.run(read, write, server.create_initialization_options())


async def serve_http(server: Server[Any], host: str, port: int, token: Secret | None) -> None:
    import uvicorn

    token = require_token(host, token)
    auth = verifier = None
    if token is not None:
        # The SDK wants an issuer for its OAuth metadata; with no resource URL none is served.
        issuer = AnyHttpUrl(f"http://{_hostport(host, port)}")
        auth = AuthSettings(issuer_url=issuer, resource_server_url=None)
        verifier = StaticToken(token)
    app = server.streamable_http_app(
        streamable_http_path=PATH,
        stateless_http=True,  # each POST stands alone: nothing kept per client
        json_response=True,
        host=host,
        auth=auth,
        token_verifier=verifier,
    )
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False)
    await uvicorn.Server(config).serve()


def require_token(host: str, token: Secret | None) -> Secret | None:
    """The bearer token HTTP clients must send: required off loopback, optional on it."""
    if token is not None and len(token.reveal()) < MIN_TOKEN:
        raise TargetError(
            f"{TOKEN_ENV} is too short ({len(token.reveal())} characters, at least {MIN_TOKEN})",
            hint=f'make one: export {TOKEN_ENV}="$(python3 -c '
            "'import secrets; print(secrets.token_urlsafe(32))')\"",
        )
    if token is None and not is_loopback(host):
        raise TargetError(
            f"refusing to serve on {host} without a bearer token: anyone who reaches the port "
            "could run the tools with the agent's key",
            hint=f"set {TOKEN_ENV} (clients send `Authorization: Bearer $KIT_MCP_TOKEN`), "
            "or serve on 127.0.0.1",
        )
    return token


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class StaticToken:
    """The SDK's `TokenVerifier` for one shared token, compared in constant time."""

    def __init__(self, token: Secret) -> None:
        self._token = token

    async def verify_token(self, token: str) -> AccessToken | None:
        if hmac.compare_digest(token.encode(), self._token.reveal().encode()):
            return AccessToken(token=token, client_id=NAME, scopes=[])
        return None


def _hostport(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def configure_logging() -> None:
    """One line per call on stderr (stdout is the stdio transport's)."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("kit mcp: %(message)s"))
    log = logging.getLogger("kit.mcp")
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
