"""SQL text helpers: the only place identifiers become SQL text.

Values never become SQL text; they go to `Sql.param`, which returns a `%s` placeholder and
appends the value to the statement's parameter list.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

# Type names allowed in `::cast`: letters, digits, underscores, spaces (`double precision`),
# an optional schema and an optional `[]`. Anything else is a parse error, never SQL text.
_TYPE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?( [A-Za-z_]+)*(\[\])?$")


PAYLOAD = "payload"  # the parameter holding a write's or a call's JSON body (Sql.payload)


def ident(name: str) -> str:
    """Quote an identifier: `a"b` → `"a""b"`. NUL cannot appear in PostgreSQL text. The names
    a gateway sees repeat: those PostgreSQL could hold (at most 63 bytes) are quoted once."""
    return _kept_ident(name) if len(name) <= 63 else _quote(name)


def _quote(name: str) -> str:
    # `%` is doubled because every statement goes through psycopg's `%s` placeholders.
    return '"' + name.replace("\x00", "").replace('"', '""').replace("%", "%%") + '"'


_kept_ident = functools.lru_cache(maxsize=4096)(_quote)


def search_path(schemas: tuple[str, ...]) -> str:
    """The `search_path` setting's value (a bind parameter, so `%` stays single)."""
    return ", ".join('"' + s.replace('"', '""') + '"' for s in schemas)


def qualified(schema: str, name: str) -> str:
    return f"{ident(schema)}.{ident(name)}"


def is_type_name(name: str) -> bool:
    return len(name) <= 128 and _TYPE_NAME.match(name) is not None


def type_name(name: str) -> str:
    """A cast target from the request, already checked by `is_type_name`."""
    if not is_type_name(name):
        raise ValueError(f"not a type name: {name!r}")
    return name


@dataclass
class Sql:
    """A statement under construction collects its bind parameters by name, so fragments
    can be rendered in any order (and twice, for counts)."""

    params: dict[str, Any] = field(default_factory=dict)
    # Fragments rendered once and used twice (a grouped field in SELECT and GROUP BY must be
    # the same text, bind parameters included).
    memo: dict[tuple[int, int], str] = field(default_factory=dict)

    def param(self, value: Any, cast: str | None = None) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f"%({name})s::{cast}" if cast else f"%({name})s"

    def payload(self, value: str) -> str:
        """The request body's values as one JSON parameter under a fixed name, so a statement
        built for one body takes the next body of the same shape (app.py)."""
        self.params[PAYLOAD] = value
        return f"%({PAYLOAD})s::json"


def catalog_text(text: str) -> str:
    """SQL text read from the catalog (type names, default expressions), never from a request;
    `%` is doubled for psycopg."""
    return text.replace("%", "%%")


def array_literal(items: list[str]) -> str:
    """A PostgreSQL array literal (sent as one bind parameter) with every element quoted."""
    quoted = ('"' + i.replace("\\", "\\\\").replace('"', '\\"') + '"' for i in items)
    return "{" + ",".join(quoted) + "}"
