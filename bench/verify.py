"""Budget of `kit verify`: the full flagship suite against a running local stack (< 3 s).

    .venv/bin/python bench/verify.py [--runs 5]

Starts a stack of its own (temporary folder, free ports), then measures, as medians over
`--runs`:

- the whole `kit verify` command (a fresh process: Python start, tools resolved against the
  migrations' catalog, seed lookups, the run, cleanup), with the stack's `.env` (its database
  URL lets verify read the catalog there)                                       budget < 3 s,
  and with only `--url` and keys, as for a hosted project (catalog from a throwaway server)
- the run itself (engine: drift, every tool and its checks, cleanup), concurrent (8 in flight)
  and sequential (1), in alternation, and the speed-up between them
- the time of each tool's own request and of its checks, from the concurrent runs
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import httpx

from kit.project import load_project
from kit.stack.stack import Stack
from kit.target import Target
from kit.testing import running_stack
from kit.verify import Options, verify
from kit.verify.events import Event, ToolFinished
from kit.verify.report import Handler
from kit.verify.suite import build_suite, load_tools

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 3.0
RTT = 0.02  # seconds: a round trip to a hosted project in the same region


class Latency(httpx.AsyncBaseTransport):
    """A real transport plus a fixed round trip, as to a hosted project (the local gateway is
    one Python process on shared cores: it answers ~300 requests/s however many wait, so
    concurrency cannot show locally what it saves over a network)."""

    def __init__(self, seconds: float) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.seconds = seconds

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(self.seconds)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


class Timings(Handler):
    """Per-tool request time (ms) from the events."""

    def __init__(self) -> None:
        self.ms: dict[str, list[float]] = defaultdict(list)

    def handle(self, event: Event) -> None:
        if isinstance(event, ToolFinished):
            self.ms[event.result.tool].append(event.result.ms)


def command(*args: str) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "kit"), "--project", str(ROOT), "verify", *args],
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"kit verify failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return elapsed


def by_url(target: Target) -> list[str]:
    """Flags as for a hosted project: no database URL, so the catalog comes from a throwaway."""
    keys = {"--anon-key": target.anon_key, "--agent-key": target.agent_key}
    keys["--service-key"] = target.service_key
    return [
        "--url",
        target.api_url,
        *(a for f, k in keys.items() for a in (f, str(k and k.reveal()))),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    project = load_project(ROOT)
    with running_stack(project) as stack:
        measure(project, stack, runs)


def measure(project, stack: Stack, runs: int) -> None:  # type: ignore[no-untyped-def]
    info = stack.info()
    target = Target(
        "bench stack",
        info.api_url,
        anon_key=info.anon_key,
        service_key=info.service_role_key,
        agent_key=info.agent_key,
    )
    started = time.perf_counter()
    tools, catalog = load_tools(project)
    load = time.perf_counter() - started
    started = time.perf_counter()
    suite = build_suite(project, target, tools, catalog)
    prepare = time.perf_counter() - started
    timings = Timings()
    concurrent, sequential = [], []
    for _ in range(runs):
        for width, into in ((8, concurrent), (1, sequential)):
            handlers = [timings] if width > 1 else []
            started = time.perf_counter()
            final = verify(
                suite.cases,
                target,
                usages=suite.usages,
                options=Options(concurrency=width),
                handlers=handlers,
            )
            into.append(time.perf_counter() - started)
            if not final.passed:
                sys.exit("verify is not green; run `kit verify` to see why")
    remote: dict[int, list[float]] = {8: [], 1: []}
    for _ in range(max(1, runs // 2)):
        for width in (8, 1):
            started = time.perf_counter()
            verify(
                suite.cases,
                target,
                usages=suite.usages,
                options=Options(concurrency=width),
                transport=Latency(RTT),
            )
            remote[width].append(time.perf_counter() - started)
    env = Path(stack.state_dir) / "bench.env"  # what `kit stack status -o env > .env` writes
    env.write_text("".join(f"{k}={v}\n" for k, v in info.env_values().items()))
    local = [command("--env", str(env)) for _ in range(runs)]
    hosted = [command(*by_url(target)) for _ in range(runs)]
    report(len(suite.cases), load, prepare, concurrent, sequential, local, hosted, timings)
    r8, r1 = statistics.median(remote[8]), statistics.median(remote[1])
    print(f"\nwith a {RTT * 1000:.0f} ms round trip per request (as to a hosted project):")
    print(f"run, concurrent (8):         {r8:6.3f} s")
    print(f"run, sequential (1):         {r1:6.3f} s")
    print(f"speed-up from concurrency:   {r1 / r8:6.2f}x")


def report(tools, load, prepare, concurrent, sequential, local, hosted, timings) -> None:  # type: ignore[no-untyped-def]
    c, s, w, h = (statistics.median(x) for x in (concurrent, sequential, local, hosted))
    verdict = "within" if w < BUDGET else "OVER"
    print(f"flagship: {tools} tools, medians of {len(concurrent)} runs")
    print(f"kit verify --env (local stack):  {w:6.2f} s   budget {BUDGET:.0f} s: {verdict}")
    print(f"kit verify --url (as for hosted): {h:6.2f} s   (catalog from a throwaway server)")
    print(f"  tools + throwaway catalog:  {load:6.2f} s")
    print(f"  seed values + cases:        {prepare:6.2f} s")
    print(f"run, concurrent (8):         {c:6.3f} s")
    print(f"run, sequential (1):         {s:6.3f} s")
    print(f"speed-up from concurrency:   {s / c:6.2f}x")
    print("\ntool                   request ms (median)")
    for name, values in sorted(timings.ms.items(), key=lambda kv: -statistics.median(kv[1])):
        print(f"  {name:<22} {statistics.median(values):8.1f}")


if __name__ == "__main__":
    main()
