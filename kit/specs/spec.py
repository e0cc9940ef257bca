"""Tool specs as loaded from YAML: plain values plus where each one was written.

Types are deliberately absent: they come from the database catalog when the model is resolved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kit.errors import Location

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Marks:
    """Line and column of every key and item of one file, by its path in the document."""

    path: Path
    at: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def where(self, *keys: str | int) -> Location:
        """The location of `keys`, or of its nearest parent that has one."""
        path = tuple(keys)
        while path and path not in self.at:
            path = path[:-1]
        line, column = self.at.get(path, (1, 1))
        return Location(self.path, line, column)


@dataclass(frozen=True)
class ParamSpec:
    """One entry of `filters`, `columns` or `args`."""

    kind: str  # filter | column | arg
    name: str
    target: str  # the column or the function argument
    op: str = "eq"
    required: bool | None = None  # None: the kind's default
    description: str | None = None
    example: Any = None
    path: Path_ = ()
    # json/jsonb only: the JSON Schema of the value (hash=False: a dict)
    schema: dict[str, Any] | None = field(default=None, hash=False, compare=False)


@dataclass(frozen=True)
class ToolSpec:
    name: str
    operation: str
    description: str
    filters: tuple[ParamSpec, ...] = ()
    columns: tuple[ParamSpec, ...] = ()
    args: tuple[ParamSpec, ...] = ()
    values: tuple[tuple[str, Any], ...] = ()
    function: str | None = None
    on_conflict: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    order: tuple[str, ...] = ()
    limit_default: int | None = None
    limit_max: int | None = None
    path: Path_ = ()


@dataclass(frozen=True)
class SpecFile:
    path: Path
    table: str
    tools: tuple[ToolSpec, ...]
    marks: Marks
    role: str | None = None
    description: str | None = None
    append_only: bool = False  # rows are never updated or deleted (verify keeps what it adds)
    strict: bool = False  # OpenAI function JSON in strict mode for this file's tools

    def where(self, *keys: str | int) -> Location:
        return self.marks.where(*keys)
