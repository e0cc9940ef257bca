"""The schema cache: exposed relations, columns, keys, relationships and functions.

Read from the catalog in one query (`queries/schema_cache.sql`) and rebuilt on
`NOTIFY pgrst, 'reload schema'` (see app.py). Lookups raise PGRST2xx errors.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

from kit.rest.errors import ApiError

QName = tuple[str, str]
# Role settings PostgREST would apply for the impersonated role, limited to user-settable ones.
ROLE_SETTINGS = ("statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout")


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    udt: str
    nullable: bool = True
    default: str | None = None
    is_array: bool = False
    generated: bool = False
    max_length: int | None = None
    enum: tuple[str, ...] = ()
    description: str | None = None


@dataclass(frozen=True)
class Table:
    schema: str
    name: str
    kind: str
    columns: dict[str, Column]
    pk: tuple[str, ...] = ()
    insertable: bool = True
    updatable: bool = True
    deletable: bool = True
    description: str | None = None

    @property
    def qname(self) -> QName:
        return (self.schema, self.name)


@dataclass(frozen=True)
class Junction:
    table: QName
    constraint1: str
    constraint2: str
    source: tuple[tuple[str, str], ...]  # (source column, junction column)
    target: tuple[tuple[str, str], ...]  # (junction column, target column)


@dataclass(frozen=True)
class Relationship:
    table: QName
    foreign: QName
    cardinality: str  # "m2o" | "o2m" | "o2o" | "m2m"
    constraint: str
    columns: tuple[tuple[str, str], ...] = ()  # (table column, foreign column)
    junction: Junction | None = None
    function: QName | None = None  # a computed relationship: function(table row) → rows

    @property
    def to_one(self) -> bool:
        return self.cardinality in ("m2o", "o2o")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    has_default: bool


@dataclass(frozen=True)
class Function:
    schema: str
    name: str
    params: tuple[Param, ...]
    return_type: str
    returns_set: bool
    returns_void: bool
    return_table: QName | None  # a table/view row type: filterable and embeddable
    returns_composite: bool  # a row type or RETURNS TABLE
    volatility: str
    description: str | None = None

    @property
    def unnamed_single(self) -> bool:
        return len(self.params) == 1 and self.params[0].name == ""


@dataclass
class SchemaCache:
    schemas: tuple[str, ...]
    tables: dict[QName, Table] = field(default_factory=dict)
    relationships: dict[QName, list[Relationship]] = field(default_factory=dict)
    functions: dict[QName, list[Function]] = field(default_factory=dict)
    role_settings: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # In-database configuration: `ALTER ROLE authenticator SET pgrst.db_tx_end = ...`, read
    # at start and on every reload, as PostgREST does (keys without the `pgrst.` prefix).
    db_config: dict[str, str] = field(default_factory=dict)
    roles: frozenset[str] = frozenset()

    def table(self, schema: str, name: str) -> Table:
        found = self.tables.get((schema, name))
        if found is None:
            names = [n for (s, n) in self.tables if s == schema]
            close = difflib.get_close_matches(name, names, n=1, cutoff=0.75)
            hint = f"Perhaps you meant the table '{schema}.{close[0]}'" if close else None
            raise ApiError(
                404,
                "PGRST205",
                f"Could not find the table '{schema}.{name}' in the schema cache",
                None,
                hint,
            )
        return found

    def flag(self, name: str) -> bool:
        """A boolean in-database setting (`pgrst.db_plan_enabled = 'true'`); unset is off."""
        return self.db_config.get(name, "").strip().lower() in ("true", "on", "1", "yes")

    def tx_end(self, wanted: str | None) -> tuple[bool, bool]:
        """(roll back?, was `Prefer: tx` honoured?) under `pgrst.db_tx_end`
        (commit | commit-allow-override | rollback | rollback-allow-override)."""
        if not self.db_config:  # the usual case: commit, no override
            return False, False
        setting = self.db_config.get("db_tx_end", "commit").strip().lower()
        override = setting.endswith("-allow-override") and wanted is not None
        end = wanted if override else setting.split("-", 1)[0]
        return end == "rollback", override

    def relationships_of(self, qname: QName) -> list[Relationship]:
        return self.relationships.get(qname, [])


def load_query() -> str:
    return files("kit.rest").joinpath("queries", "schema_cache.sql").read_text()


def build(raw: str | dict[str, Any], schemas: tuple[str, ...]) -> SchemaCache:
    """The cache from the JSON document the catalog query returns."""
    doc = json.loads(raw) if isinstance(raw, str) else raw
    cache = SchemaCache(schemas, roles=frozenset(doc.get("roles") or ()))
    _tables(cache, doc)
    _relationships(cache, doc["constraints"])
    _view_relationships(cache, doc.get("view_deps") or [])
    for row in doc["functions"]:
        fn = _function(row)
        cache.functions.setdefault((fn.schema, fn.name), []).append(fn)
        _computed_relationship(cache, fn, row)
    for row in doc["settings"]:
        pairs = [item.split("=", 1) for item in row["config"] or [] if "=" in item]
        kept = [(k, v) for k, v in pairs if k in ROLE_SETTINGS]
        cache.role_settings[row["role"]] = cache.role_settings.get(row["role"], []) + kept
        if row["role"] == doc.get("user"):
            cache.db_config.update({k[6:]: v for k, v in pairs if k.startswith("pgrst.")})
    return cache


def _tables(cache: SchemaCache, doc: dict[str, Any]) -> None:
    columns: dict[QName, dict[str, Column]] = {}
    for c in doc["columns"]:
        columns.setdefault((c["schema"], c["name"]), {})[c["column_name"]] = Column(
            c["column_name"],
            c["type"],
            c["udt"],
            c["nullable"],
            c["default_expr"],
            c["is_array"],
            c["generated"],
            c["max_length"],
            tuple(c["enum_values"] or ()),
            c["description"],
        )
    pks = {
        (k["schema"], k["table_name"]): tuple(k["columns"])
        for k in doc["constraints"]
        if k["kind"] == "p"
    }
    for r in doc["relations"]:
        q = (r["schema"], r["name"])
        mask = r["updatable"] or 0
        cache.tables[q] = Table(
            r["schema"],
            r["name"],
            r["kind"],
            columns.get(q, {}),
            pks.get(q, ()),
            bool(mask & 8),
            bool(mask & 4),
            bool(mask & 16),
            r["description"],
        )


def _relationships(cache: SchemaCache, constraints: list[dict[str, Any]]) -> None:
    keys: dict[QName, list[frozenset[str]]] = {}
    for k in constraints:
        if k["kind"] in ("p", "u"):
            keys.setdefault((k["schema"], k["table_name"]), []).append(frozenset(k["columns"]))
    fks = [k for k in constraints if k["kind"] == "f" and k["foreign_table"]]
    for k in fks:
        src, dst = (k["schema"], k["table_name"]), (k["foreign_schema"], k["foreign_table"])
        pairs = tuple(zip(k["columns"], k["foreign_columns"], strict=True))
        unique = frozenset(k["columns"]) in keys.get(src, [])
        cache.relationships.setdefault(src, []).append(
            Relationship(src, dst, "o2o" if unique else "m2o", k["name"], pairs)
        )
        cache.relationships.setdefault(dst, []).append(
            Relationship(
                dst, src, "o2o" if unique else "o2m", k["name"], tuple((b, a) for a, b in pairs)
            )
        )
    _junctions(cache, fks)


_INVERSE = {"m2o": "o2m", "o2m": "m2o", "o2o": "o2o"}


def _view_relationships(cache: SchemaCache, deps: list[dict[str, Any]]) -> None:
    """A view that passes a table's key columns through (same names) gets its relationships."""
    reads: dict[tuple[QName, QName], set[str]] = {}
    for d in deps:
        key = ((d["view_schema"], d["view_name"]), (d["table_schema"], d["table_name"]))
        reads.setdefault(key, set()).add(d["column_name"])
    for (view, table), columns in reads.items():
        view_columns = set(cache.tables[view].columns) if view in cache.tables else set()
        passed = columns & view_columns
        for rel in list(cache.relationships.get(table, [])):
            if rel.junction is not None or not {a for a, _ in rel.columns} <= passed:
                continue
            cache.relationships.setdefault(view, []).append(
                Relationship(view, rel.foreign, rel.cardinality, rel.constraint, rel.columns)
            )
            cache.relationships.setdefault(rel.foreign, []).append(
                Relationship(
                    rel.foreign,
                    view,
                    _INVERSE[rel.cardinality],
                    rel.constraint,
                    tuple((b, a) for a, b in rel.columns),
                )
            )


def _junctions(cache: SchemaCache, fks: list[dict[str, Any]]) -> None:
    """Many-to-many through a table whose primary key holds both foreign keys' columns."""
    by_table: dict[QName, list[dict[str, Any]]] = {}
    for k in fks:
        by_table.setdefault((k["schema"], k["table_name"]), []).append(k)
    for jq, jfks in by_table.items():
        pk = set(cache.tables[jq].pk) if jq in cache.tables else set()
        for a in jfks:
            for b in jfks:
                if a is b or not set(a["columns"]) <= pk or not set(b["columns"]) <= pk:
                    continue
                src, dst = (
                    (a["foreign_schema"], a["foreign_table"]),
                    (b["foreign_schema"], b["foreign_table"]),
                )
                junction = Junction(
                    jq,
                    a["name"],
                    b["name"],
                    tuple(zip(a["foreign_columns"], a["columns"], strict=True)),
                    tuple(zip(b["columns"], b["foreign_columns"], strict=True)),
                )
                cache.relationships.setdefault(src, []).append(
                    Relationship(src, dst, "m2m", a["name"], (), junction)
                )


def _computed_relationship(cache: SchemaCache, fn: Function, row: dict[str, Any]) -> None:
    """PostgREST's computed relationships: a function taking one row of an exposed table and
    returning rows of another is an embed named after the function (to-one when it returns one
    row or is declared `rows 1`)."""
    arg = tuple(row.get("arg_table") or ())
    if len(arg) != 2 or fn.return_table is None:
        return
    source = (arg[0], arg[1])
    if source not in cache.tables or fn.return_table not in cache.tables:
        return
    to_one = not fn.returns_set or row.get("est_rows") == 1
    cache.relationships.setdefault(source, []).append(
        Relationship(
            source,
            fn.return_table,
            "m2o" if to_one else "o2m",
            fn.name,
            function=(fn.schema, fn.name),
        )
    )


def _function(row: dict[str, Any]) -> Function:
    names, modes, types = row["arg_names"], row["arg_modes"], row["arg_types"]
    inputs = [i for i in range(len(types)) if not modes or modes[i] in ("i", "b", "v")]
    first_default = len(inputs) - (row["ndefaults"] or 0)
    params = tuple(
        Param(names[i] if i < len(names) else "", types[i], n >= first_default)
        for n, i in enumerate(inputs)
    )
    table = (row["return_schema"], row["return_table"]) if row["return_table"] else None
    composite = table is not None or row["return_typtype"] == "c" or "t" in (modes or [])
    return Function(
        row["schema"],
        row["name"],
        params,
        row["return_type"],
        row["returns_set"],
        row["returns_void"],
        table,
        composite,
        row["volatility"],
        row["description"],
    )
