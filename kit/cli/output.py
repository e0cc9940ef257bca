"""The one place that prints. Errors go to stderr as `path:line: message` then `hint: ...`."""

from __future__ import annotations

import sys

from rich.console import Console

from kit.errors import KitError

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def echo(text: str = "") -> None:
    """Plain text, no markup: for output that other programs read (env files, cURL, JSON)."""
    sys.stdout.write(text + "\n")


def say(text: str) -> None:
    console.print(text)


def note(text: str) -> None:
    """Progress and context for a person, on stderr, so stdout stays clean for programs."""
    err_console.print(text)


def warn(text: str) -> None:
    err_console.print(f"[yellow]warning:[/yellow] {text}")


def error(exc: KitError) -> None:
    problems = getattr(exc, "problems", None) or [exc]
    for problem in problems:
        where = f"{problem.location}: " if problem.location else ""
        err_console.print(f"[red]error:[/red] {where}{problem.message}", markup=True)
        if problem.hint:
            err_console.print(f"[dim]hint:[/dim] {problem.hint}")
