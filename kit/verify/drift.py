"""Schema drift, reported before the run: what the tools use that the live database lacks, and
tables that no tool covers.

The live schema is read over HTTP from the REST root (`GET /rest/v1/`, the OpenAPI PostgREST
serves; Supabase answers it for the service key only), or from `kit.catalog` when the caller
has a database URL. Drift is reported, not fatal: the checks then show what breaks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kit.verify.events import DriftItem

_FK = re.compile(r"<fk table='([^']+)' column='([^']+)'/>")

ForeignKeys = Mapping[str, tuple[str, str]]  # column → (referenced table, referenced column)


@dataclass(frozen=True)
class Usage:
    """What one tool needs from the database."""

    tool: str
    table: str
    columns: frozenset[str] = frozenset()
    function: str | None = None


@dataclass(frozen=True)
class LiveSchema:
    tables: Mapping[str, frozenset[str]]  # table → its columns
    foreign_keys: Mapping[str, ForeignKeys] = field(default_factory=dict)  # by table
    functions: frozenset[str] = frozenset()
    primary_keys: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # by table

    @property
    def references(self) -> dict[str, frozenset[str]]:
        """Table → the other tables it references."""
        return {
            t: frozenset(ref for ref, _ in fks.values()) - {t}
            for t, fks in self.foreign_keys.items()
        }

    @classmethod
    def from_openapi(cls, document: Mapping[str, Any]) -> LiveSchema:
        """From PostgREST's Swagger 2.0 root: `definitions` (FKs are in the column notes,
        `<fk table='t' column='c'/>`) and `/rpc/<name>` paths."""
        tables: dict[str, frozenset[str]] = {}
        foreign_keys: dict[str, dict[str, tuple[str, str]]] = {}
        primary_keys: dict[str, tuple[str, ...]] = {}
        for name, definition in (document.get("definitions") or {}).items():
            properties = definition.get("properties") or {}
            tables[name] = frozenset(properties)
            primary_keys[name] = tuple(
                c for c, prop in properties.items() if "<pk/>" in str(prop.get("description"))
            )
            foreign_keys[name] = {
                column: (found[1], found[2])
                for column, prop in properties.items()
                if (found := _FK.search(str(prop.get("description", ""))))
            }
        functions = frozenset(
            p.removeprefix("/rpc/") for p in document.get("paths") or {} if p.startswith("/rpc/")
        )
        return cls(tables, foreign_keys, functions, primary_keys)

    @classmethod
    def from_catalog(cls, catalog: Any, schema: str = "public") -> LiveSchema:
        """From a `kit.catalog.Catalog` (when verify is given a database URL)."""
        mine = [t for t in catalog.tables.values() if t.schema == schema]
        tables = {t.name: frozenset(t.column_names) for t in mine}
        foreign_keys = {
            t.name: {
                fk.columns[0]: (fk.ref_table, fk.ref_columns[0])
                for fk in t.foreign_keys
                if len(fk.columns) == 1
            }
            for t in mine
        }
        functions = frozenset(
            name.split(".", 1)[1] for name in catalog.functions if name.startswith(f"{schema}.")
        )
        primary_keys = {t.name: tuple(t.primary_key) for t in mine}
        return cls(tables, foreign_keys, functions, primary_keys)

    def depth(self, table: str) -> int:
        """0 for a table referencing no other, else 1 + its deepest parent's."""
        return _depth(table, self.references)


def live_catalog(db_url: str, schema: str = "public") -> LiveSchema | None:
    """The live schema from the database itself (`kit.catalog`), or None if unreachable."""
    import psycopg

    from kit.catalog import read_catalog
    from kit.errors import CatalogError

    try:
        with psycopg.connect(db_url, autocommit=True, connect_timeout=3) as conn:
            return LiveSchema.from_catalog(read_catalog(conn, [schema]), schema)
    except (psycopg.Error, CatalogError):
        return None


def drift(usages: Iterable[Usage], live: LiveSchema) -> list[DriftItem]:
    usages = list(usages)
    items: list[DriftItem] = []
    by_table: dict[str, list[Usage]] = {}
    for usage in usages:
        by_table.setdefault(usage.table, []).append(usage)
    for table, used in sorted(by_table.items()):
        items += _table_drift(table, used, live)
    items += _function_drift(usages, live)
    for table in sorted(set(live.tables) - set(by_table)):
        items.append(DriftItem("unmapped_table", table, f"table {table} has no tool"))
    return items


def _table_drift(table: str, used: list[Usage], live: LiveSchema) -> list[DriftItem]:
    tools = tuple(u.tool for u in used)
    if table not in live.tables:
        return [DriftItem("missing_table", table, f"table {table} is not in the database", tools)]
    items = []
    for column in sorted(set().union(*(u.columns for u in used)) - live.tables[table]):
        users = tuple(u.tool for u in used if column in u.columns)
        detail = f"column {table}.{column} is not in the database"
        items.append(DriftItem("missing_column", table, detail, users))
    return items


def _function_drift(usages: list[Usage], live: LiveSchema) -> list[DriftItem]:
    items = []
    for usage in usages:
        if usage.function and usage.function not in live.functions:
            detail = f"function {usage.function} is not in the database (or not exposed)"
            items.append(DriftItem("missing_function", usage.table, detail, (usage.tool,)))
    return items


def write_groups(tables: Iterable[str], live: LiveSchema | None) -> list[list[str]]:
    """Tables whose writes may affect each other (linked by foreign keys), parents first."""
    names = sorted(set(tables))
    parent = {t: t for t in names}

    def root(t: str) -> str:
        while parent[t] != t:
            t = parent[t]
        return t

    refs = live.references if live else {}
    for table in names:
        for other in refs.get(table, ()):
            if other in parent:
                parent[root(table)] = root(other)
    if live is None:  # nothing known about links: one ordered group
        return [names] if names else []
    groups: dict[str, list[str]] = {}
    for table in names:
        groups.setdefault(root(table), []).append(table)
    return [sorted(g, key=lambda t: (_depth(t, refs), t)) for g in groups.values()]


def _depth(
    table: str, refs: Mapping[str, frozenset[str]], seen: frozenset[str] = frozenset()
) -> int:
    parents = [p for p in refs.get(table, ()) if p not in seen]
    return 1 + max((_depth(p, refs, seen | {table}) for p in parents), default=-1)
