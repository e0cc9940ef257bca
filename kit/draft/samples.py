"""Examples for drafts, read from the rows a database already has (read-only).

Acting for one user (`sub`), rows are taken from that user's own (a column referencing
`auth.users`), so the examples are rows the agent may see under `auth.uid()` policies.
"""

from __future__ import annotations

from collections import defaultdict
from importlib.resources import files
from typing import Any

import psycopg
from psycopg import sql

from kit.catalog import Catalog, Table

Row = dict[str, Any]


def owner_column(table: Table) -> str | None:
    """The column that says which user a row belongs to: a single-column FK to auth.users."""
    for fk in table.foreign_keys:
        if (fk.ref_schema, fk.ref_table) == ("auth", "users") and len(fk.columns) == 1:
            return fk.columns[0]
    return None


def indexed_columns(conn: psycopg.Connection[Any], schemas: tuple[str, ...]) -> dict[str, set[str]]:
    text = files("kit.draft").joinpath("queries", "indexes.sql").read_text()
    out: dict[str, set[str]] = defaultdict(set)
    for schema, relation, column in conn.execute(text.encode(), {"schemas": list(schemas)}):
        out[f"{schema}.{relation}"].add(column)
    return out


def first_row(conn: psycopg.Connection[Any], table: Table, sub: str | None) -> Row | None:
    """The table's first row by key (the user's own when `sub` and an owner column exist)."""
    where: sql.Composable = sql.SQL("")
    owner = owner_column(table)
    if sub and owner:
        where = sql.SQL(" where t.{}::text = {}").format(sql.Identifier(owner), sql.Literal(sub))
    order = sql.SQL(", ").join(sql.Identifier("t", c) for c in table.primary_key or ("ctid",))
    query = sql.SQL("select to_jsonb(t) from {}.{} as t{} order by {} limit 1").format(
        sql.Identifier(table.schema), sql.Identifier(table.name), where, order
    )
    return _one(conn, query)


def free_key(
    conn: psycopg.Connection[Any],
    table: Table,
    key: tuple[str, ...],
    catalog: Catalog,
    sub: str | None,
) -> Row | None:
    """Values for `key`, made of foreign keys (a many-to-many), that no row holds yet."""
    sources = []
    for column in key:
        fk = next((f for f in table.foreign_keys if f.columns == (column,)), None)
        if fk is None:
            return None
        sources.append((column, fk, catalog.table(f"{fk.ref_schema}.{fk.ref_table}")))
    parts, conds = [], []
    for i, (_column, fk, ref) in enumerate(sources):
        alias = f"r{i}"
        parts.append(
            sql.SQL("{}.{} as {}").format(
                sql.Identifier(fk.ref_schema), sql.Identifier(fk.ref_table), sql.Identifier(alias)
            )
        )
        owner = owner_column(ref) if ref else None
        if sub and owner:
            conds.append(
                sql.SQL("{}::text = {}").format(sql.Identifier(alias, owner), sql.Literal(sub))
            )
    picked = sql.SQL(", ").join(
        sql.SQL("{} as {}").format(sql.Identifier(f"r{i}", fk.ref_columns[0]), sql.Identifier(col))
        for i, (col, fk, _) in enumerate(sources)
    )
    taken = sql.SQL(" and ").join(
        sql.SQL("x.{} = {}").format(sql.Identifier(col), sql.Identifier(f"r{i}", fk.ref_columns[0]))
        for i, (col, fk, _) in enumerate(sources)
    )
    conds.append(
        sql.SQL("not exists (select from {}.{} as x where {})").format(
            sql.Identifier(table.schema), sql.Identifier(table.name), taken
        )
    )
    query = sql.SQL("select to_jsonb(p) from (select {} from {} where {} limit 1) as p").format(
        picked, sql.SQL(" cross join ").join(parts), sql.SQL(" and ").join(conds)
    )
    return _one(conn, query)


def _one(conn: psycopg.Connection[Any], query: sql.Composed) -> Row | None:
    try:
        found = conn.execute(query).fetchone()
    except psycopg.Error:
        return None  # no read permission on a hosted table: draft without examples
    return dict(found[0]) if found else None
