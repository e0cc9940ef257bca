"""The database catalog as plain values: what PostgreSQL actually built, read once.

The tool model reads column types, nullability, defaults, keys and grants from here, never from
the YAML. Everything is frozen; a `Catalog` is safe to share between renderers and threads.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # as PostgreSQL formats it: `character varying(255)`, `extensions.vector(1536)`
    base_type: str  # the type deciding the JSON shape: a domain's base, an array's element
    base_kind: str = "b"  # pg_type.typtype of base_type: b base, e enum, c composite, r range
    is_array: bool = False
    nullable: bool = True
    default: str | None = None
    identity: bool = False
    generated: bool = False
    comment: str | None = None
    enum: tuple[str, ...] = ()  # ENUM labels, or the values a CHECK (col IN (...)) allows
    # JSON Schema keywords simple CHECKs imply (`pattern`, `minLength`, `minimum` ...), sorted
    check_rules: tuple[tuple[str, str | int | float], ...] = ()

    @property
    def insert_required(self) -> bool:
        """The `supabase gen types` Insert rule: NOT NULL, no default, not identity/generated."""
        return not self.nullable and self.default is None and not (self.identity or self.generated)

    @property
    def writable(self) -> bool:
        return not self.generated


@dataclass(frozen=True)
class ForeignKey:
    columns: tuple[str, ...]
    ref_schema: str
    ref_table: str
    ref_columns: tuple[str, ...]


@dataclass(frozen=True)
class Grants:
    """What one role may do on one relation, per column (grants only; RLS is the database's)."""

    select: frozenset[str] = frozenset()
    insert: frozenset[str] = frozenset()
    update: frozenset[str] = frozenset()
    delete: bool = False


@dataclass(frozen=True)
class Table:
    schema: str
    name: str
    kind: str = "r"  # pg_class.relkind: r table, p partitioned, v view, m matview, f foreign
    comment: str | None = None
    columns: tuple[Column, ...] = ()
    primary_key: tuple[str, ...] = ()
    unique: tuple[tuple[str, ...], ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    grants: dict[str, Grants] = field(default_factory=dict, hash=False, compare=False)

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def keys(self) -> tuple[tuple[str, ...], ...]:
        """Column sets that identify one row: the primary key, then each unique constraint."""
        return ((self.primary_key,) if self.primary_key else ()) + self.unique


@dataclass(frozen=True)
class Argument:
    name: str
    type: str
    base_type: str
    is_array: bool = False
    has_default: bool = False


@dataclass(frozen=True)
class Function:
    schema: str
    name: str
    signature: str  # `public.touch_memory(uuid)`, unique even for overloads
    arguments: tuple[Argument, ...] = ()
    return_type: str = "void"
    return_base_type: str = "void"
    returns_set: bool = False
    returns_table: str | None = None  # `schema.table` when it returns rows of a relation
    out_columns: tuple[Argument, ...] = ()  # OUT / RETURNS TABLE columns, in order
    volatility: str = "v"  # i immutable, s stable, v volatile
    comment: str | None = None
    executors: frozenset[str] = frozenset()  # roles (of those asked about) that may call it

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"

    def argument(self, name: str) -> Argument | None:
        return next((a for a in self.arguments if a.name == name), None)


@dataclass(frozen=True)
class Catalog:
    schemas: tuple[str, ...]
    tables: dict[str, Table] = field(default_factory=dict)  # by `schema.name`
    functions: dict[str, tuple[Function, ...]] = field(default_factory=dict)  # by `schema.name`
    roles: frozenset[str] = frozenset()  # those asked about that exist

    def table(self, name: str) -> Table | None:
        return self.tables.get(qualify(name))

    def function(self, name: str) -> tuple[Function, ...]:
        return self.functions.get(qualify(name), ())


def qualify(name: str, schema: str = "public") -> str:
    return name if "." in name else f"{schema}.{name}"
