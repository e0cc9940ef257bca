"""The console report: a live table (tool, method, path, status, ms, result) with a progress
bar while the run goes, then drift, each failure in full, cleanup and a one-line summary.

The header names the target (`Target.name`), never a key; reproduce commands hold
placeholders. On a terminal the table updates in place; elsewhere it prints once at the end.
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.live import Live
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn
from rich.table import Table
from rich.text import Text

from kit.verify.events import (
    CleanupFinished,
    DriftReported,
    Event,
    RunFinished,
    RunStarted,
    ToolFinished,
    ToolResult,
)
from kit.verify.report import Handler


class ConsoleReport(Handler):
    def __init__(self, console: Console) -> None:
        self.console = console
        self.results: list[ToolResult] = []
        self.progress = Progress(
            TextColumn("verifying"), BarColumn(), MofNCompleteColumn(), console=console
        )
        self.task: TaskID | None = None
        self.live: Live | None = None

    def handle(self, event: Event) -> None:
        if isinstance(event, RunStarted):
            self._started(event)
        elif isinstance(event, DriftReported):
            self._drift(event)
        elif isinstance(event, ToolFinished):
            self.results.append(event.result)
            if self.task is not None:
                self.progress.advance(self.task)
            self._refresh()
        elif isinstance(event, CleanupFinished):
            self._stop_live()
            self._failures()
            self._cleanup(event)
        elif isinstance(event, RunFinished):
            self._summary(event)

    def shutdown(self) -> None:
        self._stop_live()

    def _started(self, event: RunStarted) -> None:
        self.console.print(
            f"[bold]kit verify[/bold]: {len(event.tools)} tools against [cyan]{event.target}[/cyan]"
        )
        self.task = self.progress.add_task("tools", total=len(event.tools))

    def _drift(self, event: DriftReported) -> None:
        if not event.checked:
            self.console.print(f"[yellow]drift not checked:[/yellow] {event.note}")
        for item in event.items:
            colour = "dim" if item.kind == "unmapped_table" else "yellow"
            self.console.print(f"[{colour}]drift:[/{colour}] {item.text()}")
        self.live = Live(self._view(), console=self.console, auto_refresh=False, transient=False)
        self.live.start()

    def _refresh(self) -> None:
        if self.live is not None:
            self.live.update(self._view(), refresh=True)

    def _stop_live(self) -> None:
        if self.live is not None:
            self.live.update(self._table(), refresh=True)  # the final frame, without the bar
            self.live.stop()
            self.live = None

    def _view(self) -> Group:
        return Group(self._table(), self.progress)

    def _table(self) -> Table:
        table = Table(box=None, pad_edge=False, header_style="bold")
        for name, justify in [
            ("tool", "left"),
            ("method", "left"),
            ("path", "left"),
            ("status", "right"),
            ("ms", "right"),
            ("result", "left"),
        ]:
            table.add_column(name, justify=justify, no_wrap=True, min_width=len(name))  # type: ignore[arg-type]
        for r in self.results:
            status = str(r.status) if r.status is not None else "-"
            table.add_row(r.tool, r.method, r.path, status, f"{r.ms:.0f}", _verdict(r))
        return table

    def _failures(self) -> None:
        for result in self.results:
            for check in result.failures:
                assert check.failure is not None
                self.console.print(f"\n[red]✗ {result.tool}[/red] [bold]{check.name}[/bold]")
                self.console.print(Text(check.failure.text()))

    def _cleanup(self, event: CleanupFinished) -> None:
        verdict = _verdict(event.result)
        counts = ", ".join(f"{t} {n}" for t, n in sorted(event.counts_after.items()))
        self.console.print(f"\ncleanup: {verdict} [dim](rows: {counts})[/dim]")
        if event.swept:
            swept = ", ".join(f"{t} {n}" for t, n in sorted(event.swept.items()))
            self.console.print(f"[dim]put back rows no tool's undo caught: {swept}[/dim]")
        for note in event.notes:
            self.console.print(Text(note, style="dim"))
        for check in event.result.failures:
            assert check.failure is not None
            self.console.print(Text(check.failure.text()))

    def _summary(self, event: RunFinished) -> None:
        colour = "green" if event.passed else "red"
        word = "passed" if event.passed else "FAILED"
        stopped = " (stopped at the first failure)" if event.stopped_early else ""
        self.console.print(
            f"[{colour}]{word}[/{colour}]: {event.tools - event.tools_failed}"
            f"/{event.tools} tools green, {event.checks_passed} checks passed, "
            f"{event.checks_failed} failed, {event.checks_skipped} skipped "
            f"in {event.seconds:.2f}s{stopped}"
        )


def _verdict(result: ToolResult) -> str:
    failed = [c.name for c in result.failures]
    passed = sum(c.outcome == "passed" for c in result.checks)
    if failed:
        return f"[red]✗ {', '.join(failed)}[/red]"
    return f"[green]✓[/green] {passed} checks"
