"""Read a `Catalog` from a live database with the packaged queries in `queries/*.sql`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from importlib.resources import files
from typing import Any

import psycopg
from psycopg.rows import dict_row

from kit.catalog.catalog import Argument, Catalog, Column, ForeignKey, Function, Grants, Table
from kit.catalog.checks import check_enum, check_rules
from kit.errors import CatalogError

Row = dict[str, Any]


def query(name: str) -> str:
    return files("kit.catalog").joinpath("queries", f"{name}.sql").read_text()


def read_catalog(
    conn: psycopg.Connection[Any], schemas: Iterable[str], roles: Iterable[str] = ()
) -> Catalog:
    """Tables, views, columns, keys, CHECK enums, functions and the grants of `roles`."""
    args = {"schemas": sorted(set(schemas)), "roles": sorted(set(roles))}
    try:
        with conn.cursor(row_factory=dict_row) as cur:
            rows = {name: _fetch(cur, name, args) for name in _QUERIES}
    except psycopg.Error as exc:
        raise CatalogError(
            f"could not read the database catalog: {exc}",
            hint="check that the database is up and the migrations applied (`kit stack status`)",
        ) from exc
    tables = _tables(rows["columns"], rows["constraints"], rows["privileges"])
    return Catalog(
        schemas=tuple(args["schemas"]),
        tables=tables,
        functions=_functions(rows["functions"], rows["function_privileges"]),
        roles=frozenset(r["role"] for r in rows["roles"]),
    )


_QUERIES = (
    "columns",
    "constraints",
    "functions",
    "privileges",
    "function_privileges",
    "roles",
)


def _fetch(cur: psycopg.Cursor[Row], name: str, args: dict[str, Any]) -> list[Row]:
    cur.execute(query(name).encode(), args)
    return cur.fetchall()


def _tables(columns: list[Row], constraints: list[Row], privileges: list[Row]) -> dict[str, Table]:
    by_table: dict[str, list[Row]] = defaultdict(list)
    for row in columns:
        by_table[f"{row['schema']}.{row['relation']}"].append(row)
    keyed: dict[str, list[Row]] = defaultdict(list)
    for row in constraints:
        keyed[f"{row['schema']}.{row['relation']}"].append(row)
    grants = _grants(privileges)
    return {
        name: _table(rows, keyed[name], grants.get(name, {})) for name, rows in by_table.items()
    }


def _table(rows: list[Row], constraints: list[Row], grants: dict[str, Grants]) -> Table:
    enums = dict(
        found
        for c in constraints
        if c["kind"] == "c" and (found := check_enum(c["definition"])) is not None
    )
    rules: dict[str, dict[str, Any]] = defaultdict(dict)
    for c in constraints:
        if c["kind"] == "c":
            for column, keywords in check_rules(c["definition"]).items():
                rules[column] |= keywords
    first = rows[0]
    return Table(
        schema=first["schema"],
        name=first["relation"],
        kind=first["kind"],
        comment=first["relation_comment"],
        columns=tuple(
            _column(r, enums.get(r["name"], ()), tuple(sorted(rules[r["name"]].items())))
            for r in rows
        ),
        primary_key=next((tuple(c["columns"]) for c in constraints if c["kind"] == "p"), ()),
        unique=tuple(tuple(c["columns"]) for c in constraints if c["kind"] == "u"),
        foreign_keys=tuple(
            ForeignKey(
                tuple(c["columns"]), c["ref_schema"], c["ref_relation"], tuple(c["ref_columns"])
            )
            for c in constraints
            if c["kind"] == "f"
        ),
        grants=grants,
    )


def _column(row: Row, check_values: tuple[str, ...], rules: tuple[tuple[str, Any], ...]) -> Column:
    return Column(
        name=row["name"],
        type=row["type"],
        base_type=row["base_type"],
        base_kind=row["base_kind"],
        is_array=row["is_array"],
        nullable=not row["not_null"],
        default=row["column_default"],
        identity=row["is_identity"],
        generated=row["is_generated"],
        comment=row["comment"],
        enum=tuple(row["enum_labels"]) or check_values,
        check_rules=rules,
    )


def _grants(rows: list[Row]) -> dict[str, dict[str, Grants]]:
    acc: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        key = (f"{row['schema']}.{row['relation']}", row["role"])
        entry = acc.setdefault(key, {"select": set(), "insert": set(), "update": set()})
        for verb in ("select", "insert", "update"):
            if row[f"can_{verb}"]:
                entry[verb].add(row["column_name"])
        entry["delete"] = row["can_delete"]
    out: dict[str, dict[str, Grants]] = defaultdict(dict)
    for (table, role), entry in acc.items():
        out[table][role] = Grants(
            select=frozenset(entry["select"]),
            insert=frozenset(entry["insert"]),
            update=frozenset(entry["update"]),
            delete=bool(entry["delete"]),
        )
    return out


def _functions(rows: list[Row], privileges: list[Row]) -> dict[str, tuple[Function, ...]]:
    executors: dict[str, set[str]] = defaultdict(set)
    for row in privileges:
        executors[row["signature"]].add(row["role"])
    out: dict[str, list[Function]] = defaultdict(list)
    for row in rows:
        out[f"{row['schema']}.{row['name']}"].append(
            _function(row, frozenset(executors[row["signature"]]))
        )
    return {name: tuple(fns) for name, fns in out.items()}


def _function(row: Row, executors: frozenset[str]) -> Function:
    names = _input_names(row["arg_names"], row["arg_modes"], len(row["arg_types"]))
    first_default = len(names) - row["n_defaults"]
    arguments = tuple(
        Argument(name, type_, base, is_array, i >= first_default)
        for i, (name, type_, base, is_array) in enumerate(
            zip(names, row["arg_types"], row["arg_base_types"], row["arg_is_array"], strict=True)
        )
    )
    returns_table = (
        f"{row['return_schema']}.{row['return_relation']}" if row["return_relation"] else None
    )
    return Function(
        schema=row["schema"],
        name=row["name"],
        signature=row["signature"],
        arguments=arguments,
        return_type=row["return_type"],
        return_base_type=row["return_base_type"],
        returns_set=row["returns_set"],
        returns_table=returns_table,
        out_columns=_out_columns(row),
        volatility=row["volatility"],
        comment=row["comment"],
        executors=executors,
    )


def _out_columns(row: Row) -> tuple[Argument, ...]:
    """OUT, INOUT and RETURNS TABLE columns: the shape of each returned row."""
    columns = zip(
        row["arg_names"],
        row["arg_modes"],
        row["all_arg_types"],
        row["all_arg_base_types"],
        row["all_arg_is_array"],
        strict=False,
    )
    return tuple(
        Argument(name or f"column{i + 1}", type_, base, is_array)
        for i, (name, mode, type_, base, is_array) in enumerate(columns)
        if mode in ("o", "b", "t")
    )


def _input_names(names: list[str], modes: list[str], count: int) -> list[str]:
    """Names of the input arguments (IN, INOUT, VARIADIC); unnamed ones get `$n` as in SQL."""
    if modes:
        names = [n for n, m in zip(names, modes, strict=False) if m in ("i", "b", "v")]
    names = list(names[:count]) + [""] * (count - len(names))
    return [n or f"${i + 1}" for i, n in enumerate(names)]
