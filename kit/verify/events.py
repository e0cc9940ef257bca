"""The event stream of a verify run; reporters are handlers over it.

    RunStarted → DriftReported → (ToolStarted → ToolFinished)* → CleanupFinished → RunFinished

`ToolStarted`/`ToolFinished` of concurrent tools interleave. Every event is plain data with
`to_dict()`, so a JSON reporter writes what the console shows.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from kit.verify.failure import FailureReport

Outcome = Literal["passed", "failed", "skipped"]


@dataclass(frozen=True)
class CheckResult:
    name: str
    outcome: Outcome
    failure: FailureReport | None = None
    reason: str | None = None  # why it was skipped


@dataclass(frozen=True)
class ToolResult:
    tool: str
    table: str
    operation: str
    method: str
    path: str
    status: int | None
    ms: float
    checks: tuple[CheckResult, ...] = ()

    @property
    def passed(self) -> bool:
        return all(c.outcome != "failed" for c in self.checks)

    @property
    def failures(self) -> list[CheckResult]:
        return [c for c in self.checks if c.outcome == "failed"]


@dataclass(frozen=True)
class DriftItem:
    kind: Literal["missing_table", "missing_column", "missing_function", "unmapped_table"]
    table: str
    detail: str
    tools: tuple[str, ...] = ()

    def text(self) -> str:
        used = f" (used by {', '.join(self.tools)})" if self.tools else ""
        return f"{self.detail}{used}"


@dataclass(frozen=True)
class Event:
    def to_dict(self) -> dict[str, Any]:
        return {"event": type(self).__name__, **asdict(self)}


@dataclass(frozen=True)
class RunStarted(Event):
    target: str
    tools: tuple[str, ...]
    concurrency: int


@dataclass(frozen=True)
class DriftReported(Event):
    items: tuple[DriftItem, ...]
    checked: bool = True  # False when the live catalog could not be read
    note: str | None = None


@dataclass(frozen=True)
class ToolStarted(Event):
    tool: str
    method: str
    path: str


@dataclass(frozen=True)
class ToolFinished(Event):
    result: ToolResult


@dataclass(frozen=True)
class CleanupFinished(Event):
    result: ToolResult
    counts_before: dict[str, int] = field(default_factory=dict)
    counts_after: dict[str, int] = field(default_factory=dict)
    swept: dict[str, int] = field(default_factory=dict)  # rows put back by the final sweep
    notes: tuple[str, ...] = ()  # rows append-only tables keep by design


@dataclass(frozen=True)
class RunFinished(Event):
    tools: int
    tools_failed: int  # failed or not run (--fail-fast)
    checks_passed: int
    checks_failed: int
    checks_skipped: int
    seconds: float
    stopped_early: bool = False

    @property
    def passed(self) -> bool:
        return self.tools_failed == 0 and self.checks_failed == 0
