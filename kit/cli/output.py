"""The one place that prints. Errors go to stderr as `path:line: message` then `hint: ...`.

rich (~15 ms to import) loads on the first print, not with the CLI: `kit stack up` starts the
REST gateway before it prints anything, and loads rich while it waits (`prepare`)."""

from __future__ import annotations

import sys
from functools import cache
from typing import TYPE_CHECKING

from kit.errors import KitError

if TYPE_CHECKING:
    from rich.console import Console


@cache
def _consoles() -> tuple[Console, Console]:
    from rich.console import Console

    return (
        Console(highlight=False, soft_wrap=True),
        Console(stderr=True, highlight=False, soft_wrap=True),
    )


def prepare() -> None:
    """Load what printing needs now, while the caller waits for something else."""
    _consoles()


def __getattr__(name: str) -> Console:
    # `output.console` / `output.err_console`, created on first use.
    if name == "console":
        return _consoles()[0]
    if name == "err_console":
        return _consoles()[1]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def echo(text: str = "") -> None:
    """Plain text, no markup: for output that other programs read (env files, cURL, JSON)."""
    sys.stdout.write(text + "\n")


def say(text: str) -> None:
    _consoles()[0].print(text)


def note(text: str) -> None:
    """Progress and context for a person, on stderr, so stdout stays clean for programs."""
    _consoles()[1].print(text)


def warn(text: str) -> None:
    _consoles()[1].print(f"[yellow]warning:[/yellow] {text}")


def error(exc: KitError) -> None:
    err = _consoles()[1]
    problems = getattr(exc, "problems", None) or [exc]
    for problem in problems:
        where = f"{problem.location}: " if problem.location else ""
        err.print(f"[red]error:[/red] {where}{problem.message}", markup=True)
        if problem.hint:
            err.print(f"[dim]hint:[/dim] {problem.hint}")
