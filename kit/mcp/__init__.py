"""`kit mcp`: the project's tools over the Model Context Protocol.

    tool model (kit.verify.suite.load_tools, what `kit generate` renders)
        ─► tools.py (listing: name, description, input/output schema)
        ─► call.py  (arguments → the tool's exact request → rows, or a tool error)
        ─► server.py (the SDK's Server over stdio or streamable HTTP)

Like `kit verify`, it speaks HTTP to the project's REST API and never SQL; unlike verify it
holds no service key: every call carries the agent's key (keys.py).
"""

from __future__ import annotations

import asyncio
import dataclasses

from kit.mcp.call import Caller
from kit.mcp.keys import AgentKeys, agent_keys, is_service_role
from kit.mcp.server import TOKEN_ENV, build_server, require_token
from kit.project import Project
from kit.secret import Secret
from kit.target import Target

DEFAULT_PORT = 8765

__all__ = ["TOKEN_ENV", "AgentKeys", "Caller", "agent_keys", "is_service_role", "serve"]


def serve(
    project: Project,
    target: Target,
    *,
    http: bool = False,
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    token: Secret | None = None,
) -> None:
    """Serve until the client goes away (stdio) or the process is stopped (HTTP). Raises
    `TargetError` for a missing or service_role key, or an HTTP bind without a token."""
    from kit.mcp.server import configure_logging, serve_http, serve_stdio
    from kit.verify.suite import load_tools

    keys = agent_keys(target)
    target = dataclasses.replace(target, service_key=None)  # never needed, never held
    if http:
        token = require_token(host, token)
    db_url = target.db_url.reveal() if target.db_url else None
    tools, _ = load_tools(project, db_url)
    caller = Caller({t.name: t for t in tools}, target.rest_url, keys)
    server = build_server(tools, caller)
    configure_logging()
    if http:
        asyncio.run(serve_http(server, host, port, token))
    else:
        asyncio.run(serve_stdio(server))
