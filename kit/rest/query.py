"""build(plan) → (sql, params): one statement per request; request values are always parameters.

Every statement returns one row: (total, page_total, body, inserted, response_headers,
response_status), with the body already JSON text, as PostgREST's `Query.hs` builds it.
Embeds are correlated subqueries (to-one → object, to-many → array); `!inner` and
`rel=not.is.null` become EXISTS; to-one spreads are lateral joins.
"""

from __future__ import annotations

from typing import Any

from kit.rest.params import Condition, Field, Logic, OrderTerm, SelectField, Star
from kit.rest.plan import CallPlan, Embed, EmbedCheck, Filter, MutatePlan, Node, Plan, ReadPlan
from kit.rest.request import json_dumps
from kit.rest.sql import Sql, array_literal, catalog_text, ident, qualified, type_name

_OPS = {
    "eq": "=",
    "neq": "<>",
    "gt": ">",
    "gte": ">=",
    "lt": "<",
    "lte": "<=",
    "like": "LIKE",
    "ilike": "ILIKE",
    "match": "~",
    "imatch": "~*",
    "cs": "@>",
    "cd": "<@",
    "ov": "&&",
    "sl": "<<",
    "sr": ">>",
    "nxr": "&<",
    "nxl": "&>",
    "adj": "-|-",
}
_IS = {
    "null": "NULL",
    "not_null": "NOT NULL",
    "true": "TRUE",
    "false": "FALSE",
    "unknown": "UNKNOWN",
}
_FTS = {
    "fts": "to_tsquery",
    "plfts": "plainto_tsquery",
    "phfts": "phraseto_tsquery",
    "wfts": "websearch_to_tsquery",
}
_TAIL = (
    "nullif(current_setting('response.headers', true), '') AS response_headers, "
    "nullif(current_setting('response.status', true), '') AS response_status"
)


def build(
    plan: Plan, *, strip_nulls: bool = False, max_bytes: int | None = None
) -> tuple[str, dict[str, Any]]:
    """The statement; with `max_bytes`, a body longer than that fails inside the statement
    (so a write rolls back) and never leaves the database (see `TOO_LARGE`)."""
    q = Sql()
    cte = ""
    if isinstance(plan, ReadPlan) and plan.csv:
        cte, text = _read_csv(q, plan.node, plan.count, plan.count_limit)
    elif isinstance(plan, ReadPlan):
        text = _read(q, plan.node, plan.count, strip_nulls, plan.count_limit)
    elif isinstance(plan, MutatePlan):
        cte, text = _mutate(q, plan, strip_nulls)
    elif plan.csv:
        cte, text = _read_csv(q, plan.node, plan.count, plan.count_limit)
    else:
        text = _call(q, plan, strip_nulls)
    if max_bytes is None:
        return (f"WITH {cte} {text}" if cte else text), q.params
    # MATERIALIZED: the body is computed once, not once per reference below.
    capped = (
        f"WITH {cte + ', ' if cte else ''}pgrst_out AS MATERIALIZED ({text}) "
        f"SELECT total, page_total, CASE WHEN octet_length(body) > {int(max_bytes)} "
        f"THEN ('{TOO_LARGE}' || octet_length(body))::int::text ELSE body END AS body, "
        "inserted, response_headers, response_status FROM pgrst_out"
    )
    return capped, q.params


# PostgreSQL has no built-in that raises a chosen error, and the gateway creates no functions:
# the cast of this text to int fails (22P02) with the body's size in the message.
TOO_LARGE = "kit:response_too_large:"


def settings(q: Sql, pairs: list[tuple[str, str]]) -> str:
    """All transaction-local settings (role, claims, headers...) as one JSON parameter, so the
    statement text never changes and stays prepared."""
    payload = q.param(json_dumps(dict(pairs)), "json")
    return f"SELECT set_config(s.k, s.v, true) FROM json_each_text({payload}) AS s (k, v)"


def _body(strip_nulls: bool, source: str = "_t") -> str:
    if strip_nulls:
        return f"coalesce(json_agg(json_strip_nulls(row_to_json({source}))), '[]')::text"
    return f"coalesce(json_agg({source}), '[]')::text"


def count_query(plan: ReadPlan | CallPlan) -> tuple[str, dict[str, Any]]:
    """The rows a read would have without limits, for `EXPLAIN` (Prefer: count=planned)."""
    q = Sql()
    return _select(q, plan.node, counting=True), q.params


def _total(q: Sql, node: Node, count: str | None, count_limit: int | None) -> str:
    """exact: a count; estimated: a count up to count_limit + 1 (past it, app.py asks the
    planner); planned: none here (app.py asks the planner)."""
    if count == "exact" or (count == "estimated" and count_limit is None):
        return f"(SELECT pg_catalog.count(*) FROM ({_select(q, node, counting=True)}) AS _c)"
    if count == "estimated":
        limited = f"{_select(q, node, counting=True)} LIMIT {int(count_limit or 0) + 1}"
        return f"(SELECT pg_catalog.count(*) FROM ({limited}) AS _c)"
    return "null::bigint"


def _read(
    q: Sql, node: Node, count: str | None, strip_nulls: bool, count_limit: int | None = None
) -> str:
    total = _total(q, node, count, count_limit)
    return (
        f"SELECT {total} AS total, pg_catalog.count(_t) AS page_total, {_body(strip_nulls)} "
        f"AS body, null::bigint AS inserted, {_TAIL} FROM ({_select(q, node)}) AS _t"
    )


def _read_csv(q: Sql, node: Node, count: str | None, count_limit: int | None) -> tuple[str, str]:
    """CSV as PostgREST builds it: the first row's JSON keys as the header, then each row's
    composite text without its parentheses (so every value is PostgreSQL's own text, quoted
    by the record output rules)."""
    total = _total(q, node, count, count_limit)
    header = (
        "(SELECT coalesce(string_agg(a.k, ','), '') FROM (SELECT json_object_keys(r)::text "
        "AS k FROM (SELECT row_to_json(hh) AS r FROM pgrst_source AS hh LIMIT 1) AS s) AS a)"
    )
    body = "coalesce(string_agg(substring(_t::text, 2, length(_t::text) - 2), E'\\n'), '')"
    return f"pgrst_source AS ({_select(q, node)})", (
        f"SELECT {total} AS total, pg_catalog.count(_t) AS page_total, "
        f"{header} || E'\\n' || {body} AS body, null::bigint AS inserted, {_TAIL} "
        "FROM pgrst_source AS _t"
    )


def _select(
    q: Sql,
    node: Node,
    *,
    join: str | None = None,
    counting: bool = False,
    source: str | None = None,
) -> str:
    """SELECT for one node; `join` correlates an embed with its parent."""
    laterals: list[str] = []
    cols = "1" if counting else _items(q, node, node.select, laterals)
    parts = [f"SELECT {cols or 'NULL'} FROM {source or _from(q, node)}"]
    parts += laterals
    where = ([join] if join else []) + [_filter(q, node, f) for f in node.filters]
    if where:
        parts.append("WHERE " + " AND ".join(where))
    if counting:
        return " ".join(parts)
    group = _group_by(q, node)
    if group:
        parts.append(group)
    if node.order:
        parts.append("ORDER BY " + ", ".join(_order(q, node, t, e) for t, e in node.order))
    if node.limit is not None:
        parts.append(f"LIMIT {q.param(node.limit)}")
    if node.offset:
        parts.append(f"OFFSET {q.param(node.offset)}")
    return " ".join(parts)


def _items(q: Sql, node: Node, items: list[SelectField | Embed | Star], laterals: list[str]) -> str:
    return ", ".join(
        _item(q, node, item, laterals)
        for item in items
        if not (isinstance(item, Embed) and item.empty)
    )


def _from(q: Sql, node: Node) -> str:
    src = node.source
    if src.function is None:
        return f"{qualified(src.schema, src.name)} AS {ident(node.alias)}"
    return _call_source(q, node)


def _item(q: Sql, node: Node, item: SelectField | Embed | Star, laterals: list[str]) -> str:
    if isinstance(item, Star):
        if node.source.function is not None and not node.source.function.returns_composite:
            return f"{ident(node.alias)} AS pgrst_scalar"
        return f"{ident(node.alias)}.*"
    if isinstance(item, SelectField):
        expr = _field_value(q, node, item)
        if item.agg is not None:
            expr = f"pg_catalog.{item.agg}({'*' if not item.field.name else expr})"
            if item.agg_cast:
                expr = f"CAST({expr} AS {type_name(item.agg_cast)})"
        return f"{expr} AS {ident(item.output_name)}"
    if item.spread:
        return _spread(q, node, item, laterals)
    inner = _select(
        q, item.node, join=_join(node.alias, item), source=_embed_from(q, item, node.alias)
    )
    if item.rel.to_one:
        return f"(SELECT row_to_json(_e) FROM ({inner}) AS _e) AS {ident(item.output)}"
    return f"COALESCE((SELECT json_agg(_e) FROM ({inner}) AS _e), '[]') AS {ident(item.output)}"


def _field_value(q: Sql, node: Node, item: SelectField) -> str:
    if not item.field.name:  # count()
        return "*"
    key = (id(item), id(node))
    if key not in q.memo:
        expr = field_expr(q, node.alias, item.field)
        q.memo[key] = f"CAST({expr} AS {type_name(item.cast)})" if item.cast else expr
    return q.memo[key]


def _group_by(q: Sql, node: Node) -> str | None:
    """With aggregates in select=, every other selected field groups (as PostgREST)."""
    fields = [i for i in node.select if isinstance(i, SelectField)]
    if not any(f.agg for f in fields):
        return None
    keys = [_field_value(q, node, f) for f in fields if f.agg is None]
    return "GROUP BY " + ", ".join(keys) if keys else None


def _spread(q: Sql, node: Node, item: Embed, laterals: list[str]) -> str:
    alias = ident(f"pgrst_spread_{item.node.alias}")
    inner = _select(
        q, item.node, join=_join(node.alias, item), source=_embed_from(q, item, node.alias)
    )
    if item.rel.to_one:
        laterals.append(f"LEFT JOIN LATERAL ({inner}) AS {alias} ON TRUE")
        return f"{alias}.*"
    names = [n for n in _output_names(item.node)]
    aggs = ", ".join(f"COALESCE(json_agg(_e.{ident(n)}), '[]') AS {ident(n)}" for n in names)
    laterals.append(f"LEFT JOIN LATERAL (SELECT {aggs} FROM ({inner}) AS _e) AS {alias} ON TRUE")
    return f"{alias}.*"


def _output_names(node: Node) -> list[str]:
    names: list[str] = []
    for item in node.select:
        if isinstance(item, Star):
            names += list(node.source.columns)
        elif isinstance(item, SelectField):
            names.append(item.output_name)
        elif item.empty:
            continue
        elif not item.spread:
            names.append(item.output)
        else:
            names += _output_names(item.node)
    return names


def _join(parent: str, embed: Embed) -> str:
    child = embed.node.alias
    rel = embed.rel
    if rel.function is not None:
        return ""  # the function's argument is the parent row (see _embed_from)
    if rel.junction is not None:
        j = f"{child}_junction"
        return " AND ".join(
            f"{ident(j)}.{ident(jc)} = {ident(parent)}.{ident(sc)}"
            for sc, jc in rel.junction.source
        )
    return " AND ".join(
        f"{ident(child)}.{ident(fc)} = {ident(parent)}.{ident(c)}" for c, fc in rel.columns
    )


def _embed_from(q: Sql, embed: Embed, parent: str) -> str:
    node, rel = embed.node, embed.rel
    if rel.function is not None:
        return f"{qualified(*rel.function)}({ident(parent)}) AS {ident(node.alias)}"
    base = f"{qualified(node.source.schema, node.source.name)} AS {ident(node.alias)}"
    if rel.junction is None:
        return base
    j = ident(f"{node.alias}_junction")
    on = " AND ".join(
        f"{j}.{ident(jc)} = {ident(node.alias)}.{ident(tc)}" for jc, tc in rel.junction.target
    )
    return f"{base} INNER JOIN {qualified(*rel.junction.table)} AS {j} ON {on}"


def field_expr(q: Sql, alias: str, f: Field) -> str:
    expr = f"{ident(alias)}.{ident(f.name)}"
    for step in f.path:
        # An index goes as text cast to int, as PostgREST sends it: out of range is 22003.
        key = q.param(step.key, "int") if step.is_index else q.param(step.key, "text")
        expr = f"{expr}{step.arrow}{key}"
    return expr


def _filter(q: Sql, node: Node, f: Filter) -> str:
    if isinstance(f, EmbedCheck):
        child = f.embed.node
        inner = _select(
            q,
            child,
            join=_join(node.alias, f.embed),
            counting=True,
            source=_embed_from(q, f.embed, node.alias),
        )
        return ("EXISTS" if f.exists else "NOT EXISTS") + f" ({inner})"
    if isinstance(f, Logic):
        parts = []
        for term in f.terms:  # a loop, not a generator: one frame per level of a deep tree
            parts.append(_filter(q, node, term))
        return f"{'NOT ' if f.negate else ''}({f' {f.op.upper()} '.join(parts)})"
    sql = _condition(q, node, f)
    return f"NOT ({sql})" if f.negate else sql


def _condition(q: Sql, node: Node, c: Condition) -> str:
    expr = field_expr(q, node.alias, c.field)
    value = c.value
    if c.op == "in":
        return f"{expr} = ANY({q.param(array_literal(list(value)))})"
    assert isinstance(value, str)
    if c.op == "is":
        return f"{expr} IS {_IS[value.lower()]}"
    if c.op == "isdistinct":
        return f"{expr} IS DISTINCT FROM {q.param(value)}"
    if c.op in _FTS:
        return _fts(q, node, c, expr, value)
    if c.op in ("like", "ilike"):
        value = value.replace("*", "%")
    if c.modifier in ("any", "all"):
        return f"{expr} {_OPS[c.op]} {c.modifier.upper()}({q.param(value)})"
    return f"{expr} {_OPS[c.op]} {q.param(value)}"


def _fts(q: Sql, node: Node, c: Condition, expr: str, value: str) -> str:
    lang = q.param(c.modifier, "regconfig") + ", " if c.modifier else ""
    column = node.source.columns.get(c.field.name)
    if c.field.path or column is None or column.udt != "tsvector":
        expr = f"to_tsvector({lang}{expr})"
    return f"{expr} @@ {_FTS[c.op]}({lang}{q.param(value)})"


def _order(q: Sql, node: Node, term: OrderTerm, embed: Embed | None) -> str:
    if embed is None:
        expr = field_expr(q, node.alias, term.field)
    else:
        child = embed.node.alias
        join = _join(node.alias, embed)
        expr = (
            f"(SELECT {field_expr(q, child, term.field)} FROM {_embed_from(q, embed, node.alias)}"
            f"{' WHERE ' + join if join else ''} LIMIT 1)"
        )
    direction = {"asc": " ASC", "desc": " DESC", None: ""}[term.direction]
    nulls = {"first": " NULLS FIRST", "last": " NULLS LAST", None: ""}[term.nulls]
    return expr + direction + nulls


# -- writes --------------------------------------------------------------------------------


def _mutate(q: Sql, plan: MutatePlan, strip_nulls: bool) -> tuple[str, str]:
    node, table = plan.node, plan.table
    upsert = plan.kind == "insert" and plan.on_conflict is not None and table.kind in ("r", "p")
    wanted = plan.returning != "minimal" or plan.singular
    if plan.returning == "headers-only" and table.pk:
        returning = ", ".join(f"{ident(node.alias)}.{ident(c)}" for c in table.pk)
    elif wanted:
        returning = f"{ident(node.alias)}.*"
    else:
        returning = "1 AS pgrst_one"
    if upsert:
        returning += f", ({ident(node.alias)}.xmax = 0) AS pgrst_inserted"
    cte = {"insert": _insert, "update": _update, "delete": _delete}[plan.kind](q, plan, returning)
    inserted = (
        "(SELECT pg_catalog.count(*) FROM pgrst_source WHERE pgrst_inserted)"
        if upsert
        else "null::bigint"
    )
    if plan.returning == "headers-only":
        body = "coalesce(json_agg(_t), '[]')::text"
        rows = "SELECT * FROM pgrst_source"
    elif wanted:
        body = _body(strip_nulls)
        # `*` is spelled out: RETURNING also carries pgrst_inserted, which is not a column.
        items: list[SelectField | Embed | Star] = [
            SelectField(Field(c)) if isinstance(i, Star) else i
            for i in node.select
            for c in (table.columns if isinstance(i, Star) else [""])
        ]
        rows = _representation(q, node, items)
    else:
        body, rows = "''", "SELECT * FROM pgrst_source"
    total = "(SELECT pg_catalog.count(*) FROM pgrst_source)" if plan.count else "null::bigint"
    return f"pgrst_source AS ({cte})", (
        f"SELECT {total} AS total, pg_catalog.count(_t) "
        f"AS page_total, {body} AS body, {inserted} AS inserted, {_TAIL} FROM ({rows}) AS _t"
    )


def _representation(q: Sql, node: Node, items: list[SelectField | Embed | Star]) -> str:
    """The returned rows, shaped by select= (embeds allowed), without re-applying filters."""
    laterals: list[str] = []
    cols = _items(q, node, items, laterals)
    parts = [f"SELECT {cols or 'NULL'} FROM pgrst_source AS {ident(node.alias)}", *laterals]
    if node.order:
        parts.append("ORDER BY " + ", ".join(_order(q, node, t, e) for t, e in node.order))
    return " ".join(parts)


def _insert(q: Sql, plan: MutatePlan, returning: str) -> str:
    table, alias = plan.table, ident(plan.node.alias)
    target = f"{qualified(table.schema, table.name)} AS {alias}"
    rows = plan.payload if isinstance(plan.payload, list) else [plan.payload]
    if not plan.columns:
        if not rows:
            return f"SELECT {returning} FROM {target} WHERE false"
        return f"INSERT INTO {target} DEFAULT VALUES RETURNING {returning}"
    names = ", ".join(ident(c) for c in plan.columns)
    values = ", ".join(_insert_value(q, plan, c) for c in plan.columns)
    payload = q.payload(json_dumps(rows))
    sql = (
        f"INSERT INTO {target} ({names}) SELECT {values} FROM json_array_elements({payload}) "
        f"AS _j(j), LATERAL json_populate_record(null::{qualified(table.schema, table.name)}, "
        f"_j.j) AS _r"
    )
    if plan.on_conflict is not None and plan.resolution:
        sql += f" ON CONFLICT ({', '.join(ident(c) for c in plan.on_conflict)})"
        updates = [c for c in plan.columns if c not in plan.on_conflict] or list(plan.columns)
        if plan.resolution == "ignore-duplicates" or not updates:
            sql += " DO NOTHING"
        else:
            sql += " DO UPDATE SET " + ", ".join(
                f"{ident(c)} = EXCLUDED.{ident(c)}" for c in updates
            )
    return f"{sql} RETURNING {returning}"


def _insert_value(q: Sql, plan: MutatePlan, column: str) -> str:
    value = f"_r.{ident(column)}"
    default = plan.table.columns[column].default
    if not plan.missing_default:
        return value
    fallback = f"({catalog_text(default)})" if default else "NULL"
    return f"CASE WHEN (_j.j::jsonb ? {q.param(column)}) THEN {value} ELSE {fallback} END"


def _update(q: Sql, plan: MutatePlan, returning: str) -> str:
    table, node = plan.table, plan.node
    target = f"{qualified(table.schema, table.name)} AS {ident(node.alias)}"
    where = [_filter(q, node, f) for f in node.filters]
    cond = " AND ".join(where) if where else "true"
    if not plan.columns:
        return f"SELECT {returning} FROM {target} WHERE false"
    sets = ", ".join(f"{ident(c)} = _r.{ident(c)}" for c in plan.columns)
    payload = q.payload(json_dumps(plan.payload))
    return (
        f"UPDATE {target} SET {sets} FROM (SELECT * FROM json_populate_record(null::"
        f"{qualified(table.schema, table.name)}, {payload})) AS _r WHERE {cond} "
        f"RETURNING {returning}"
    )


def _delete(q: Sql, plan: MutatePlan, returning: str) -> str:
    table, node = plan.table, plan.node
    where = [_filter(q, node, f) for f in node.filters]
    cond = " AND ".join(where) if where else "true"
    return (
        f"DELETE FROM {qualified(table.schema, table.name)} AS {ident(node.alias)} "
        f"WHERE {cond} RETURNING {returning}"
    )


# -- functions -----------------------------------------------------------------------------


def _call_source(q: Sql, node: Node) -> str:
    src, alias = node.source, node.alias
    fn = src.function
    assert fn is not None
    name = qualified(fn.schema, fn.name)
    if src.whole_body:
        # The whole body, as PostgREST's OnePosParam sends it (JSON text unless raw).
        kind = fn.params[0].type
        value = src.args if isinstance(src.args, str | bytes) else json_dumps(src.args)
        return f"{name}({q.param(value, catalog_text(kind))}) AS {ident(alias)}"
    given = [p for p in fn.params if p.name in (src.args or {})]
    if not given:
        return f"{name}() AS {ident(alias)}"
    defs = ", ".join(f"{ident(p.name)} {catalog_text(p.type)}" for p in given)
    args = ", ".join(f"{ident(p.name)} := _args.{ident(p.name)}" for p in given)
    payload = q.payload(json_dumps(src.args))
    return f"json_to_record({payload}) AS _args({defs}), LATERAL {name}({args}) AS {ident(alias)}"


def _call(q: Sql, plan: CallPlan, strip_nulls: bool) -> str:
    node = plan.node
    if (
        node.source.function is not None
        and not plan.function.returns_composite
        and not plan.function.returns_set
    ):
        value = (
            "''"
            if plan.function.returns_void
            else f"coalesce(to_json({ident(node.alias)})::text, 'null')"
        )
        return (
            f"SELECT null::bigint AS total, 1 AS page_total, {value} AS body, "
            f"null::bigint AS inserted, {_TAIL} FROM {_call_source(q, node)}"
        )
    if not plan.function.returns_composite:
        node.select = [Star()]
        total = "null::bigint"
        if plan.count:
            total = f"(SELECT pg_catalog.count(*) FROM ({_select(q, node, counting=True)}) AS _c)"
        body = "coalesce(json_agg(_t.pgrst_scalar), '[]')::text"
        return (
            f"SELECT {total} AS total, pg_catalog.count(_t) AS page_total, {body} AS body, "
            f"null::bigint AS inserted, {_TAIL} FROM ({_select(q, node)}) AS _t"
        )
    if not plan.function.returns_set:
        body = "coalesce((json_agg(_t)->0)::text, 'null')"
        return (
            f"SELECT null::bigint AS total, pg_catalog.count(_t) AS page_total, {body} AS body,"
            f" null::bigint AS inserted, {_TAIL} FROM ({_select(q, node)}) AS _t"
        )
    return _read(q, node, plan.count, strip_nulls, plan.count_limit)
