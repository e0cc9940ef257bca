"""Latency of a `kit mcp` tool call over stdio, beside the same request made directly.

    .venv/bin/python bench/mcp_latency.py [--calls 100]

Starts a stack of its own (temporary folder, free ports) and `kit mcp` on it as a stdio
subprocess, driven by the `mcp` SDK's own client, as a desktop client drives it. For each tool
below, `--calls` calls through MCP and the same number of the same request (the one the call
sends: `kit.mcp.call.request_for`) sent directly with a kept-alive `httpx.AsyncClient`, in
alternation after a warm-up; prints the median and 90th percentile of each, and the overhead
(MCP median minus direct median) and ratio. One run; the box is shared, so read ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from mcp import Client, StdioServerParameters
from mcp.client.stdio import stdio_client

from kit.mcp.call import request_for
from kit.mcp.keys import agent_keys
from kit.project import load_project
from kit.stack.stack import StackInfo
from kit.target import Target
from kit.testing import running_stack
from kit.verify.suite import load_tools

ROOT = Path(__file__).resolve().parent.parent
KIT = ROOT / ".venv" / "bin" / "kit"
WARMUP = 5
CALLS: dict[str, dict[str, Any]] = {
    "ListConversations": {"user_id": "user_ada", "is_archived": False},
    "GetConversation": {"id": "c0000000-0000-4000-8000-000000000001"},
    "SearchMemories": {"user_id": "user_ada", "query": "dark mode"},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=100)
    calls = parser.parse_args().calls
    project = load_project(ROOT)
    with running_stack(project) as stack, tempfile.TemporaryDirectory() as folder:
        asyncio.run(measure(project.root, stack.info(), calls, Path(folder)))


async def measure(root: Path, info: StackInfo, calls: int, folder: Path) -> None:
    target = Target("bench", info.api_url, anon_key=info.anon_key, agent_key=info.agent_key)
    keys = agent_keys(target)
    tools, _ = load_tools(load_project(root), info.db_url)
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", ""),
        "SUPABASE_URL": info.api_url,
        "SUPABASE_ANON_KEY": info.anon_key.reveal(),
        "MAKER_AGENT_KEY": info.agent_key.reveal(),
        "SUPABASE_DB_URL": info.db_url,
    }
    params = StdioServerParameters(command=str(KIT), args=["--project", str(root), "mcp"], env=env)
    print(f"{calls} calls per tool and path, after {WARMUP} warm-up calls; milliseconds")
    print(f"{'tool':<20} {'mcp p50':>8} {'p90':>7} {'direct p50':>11} {'p90':>7} {'+ms':>6} ratio")
    with (folder / "server.log").open("w") as log:
        async with (
            Client(stdio_client(params, errlog=log)) as client,
            httpx.AsyncClient(timeout=30) as http,
        ):
            for name, arguments in CALLS.items():
                tool = tools.tool(name)
                assert tool is not None
                wire = request_for(tool, arguments, target.rest_url, keys)
                mcp_ms: list[float] = []
                direct_ms: list[float] = []
                for i in range(WARMUP + calls):
                    started = time.perf_counter()
                    result = await client.call_tool(name, arguments)
                    middle = time.perf_counter()
                    response = await http.request(
                        wire.method,
                        wire.url,
                        headers=wire.headers,
                        content=wire.body.encode() if wire.body is not None else None,
                    )
                    ended = time.perf_counter()
                    if result.is_error or response.is_error:
                        sys.exit(f"{name} failed: {result.content} / {response.text}")
                    if i >= WARMUP:
                        mcp_ms.append((middle - started) * 1000)
                        direct_ms.append((ended - middle) * 1000)
                report(name, mcp_ms, direct_ms)


def report(name: str, mcp_ms: list[float], direct_ms: list[float]) -> None:
    m, d = statistics.median(mcp_ms), statistics.median(direct_ms)
    m90, d90 = (statistics.quantiles(x, n=10)[-1] for x in (mcp_ms, direct_ms))
    print(f"{name:<20} {m:8.2f} {m90:7.2f} {d:11.2f} {d90:7.2f} {m - d:6.2f} {m / d:5.2f}x")


if __name__ == "__main__":
    main()
