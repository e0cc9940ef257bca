"""`kit verify`: run every tool's exact request against a stack and check what comes back.

    cases (kit.verify.cases: tool model → Case) ─► engine (events) ─► handlers (report/)

`verify(...)` runs the engine to the end, feeding each event to every handler, and returns the
final `RunFinished`. Verify speaks HTTP only; it never imports the REST gateway.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence

import httpx

from kit.project import Project
from kit.verify.case import Case
from kit.verify.context import TargetLike
from kit.verify.drift import LiveSchema, Usage
from kit.verify.engine import Options, run
from kit.verify.events import Event, RunFinished
from kit.verify.report import Handler

__all__ = ["Case", "Handler", "Options", "RunFinished", "Usage", "run", "verify", "verify_project"]


def verify_project(
    project: Project,
    target: TargetLike,
    *,
    tools: Sequence[str] = (),
    tables: Sequence[str] = (),
    options: Options | None = None,
    handlers: Sequence[Handler] = (),
) -> RunFinished:
    """Verify the project's tools (or those selected) against `target`.

    Raises `TargetError` when the target cannot be reached or lacks a key verify needs, and
    `SpecError`/`KitError` for bad specs or selections (exit code 2 at the CLI)."""
    from kit.verify.suite import build_suite, load_tools, require_reachable

    require_reachable(target)
    db_url = getattr(target, "db_url", None)
    toolset, catalog = load_tools(project, db_url.reveal() if db_url else None)
    suite = build_suite(project, target, toolset, catalog, names=tools, tables=tables)
    return verify(
        suite.cases,
        target,
        usages=suite.usages,
        options=options,
        handlers=handlers,
        append_only=suite.append_only,
    )


def verify(
    cases: Sequence[Case],
    target: TargetLike,
    *,
    usages: Sequence[Usage] = (),
    options: Options | None = None,
    handlers: Sequence[Handler] = (),
    transport: httpx.AsyncBaseTransport | None = None,
    live: LiveSchema | None = None,
    append_only: Mapping[str, str] | None = None,
) -> RunFinished:
    """`append_only`: tables that only grow (table -> the spec file that says so)."""
    return asyncio.run(
        _verify(cases, target, usages, options, handlers, transport, live, append_only)
    )


async def _verify(
    cases: Sequence[Case],
    target: TargetLike,
    usages: Sequence[Usage],
    options: Options | None,
    handlers: Sequence[Handler],
    transport: httpx.AsyncBaseTransport | None,
    live: LiveSchema | None,
    append_only: Mapping[str, str] | None,
) -> RunFinished:
    for handler in handlers:
        handler.start()
    final: Event | None = None
    try:
        async for event in run(
            cases,
            target,
            usages=usages,
            options=options or Options(),
            transport=transport,
            live=live,
            append_only=append_only,
        ):
            for handler in handlers:
                handler.handle(event)
            final = event
    finally:
        for handler in handlers:
            handler.shutdown()
    assert isinstance(final, RunFinished)
    return final
