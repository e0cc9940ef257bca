"""Typed errors of the kit, translated to messages and exit codes once, at the CLI edge.

    KitError
    ├── SpecError        tool_specs/*.yaml is wrong (file:line:column)
    ├── CatalogError     the database catalog could not be read or lacks something
    ├── MigrationError   a migration or seed file failed (file:line + PostgreSQL's message)
    ├── StackError       the local stack cannot start, stop or be reached (busy port, dead process)
    ├── TargetError      no usable target (URL, keys) for a command that talks to a stack
    └── LintError        the SQL linter could not run

Exit codes follow sqlfluff: 0 all good, 1 checks or lint found problems, 2 could not run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_CANNOT_RUN = 2


@dataclass
class Location:
    """Where in a file a problem is; line and column are 1-based."""

    path: Path | str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        text = str(self.path)
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


class KitError(Exception):
    """A problem a user can fix: what went wrong, where, and what to do next."""

    exit_code = EXIT_CANNOT_RUN

    def __init__(
        self, message: str, *, hint: str | None = None, location: Location | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.location = location

    def __str__(self) -> str:
        head = f"{self.location}: {self.message}" if self.location else self.message
        return f"{head}\nhint: {self.hint}" if self.hint else head

    def to_dict(self) -> dict[str, object]:
        loc = self.location
        return {
            "message": self.message,
            "hint": self.hint,
            "path": str(loc.path) if loc else None,
            "line": loc.line if loc else None,
            "column": loc.column if loc else None,
        }


class SpecError(KitError):
    """One or more mistakes in tool specs; `problems` holds each of them."""

    def __init__(self, problems: list[KitError]) -> None:
        self.problems = problems
        first = problems[0]
        super().__init__(first.message, hint=first.hint, location=first.location)

    def __str__(self) -> str:
        return "\n".join(KitError.__str__(p) for p in self.problems)


class CatalogError(KitError):
    pass


class MigrationError(KitError):
    pass


class StackError(KitError):
    pass


class TargetError(KitError):
    pass


class LintError(KitError):
    pass
