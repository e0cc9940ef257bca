"""The engine: run cases against a target and yield events; it prints nothing.

Order of a run: drift (live schema vs what the tools use), row counts per table, every read
concurrently, then the writes: tables linked by foreign keys form one group whose writes run
in order (parents first; create, upsert, update, delete), and the groups run concurrently; RPCs
that write run last, one at a time (they may touch any table).
Each tool's writes are undone right after its checks (so every tool starts from the seed
data); last, cleanup proves every created row is gone and row counts are as before.
`--fail-fast` stops starting tools after the first failure; cleanup always runs.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass

import httpx

from kit.verify import cleanup, snapshot, writes
from kit.verify.case import Case
from kit.verify.checks import Check, Skip, checks_for
from kit.verify.context import CaseContext, Session, TargetLike
from kit.verify.curl import to_curl
from kit.verify.drift import LiveSchema, Usage, drift, live_catalog, write_groups
from kit.verify.events import (
    CheckResult,
    CleanupFinished,
    DriftReported,
    Event,
    RunFinished,
    RunStarted,
    ToolFinished,
    ToolResult,
    ToolStarted,
)
from kit.verify.failure import Failure, FailureReport

WRITE_RANK = {"create": 0, "upsert": 1, "update": 2, "rpc": 3, "delete": 4}
TIMEOUT = httpx.Timeout(15.0, connect=5.0)


@dataclass(frozen=True)
class Options:
    fail_fast: bool = False
    concurrency: int = 8  # 1 runs every tool one after the other (the bench's baseline)


async def run(
    cases: Sequence[Case],
    target: TargetLike,
    *,
    usages: Sequence[Usage] = (),
    options: Options | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    live: LiveSchema | None = None,
    append_only: Mapping[str, str] | None = None,
) -> AsyncIterator[Event]:
    """Yield the events of one verify run; `live` skips reading the schema over HTTP;
    `append_only` names the tables that only grow (table -> the spec file that says so)."""
    queue: asyncio.Queue[Event | None] = asyncio.Queue()
    async with httpx.AsyncClient(transport=transport, timeout=TIMEOUT) as client:
        session = Session(client, target, append_only=dict(append_only or {}))
        runner = _Runner(session, options or Options(), queue.put_nowait)
        task = asyncio.create_task(runner.run(cases, usages, live))
        task.add_done_callback(lambda _: queue.put_nowait(None))
        while (event := await queue.get()) is not None:
            yield event
        await task  # re-raise what stopped the run


class _Runner:
    def __init__(self, session: Session, options: Options, emit: Callable[[Event], None]) -> None:
        self.session = session
        self.options = options
        self.emit = emit
        self.failed = False
        self.results: list[ToolResult] = []
        self.limit = asyncio.Semaphore(max(1, options.concurrency))

    async def run(
        self, cases: Sequence[Case], usages: Sequence[Usage], live: LiveSchema | None
    ) -> None:
        started = time.perf_counter()
        target = self.session.target
        name = target.name if target.api_url in target.name else f"{target.name} ({target.api_url})"
        self.emit(RunStarted(name, tuple(c.tool for c in cases), self.options.concurrency))
        live = live or await self._live_schema()
        self.session.live = live
        self.emit(_drift_event(usages, live))
        tables = {c.table for c in cases} | set(self.session.append_only)
        before = await cleanup.counts(self.session, tables)
        # Before the reads too: an RPC marked as reading that writes is swept back as well.
        if self.session.local and any(c.is_write for c in cases):
            self.session.baseline = await snapshot.take(self.session)
        await self._each([c for c in cases if c.reads])
        table_writes = [c for c in cases if c.is_write and c.operation != "rpc"]
        groups = write_groups({c.table for c in table_writes}, live)
        if self.options.concurrency == 1:
            groups = [[t for g in groups for t in g]]
        await asyncio.gather(*(self._writes(g, table_writes) for g in groups))
        # An RPC may write any table: alone, so its before/after snapshots see only its own.
        for case in [c for c in cases if c.is_write and c.operation == "rpc"]:
            await self._case(case)
        self.emit(await self._cleanup(before))
        self.emit(self._summary(len(cases), time.perf_counter() - started))

    async def _live_schema(self) -> LiveSchema | None:
        """The REST root's OpenAPI (service key); else the catalog, given a database URL."""
        try:
            response = await self.session.service_get("", {})
            response.raise_for_status()
            return LiveSchema.from_openapi(response.json())
        except (httpx.HTTPError, ValueError):
            db_url = getattr(self.session.target, "db_url", None)
            return await asyncio.to_thread(live_catalog, db_url.reveal()) if db_url else None

    async def _each(self, cases: Sequence[Case]) -> None:
        await asyncio.gather(*(self._guarded(c) for c in cases))

    async def _guarded(self, case: Case) -> None:
        async with self.limit:
            await self._case(case)

    async def _writes(self, group: Sequence[str], cases: Sequence[Case]) -> None:
        ordered = sorted(
            (c for c in cases if c.is_write and c.table in group),
            key=lambda c: (group.index(c.table), WRITE_RANK.get(c.operation, 9)),
        )
        for case in ordered:
            await self._guarded(case)

    async def _case(self, case: Case) -> None:
        if self.failed and self.options.fail_fast:
            return
        self.emit(ToolStarted(case.tool, case.request.method, case.path))
        ctx = CaseContext(self.session)
        if case.is_write:
            await _tolerant(writes.before(case, ctx))
        begin = time.perf_counter()
        try:
            response = await self.session.send(case.request)
        except httpx.HTTPError as exc:
            ms = (time.perf_counter() - begin) * 1000
            return self._finish(case, None, ms, [self._unsent(case, exc)])
        ms = (time.perf_counter() - begin) * 1000
        if case.is_write:
            await _tolerant(writes.record(case, response, ctx))
        results = await self._checks(case, response, ctx)
        if ctx.ledger:
            await cleanup.undo(self.session, ctx.ledger)
        self._finish(case, response.status_code, ms, results)

    async def _checks(
        self, case: Case, response: httpx.Response, ctx: CaseContext
    ) -> list[CheckResult]:
        """The checks only read, or send a probe that must be refused: run them together. (A
        probe that is wrongly accepted writes the values the tool wrote, or a row of its own,
        so it cannot make a read-back fail; it fails its own check.)"""
        checks = checks_for(case)
        if self.options.concurrency > 1:
            return list(
                await asyncio.gather(*(self._check(c, case, response, ctx) for c in checks))
            )
        return [await self._check(c, case, response, ctx) for c in checks]

    async def _check(
        self, check: Check, case: Case, response: httpx.Response, ctx: CaseContext
    ) -> CheckResult:
        try:
            await check.run(case, response, ctx)
        except Skip as skip:
            return CheckResult(check.name, "skipped", reason=str(skip))
        except Failure as failure:
            return CheckResult(check.name, "failed", self._report(check.name, case, failure))
        except (httpx.HTTPError, ValueError, KeyError) as exc:
            broken = Failure(
                f"the check could not run: {type(exc).__name__}",
                expected="the check's own requests to succeed",
                received=str(exc)[:200],
            )
            return CheckResult(check.name, "failed", self._report(check.name, case, broken))
        return CheckResult(check.name, "passed")

    def _unsent(self, case: Case, exc: httpx.HTTPError) -> CheckResult:
        failure = Failure(
            "the request could not be sent",
            expected="an HTTP response",
            received=f"{type(exc).__name__}: {exc}",
            explanation="is the stack running and the URL right? (`kit stack status`)",
        )
        return CheckResult("request_sent", "failed", self._report("request_sent", case, failure))

    def _report(self, name: str, case: Case, failure: Failure) -> FailureReport:
        return FailureReport.of(
            name, failure, to_curl(failure.request or case.request, self.session.keys)
        )

    def _finish(self, case: Case, status: int | None, ms: float, checks: list[CheckResult]) -> None:
        result = ToolResult(
            case.tool,
            case.table,
            case.operation,
            case.request.method,
            case.path,
            status,
            round(ms, 1),
            tuple(checks),
        )
        self.failed = self.failed or not result.passed
        self.results.append(result)
        self.emit(ToolFinished(result))

    async def _cleanup(self, before: dict[str, int]) -> CleanupFinished:
        begin = time.perf_counter()
        swept = await self._sweep()
        after = await cleanup.counts(self.session, before)
        fixed = self.session.append_only
        counted = {t: n for t, n in before.items() if t not in fixed}
        checks = [
            await _run_level("created_rows_removed", cleanup.created_rows_removed(self.session)),
            await _run_level(
                "row_counts_unchanged", _sync(cleanup.row_counts_unchanged, counted, after)
            ),
        ]
        notes: list[str] = []
        if fixed:
            kept = cleanup.append_only_kept(self.session, before, after)
            checks.append(await _run_level("append_only_kept", _collect(kept, notes)))
        ms = round((time.perf_counter() - begin) * 1000, 1)
        result = ToolResult("cleanup", "*", "cleanup", "-", "", None, ms, tuple(checks))
        self.results.append(result)
        return CleanupFinished(result, before, after, swept, tuple(notes))

    async def _sweep(self) -> dict[str, int]:
        """Undo what no tool's ledger caught (a trigger writing another table): the tables
        against the snapshot taken before the writes. Local stacks only (see snapshot)."""
        if self.session.baseline is None:
            return {}
        now = await snapshot.take(self.session)
        ledger = snapshot.difference(self.session.baseline, now, self.session)
        await cleanup.undo(self.session, ledger)
        fixed = self.session.append_only  # rows kept there were not put back
        return {t: n for t, n in ledger.per_table().items() if t not in fixed}

    def _summary(self, total: int, seconds: float) -> RunFinished:
        checks = [c for r in self.results for c in r.checks]
        tools = [r for r in self.results if r.operation != "cleanup"]
        return RunFinished(
            tools=total,
            tools_failed=sum(not r.passed for r in tools) + (total - len(tools)),
            checks_passed=sum(c.outcome == "passed" for c in checks),
            checks_failed=sum(c.outcome == "failed" for c in checks),
            checks_skipped=sum(c.outcome == "skipped" for c in checks),
            seconds=round(seconds, 3),
            stopped_early=self.failed and self.options.fail_fast,
        )


async def _tolerant(step: Awaitable[None]) -> None:
    """Bookkeeping around a write (snapshots, read-backs) must not stop the run: what it could
    not see, the checks and the row counts report."""
    try:
        await step
    except (httpx.HTTPError, ValueError):
        pass


async def _run_level(name: str, check: Awaitable[None]) -> CheckResult:
    try:
        await check
    except Failure as failure:
        return CheckResult(name, "failed", FailureReport.of(name, failure, "kit verify"))
    return CheckResult(name, "passed")


async def _collect(notes_of: Awaitable[list[str]], into: list[str]) -> None:
    into += await notes_of


async def _sync(fn: Callable[..., None], *args: object) -> None:
    fn(*args)


def _drift_event(usages: Sequence[Usage], live: LiveSchema | None) -> DriftReported:
    if live is None:
        note = "live schema not readable (no service key, or the REST root is closed)"
        return DriftReported((), checked=False, note=note)
    return DriftReported(tuple(drift(usages, live)))
