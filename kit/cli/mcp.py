"""`kit mcp`: serve the project's tools to MCP clients (stdio, or streamable HTTP)."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from kit.cli import output, project_of

FILE = click.Path(dir_okay=False, path_type=Path)


@click.command()
@click.option("--env", "env_file", type=FILE, help="The .env with SUPABASE_URL and keys.")
@click.option("--url", help="API URL of the stack (without /rest/v1).")
@click.option("--anon-key", help="The anon (publishable) key the tools send as apikey.")
@click.option("--agent-key", help="The agent's key the tools send as bearer (not service_role).")
@click.option("--http", "http", is_flag=True, help="Serve streamable HTTP instead of stdio.")
@click.option("--host", default="127.0.0.1", show_default=True, help="HTTP: address to bind.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8765, show_default=True, help="HTTP: port."
)
@click.pass_context
def mcp(
    ctx: click.Context,
    env_file: Path | None,
    url: str | None,
    anon_key: str | None,
    agent_key: str | None,
    http: bool,
    host: str,
    port: int,
) -> None:
    """Serve the project's tools to MCP clients (Claude Desktop, Cursor, agent platforms).

    Each tool keeps its name, description and schemas; a call runs the tool's exact request
    with the agent's key against the stack `kit verify` would use (--url/keys, else .env, else
    a `supabase start` stack, else the kit's own, started if not running). A service_role key
    is refused. stdio by default; --http serves http://HOST:PORT/mcp, on 127.0.0.1 unless
    --host says otherwise, and then only with a bearer token from $KIT_MCP_TOKEN.

    \b
    Example:
        kit mcp
        kit mcp --env .env.hosted
        KIT_MCP_TOKEN=... kit mcp --http --host 0.0.0.0 --port 8765
    """
    from kit.mcp import TOKEN_ENV, serve
    from kit.secret import Secret
    from kit.target import resolve_target

    project = project_of(ctx)
    # Over stdio, stdout is the protocol: whatever resolving the target prints (or a stack it
    # starts, which inherits the descriptor) goes to stderr.
    with contextlib.nullcontext() if http else _stdout_to_stderr():
        target = resolve_target(
            project, url=url, anon_key=anon_key, agent_key=agent_key, env_file=env_file, start=True
        )
    token = os.environ.get(TOKEN_ENV)
    where = f"http://{host}:{port}/mcp" if http else "stdio"
    output.note(f"kit mcp: serving the tools of {project.root.name} on {where}, API {target.name}")
    serve(
        project,
        target,
        http=http,
        host=host,
        port=port,
        token=Secret(token) if token else None,
    )


@contextlib.contextmanager
def _stdout_to_stderr() -> Iterator[None]:
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    try:
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)
