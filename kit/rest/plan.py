"""plan(ApiRequest, SchemaCache) → ReadPlan | MutatePlan | CallPlan. No SQL text here.

Resolves names against the schema cache: relations (PGRST205), embeds through foreign keys
(PGRST200/201), functions and their arguments (PGRST202/203), write columns (PGRST204), and
checks the request's shape (PUT PGRST105/114/115, embed filters PGRST108/120, order PGRST118).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kit.rest.errors import ApiError
from kit.rest.params import Condition, Logic, OrderTerm, SelectEmbed, SelectField, Star
from kit.rest.relationships import find_relationship
from kit.rest.request import ApiRequest
from kit.rest.routines import find_function
from kit.rest.schema_cache import Column, Function, Relationship, SchemaCache, Table


@dataclass
class Source:
    """What a node reads: a relation, or a function call (then `function` is set)."""

    schema: str
    name: str
    columns: dict[str, Column]
    function: Function | None = None
    args: Any = None  # the call's arguments (a JSON object, or the whole body)
    whole_body: bool = False


@dataclass
class Embed:
    rel: Relationship
    output: str
    node: Node
    inner: bool = False
    spread: bool = False

    @property
    def empty(self) -> bool:
        """`rel()` contributes nothing to the output."""
        return not self.node.select


@dataclass(frozen=True)
class EmbedCheck:
    """`rel=is.null` / `rel=not.is.null` / `!inner`: whether an embed has matching rows."""

    embed: Embed
    exists: bool


Filter = Condition | Logic | EmbedCheck


@dataclass
class Node:
    source: Source
    alias: str
    select: list[SelectField | Embed | Star] = field(default_factory=list)
    filters: list[Filter] = field(default_factory=list)
    order: list[tuple[OrderTerm, Embed | None]] = field(default_factory=list)
    limit: int | None = None
    offset: int = 0

    def embed_named(self, name: str) -> Embed | None:
        return next((e for e in self.select if isinstance(e, Embed) and e.output == name), None)


@dataclass
class ReadPlan:
    node: Node
    count: str | None
    singular: bool
    read_only: bool = True
    csv: bool = False  # the body is built as CSV by the statement itself
    count_limit: int | None = None  # count=estimated: exact up to this many rows


@dataclass
class MutatePlan:
    kind: str  # "insert" | "update" | "delete"
    table: Table
    node: Node  # filters of update/delete, and the representation's select
    columns: tuple[str, ...] = ()
    payload: Any = None
    on_conflict: tuple[str, ...] | None = None
    resolution: str | None = None  # "merge-duplicates" | "ignore-duplicates"
    missing_default: bool = False
    returning: str = "minimal"
    put: bool = False
    singular: bool = False
    count: str | None = None


@dataclass
class CallPlan:
    function: Function
    payload: Any
    node: Node  # reads the call; select/filters/order apply to set- and row-returning ones
    read_only: bool
    singular: bool = False
    count: str | None = None
    csv: bool = False  # set-returning functions of rows only
    count_limit: int | None = None


Plan = ReadPlan | MutatePlan | CallPlan


class _Aliases:
    def __init__(self) -> None:
        self.used: dict[str, int] = {}

    def make(self, name: str) -> str:
        n = self.used.get(name, 0)
        self.used[name] = n + 1
        return name if n == 0 else f"{name}_{n}"


def plan(req: ApiRequest, cache: SchemaCache, max_rows: int | None) -> Plan:
    if not cache.flag("db_aggregates_enabled") and _has_aggregate(req.query.select):
        raise ApiError(400, "PGRST123", "Use of aggregate functions is not allowed")
    if req.kind == "rpc":
        return _call_plan(req, cache, max_rows)
    table = cache.table(req.schema, req.name)
    singular = req.media == "object"
    if req.method in ("GET", "HEAD"):
        node = _node(req, cache, Source(table.schema, table.name, table.columns), _Aliases())
        check_embedded_filters(req, node)
        _top_range(node, req, max_rows)
        _cap_embeds(node, max_rows)
        return ReadPlan(
            node, req.prefer.count, singular, csv=req.media == "csv", count_limit=max_rows
        )
    return _mutate_plan(req, cache, table, singular)


def _top_range(node: Node, req: ApiRequest, max_rows: int | None) -> None:
    """limit/offset intersected with the Range header, capped by db-max-rows."""
    offset = max(node.offset, req.range_offset)
    ends = []
    if node.limit is not None:
        ends.append(node.offset + node.limit)
    if req.range_limit is not None:
        ends.append(req.range_offset + req.range_limit)
    limit = max(min(ends) - offset, 0) if ends else None
    if max_rows is not None:
        limit = max_rows if limit is None else min(limit, max_rows)
    node.offset, node.limit = offset, limit


def _has_aggregate(items: tuple[Any, ...]) -> bool:
    """Aggregates anywhere in select=, which need pgrst.db_aggregates_enabled (PGRST123)."""
    for item in items:
        if isinstance(item, SelectField) and item.agg is not None:
            return True
        if isinstance(item, SelectEmbed) and _has_aggregate(item.items):
            return True
    return False


def _cap_embeds(node: Node, max_rows: int | None) -> None:
    """db-max-rows holds at every level of a read, as PostgREST applies it to the whole tree
    (writes' representations are not capped, as in PostgREST)."""
    if max_rows is None:
        return
    for item in node.select:
        if isinstance(item, Embed):
            child = item.node
            child.limit = max_rows if child.limit is None else min(child.limit, max_rows)
            _cap_embeds(child, max_rows)


def _node(
    req: ApiRequest,
    cache: SchemaCache,
    source: Source,
    aliases: _Aliases,
    path: tuple[str, ...] = (),
    items: tuple[Any, ...] | None = None,
) -> Node:
    node = Node(source, aliases.make(source.name))
    outputs: set[str] = set()
    for item in req.query.select if items is None else items:
        if isinstance(item, SelectEmbed):
            if item.output_name in outputs:
                # PostgREST lets PostgreSQL refuse the two subqueries' equal aliases.
                raise ApiError(
                    400,
                    "42712",
                    f'table name "{source.name}_{item.output_name}_{len(path) + 1}" '
                    "specified more than once",
                )
            outputs.add(item.output_name)
            node.select.append(_embed(req, cache, node, item, aliases, path))
        else:
            node.select.append(item)
    embeds = {e.output for e in node.select if isinstance(e, Embed)}
    node.filters = [_filter(node, f, embeds) for f in req.query.filters.get(path, [])]
    node.filters += [EmbedCheck(e, True) for e in node.select if isinstance(e, Embed) and e.inner]
    node.order = [_order(node, t) for t in req.query.order.get(path, [])]
    node.limit = req.query.limits.get(path)
    node.offset = req.query.offsets.get(path, 0)
    return node


def _embed(
    req: ApiRequest,
    cache: SchemaCache,
    parent: Node,
    item: SelectEmbed,
    aliases: _Aliases,
    path: tuple[str, ...],
) -> Embed:
    src = parent.source
    origin = (src.schema, src.name)
    if src.function is not None and src.function.return_table is not None:
        origin = src.function.return_table  # a function returning rows of a table embeds like it
    rel = find_relationship(cache, origin, item)
    target = cache.tables[rel.foreign]
    child = _node(
        req,
        cache,
        Source(target.schema, target.name, target.columns),
        aliases,
        (*path, item.output_name),
        item.items,  # `rel()`: no columns; the embed still filters (`!inner`, `rel=is.null`)
    )
    return Embed(rel, item.output_name, child, item.join == "inner", item.spread)


def _filter(node: Node, f: Condition | Logic, embeds: set[str]) -> Filter:
    if isinstance(f, Logic):
        terms = []
        for term in f.terms:  # a loop, not a generator: one frame per level of a deep tree
            terms.append(_filter(node, term, embeds))
        return Logic(f.op, tuple(terms), f.negate)  # type: ignore[arg-type]
    if f.field.name in embeds and not f.field.path:
        embed = node.embed_named(f.field.name)
        value = str(f.value).lower()
        if embed is None or f.op != "is" or value not in ("null", "not_null"):
            raise ApiError(
                400,
                "PGRST120",
                f"Bad operator on the '{f.field.name}' embedded resource",
                "Only is null or not is null filters are allowed on embedded resources",
            )
        return EmbedCheck(embed, (value == "null") == f.negate)
    return f


def _order(node: Node, term: OrderTerm) -> tuple[OrderTerm, Embed | None]:
    if term.relation is None:
        return term, None
    embed = node.embed_named(term.relation)
    if embed is None:
        raise _not_embedded(term.relation)
    if not embed.rel.to_one:
        raise ApiError(
            400,
            "PGRST118",
            f"A related order on '{term.relation}' is not possible",
            f"'{node.source.name}' and '{term.relation}' do not form a many-to-one or "
            "one-to-one relationship",
        )
    return term, embed


def _not_embedded(name: str) -> ApiError:
    return ApiError(
        400,
        "PGRST108",
        f"'{name}' is not an embedded resource in this request",
        None,
        f"Verify that '{name}' is included in the 'select' query parameter.",
    )


def check_embedded_filters(req: ApiRequest, node: Node) -> None:
    """Filters, order and limits on `a.b.col` need `a(b(...))` in select (PGRST108)."""
    for path in (*req.query.filters, *req.query.order, *req.query.limits, *req.query.offsets):
        current = node
        for name in path:
            embed = current.embed_named(name)
            if embed is None:
                raise _not_embedded(name)
            current = embed.node


def _mutate_plan(req: ApiRequest, cache: SchemaCache, table: Table, singular: bool) -> MutatePlan:
    node = _node(req, cache, Source(table.schema, table.name, table.columns), _Aliases())
    check_embedded_filters(req, node)
    returning = req.prefer.return_ or "minimal"
    common: dict[str, Any] = dict(returning=returning, singular=singular, count=req.prefer.count)
    if req.method in ("PATCH", "DELETE") and not node.filters:
        # Supabase loads pg-safeupdate for the API: no WHERE clause, no change (400).
        verb = "UPDATE" if req.method == "PATCH" else "DELETE"
        raise ApiError(400, "21000", f"{verb} requires a WHERE clause")
    if req.method == "DELETE":
        return MutatePlan("delete", table, node, **common)
    columns = _write_columns(req, table)
    if req.method == "PATCH":
        if not isinstance(req.payload, dict):
            raise ApiError(400, "PGRST102", "Empty or invalid json")
        return MutatePlan("update", table, node, columns, req.payload, **common)
    if req.method == "PUT":
        return _put_plan(req, table, node, columns, common)
    on_conflict = req.query.on_conflict
    if req.prefer.resolution and on_conflict is None:
        on_conflict = table.pk
    return MutatePlan(
        "insert",
        table,
        node,
        columns,
        req.payload,
        on_conflict,
        req.prefer.resolution if on_conflict else None,
        req.prefer.missing == "default",
        **common,
    )


def _write_columns(req: ApiRequest, table: Table) -> tuple[str, ...]:
    columns = req.query.columns if req.query.columns is not None else (req.payload_keys or ())
    for name in columns:
        if name not in table.columns:
            raise ApiError(
                400,
                "PGRST204",
                f"Could not find the '{name}' column of '{table.name}' in the schema cache",
            )
    return tuple(dict.fromkeys(columns))


def _put_plan(
    req: ApiRequest, table: Table, node: Node, columns: tuple[str, ...], common: dict[str, Any]
) -> MutatePlan:
    if req.query.limits or req.query.offsets:
        raise ApiError(
            400, "PGRST114", "limit/offset querystring parameters are not allowed for PUT"
        )
    eqs = {
        c.field.name: c.value
        for c in node.filters
        if isinstance(c, Condition) and c.op == "eq" and not c.negate and not c.field.path
    }
    if not table.pk or len(node.filters) != len(table.pk) or set(eqs) != set(table.pk):
        raise ApiError(
            405,
            "PGRST105",
            "Filters must include all and only primary key columns with 'eq' operators",
        )
    payload = req.payload[0] if isinstance(req.payload, list) and req.payload else req.payload
    if not isinstance(payload, dict):
        raise ApiError(400, "PGRST102", "Empty or invalid json")
    if any(str(payload.get(k)) != str(v) for k, v in eqs.items()):
        raise ApiError(400, "PGRST115", "Payload values do not match URL in primary key column(s)")
    return MutatePlan(
        "insert", table, node, columns, [payload], table.pk, "merge-duplicates", put=True, **common
    )


def _call_plan(req: ApiRequest, cache: SchemaCache, max_rows: int | None) -> CallPlan:
    fn, whole = find_function(cache, req)
    prefer = req.prefer
    if prefer.max_affected is not None and prefer.handling == "strict" and not fn.returns_set:
        raise ApiError(
            400,
            "PGRST128",
            "Function must return SETOF or TABLE when max-affected preference is used with "
            "handling=strict",
        )
    read_only = req.method in ("GET", "HEAD") or fn.volatility != "v"
    table = cache.tables.get(fn.return_table) if fn.return_table else None
    args = req.payload if req.payload is not None else {}
    source = Source(fn.schema, fn.name, table.columns if table else {}, fn, args, whole)
    node = _node(req, cache, source, _Aliases())
    check_embedded_filters(req, node)
    if fn.returns_set:
        _top_range(node, req, max_rows)
    _cap_embeds(node, max_rows)
    csv = req.media == "csv" and fn.returns_set and fn.returns_composite
    return CallPlan(
        fn, args, node, read_only, req.media == "object", req.prefer.count, csv, max_rows
    )
