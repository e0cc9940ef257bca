"""`kit mcp` driven by the SDK's own client: one stdio server and one HTTP server per session,
both over the session's `kit_stack`, called from plain tests through an anyio portal."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
import mcp_types as types
import pytest
from anyio.from_thread import BlockingPortal, start_blocking_portal
from mcp import Client, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client

from kit.model import ToolSet
from kit.project import Project
from kit.stack.postgres import free_port
from kit.stack.stack import StackInfo
from kit.target import Target

KIT = Path(sys.executable).parent / "kit"


def server_env(info: StackInfo, **extra: str) -> dict[str, str]:
    """What a `.env` of the stack holds, the service key included: the server must not use it."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", ""),
        "SUPABASE_URL": info.api_url,
        "SUPABASE_ANON_KEY": info.anon_key.reveal(),
        "SUPABASE_SERVICE_ROLE_KEY": info.service_role_key.reveal(),
        "MAKER_AGENT_KEY": info.agent_key.reveal(),
        "SUPABASE_DB_URL": info.db_url,
        **extra,
    }


def target_of(info: StackInfo) -> Target:
    return Target(
        "kit stack (tests)",
        info.api_url,
        anon_key=info.anon_key,
        service_key=info.service_role_key,
        agent_key=info.agent_key,
    )


class McpClient:
    """An entered SDK `Client`, called from synchronous tests."""

    def __init__(self, portal: BlockingPortal, client: Client) -> None:
        self.portal = portal
        self.client = client

    def tools(self) -> list[types.Tool]:
        return self.portal.call(self.client.list_tools).tools

    def call(self, name: str, arguments: dict[str, Any]) -> types.CallToolResult:
        return self.portal.call(self.client.call_tool, name, arguments)


@pytest.fixture(scope="session")
def portal() -> Iterator[BlockingPortal]:
    with start_blocking_portal() as running:
        yield running


@pytest.fixture(scope="session")
def server_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mcp") / "stdio-server.log"


@pytest.fixture(scope="session")
def stdio(
    portal: BlockingPortal,
    kit_stack: StackInfo,
    kit_project: Project,
    server_log: Path,
    http_launched: HttpServer,
) -> Iterator[McpClient]:
    """(The HTTP server is launched first, so that the two start side by side.)"""
    params = StdioServerParameters(
        command=str(KIT),
        args=["--project", str(kit_project.root), "mcp"],
        env=server_env(kit_stack),
        cwd=str(kit_project.root),
    )
    with server_log.open("w") as log:
        transport = stdio_client(params, errlog=log)
        with portal.wrap_async_context_manager(Client(transport)) as client:
            yield McpClient(portal, client)


@pytest.fixture(scope="session")
def http_log(server_log: Path) -> Path:
    return server_log.with_name("http-server.log")


@dataclass(frozen=True)
class HttpServer:
    port: int
    token: str
    process: subprocess.Popen[bytes]


@pytest.fixture(scope="session")
def http_launched(
    kit_stack: StackInfo, kit_project: Project, http_log: Path
) -> Iterator[HttpServer]:
    """`kit mcp --http` on a free loopback port with a token of its own, not yet waited for."""
    port = free_port()
    token = secrets.token_urlsafe(32)
    with http_log.open("w") as log:
        process = subprocess.Popen(
            [str(KIT), "--project", str(kit_project.root), "mcp", "--http", "--port", str(port)],
            env=server_env(kit_stack, KIT_MCP_TOKEN=token),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    try:
        yield HttpServer(port, token, process)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def http_server(http_launched: HttpServer, http_log: Path) -> tuple[str, str]:
    """The HTTP server, listening: (url, token)."""
    _wait_for(http_launched.port, http_launched.process, http_log)
    return f"http://127.0.0.1:{http_launched.port}/mcp", http_launched.token


@pytest.fixture(scope="session")
def http(portal: BlockingPortal, http_server: tuple[str, str]) -> Iterator[McpClient]:
    url, token = http_server
    headers = {"Authorization": f"Bearer {token}"}
    session = httpx2.AsyncClient(headers=headers)
    transport = streamable_http_client(url, http_client=session)
    # The initialize handshake of today's desktop clients (stdio negotiates the SDK's newest).
    with portal.wrap_async_context_manager(Client(transport, mode="legacy")) as client:
        yield McpClient(portal, client)
    portal.call(session.aclose)


def _wait_for(port: int, process: subprocess.Popen[bytes], log: Path, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"kit mcp --http exited: {log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"kit mcp --http did not listen on {port} within {seconds} s")


@pytest.fixture(scope="session")
def flagship(kit_project: Project, kit_db_url: str) -> ToolSet:
    from kit.verify.suite import load_tools

    return load_tools(kit_project, kit_db_url)[0]
