"""The row level security a role meets: which tables have RLS on and which policies apply."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

import psycopg
from psycopg.rows import dict_row

# The kit's own policies: left out when deciding what a table still lacks, and dropped and
# recreated by each newer access migration.
KIT_PREFIX = "kit_access_"
COMMANDS = ("select", "insert", "update", "delete")


@dataclass(frozen=True)
class Policy:
    name: str
    command: str  # all | select | insert | update | delete
    roles: tuple[str, ...]
    using: str | None
    check: str | None

    def applies(self, role: str, command: str) -> bool:
        return (role in self.roles or "public" in self.roles) and self.command in ("all", command)


@dataclass(frozen=True)
class TableSecurity:
    rls: bool = False
    policies: tuple[Policy, ...] = field(default_factory=tuple)

    def applying(self, role: str, command: str, *, named: bool = False) -> list[Policy]:
        """The schema's policies for `role` and `command`; `named`: only those naming the role
        itself (a service identity is not the user that `to public` policies are written for)."""
        return [
            p
            for p in self.policies
            if p.applies(role, command)
            and not p.name.startswith(KIT_PREFIX)
            and (not named or role in p.roles)
        ]


def read_security(
    conn: psycopg.Connection[Any], schemas: tuple[str, ...]
) -> dict[str, TableSecurity]:
    """RLS state and policies of every table in `schemas`, by `schema.table`."""
    sql = files("kit.access").joinpath("queries", "security.sql").read_text()
    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute(sql.encode(), {"schemas": list(schemas)})
        rows = cur.fetchall()
    out: dict[str, TableSecurity] = {}
    for row in rows:
        name = f"{row['schema']}.{row['relation']}"
        policies = tuple(
            Policy(p["name"], p["command"], tuple(p["roles"]), p["using"], p["check"])
            for p in row["policies"]
        )
        out[name] = TableSecurity(bool(row["rls"]), policies)
    return out
