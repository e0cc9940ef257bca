"""The transaction shapes besides the one pipelined round trip (roundtrip.py): BEGIN …
COMMIT/ROLLBACK for responses that may still refuse their result, need the planner's count
or end in ROLLBACK (pgrst.db_tx_end); EXPLAIN plans; dropping a connection whose libpq buffer
grew with a large body."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg_pool import AsyncConnectionPool

from kit.rest.errors import ApiError
from kit.rest.limits import TRIM_AFTER
from kit.rest.plan import CallPlan, Plan, ReadPlan
from kit.rest.query import count_query, settings
from kit.rest.request import ApiRequest, json_dumps, json_loads
from kit.rest.response import Response, Result, respond
from kit.rest.schema_cache import SchemaCache
from kit.rest.sql import Sql


async def explain(
    cache: SchemaCache | None,
    req: ApiRequest,
    sql: str,
    params: dict[str, Any],
    pairs: list[tuple[str, str]],
    read_only: bool,
    rollback: bool,
    pool: AsyncConnectionPool,
) -> Response:
    """EXPLAIN of the request's statement, as its role (Accept: application/vnd.pgrst.plan,
    with pgrst.db_plan_enabled); ANALYZE runs it, so a write stays unless tx=rollback."""
    assert req.plan_spec is not None
    if cache is None or not cache.flag("db_plan_enabled"):
        raise ApiError(
            406,
            "PGRST107",
            "None of these media types are available: " + req.headers.get("accept", ""),
        )
    fmt, for_media, options = req.plan_spec
    spec = ", ".join([f"FORMAT {fmt.upper()}", *(o.upper() for o in options)])
    q = Sql()
    set_sql = settings(q, pairs)
    async with pool.connection() as conn:
        try:
            await conn.execute("BEGIN READ ONLY" if read_only else "BEGIN")
            await conn.execute(set_sql, q.params)
            cur = await conn.execute(f"EXPLAIN ({spec}) {sql}", params)
            rows = await cur.fetchall()
        finally:
            await conn.execute("ROLLBACK" if rollback else "COMMIT")
    if fmt == "json":
        body = json_dumps(rows[0][0]).encode()
    else:
        body = "\n".join(r[0] for r in rows).encode()
    ctype = f'application/vnd.pgrst.plan+{fmt}; for="{for_media}"'
    if options:
        ctype += "; options=" + "|".join(options)
    return Response(200, [("Content-Type", ctype + "; charset=utf-8")], body)


async def in_transaction(
    req: ApiRequest,
    the_plan: Plan,
    sql: str,
    params: dict[str, Any],
    pairs: list[tuple[str, str]],
    read_only: bool,
    rollback: bool,
    pool: AsyncConnectionPool,
) -> Response:
    """BEGIN ... COMMIT around it, for responses that may still roll the work back
    (singular, max-affected), need a second statement (planned count), or end in ROLLBACK
    (pgrst.db_tx_end, Prefer: tx=rollback)."""
    q = Sql()
    set_sql = settings(q, pairs)
    async with pool.connection() as conn:
        try:
            async with conn.pipeline():
                await conn.execute("BEGIN READ ONLY" if read_only else "BEGIN")
                await conn.execute(set_sql, q.params)
                cur = await conn.execute(sql, params)
            row = await cur.fetchone()
            assert row is not None
            body = row[2].encode() if isinstance(row[2], str) else row[2]
            total = await planned_total(conn, the_plan, row[0])
            resp = respond(req, the_plan, Result(total, row[1], body, *row[3:]))
        except BaseException:
            await conn.execute("ROLLBACK")
            raise
        await conn.execute("ROLLBACK" if rollback else "COMMIT")
        await drop_if_swollen(conn, body)
        return resp


def wants_plan_count(the_plan: Plan) -> bool:
    return isinstance(the_plan, ReadPlan | CallPlan) and the_plan.count in ("planned", "estimated")


async def planned_total(
    conn: psycopg.AsyncConnection[Any], the_plan: Plan, total: int | None
) -> int | None:
    """Prefer: count=planned is the planner's row estimate (EXPLAIN of the unlimited read, as
    PostgREST runs it); count=estimated keeps the exact count up to db-max-rows and past it
    takes the larger of the two."""
    if not wants_plan_count(the_plan):
        return total
    assert isinstance(the_plan, ReadPlan | CallPlan)
    limit = the_plan.count_limit
    if the_plan.count == "estimated" and (limit is None or total is None or total <= limit):
        return total
    sql, params = count_query(the_plan)
    cur = await conn.execute("EXPLAIN (FORMAT JSON) " + sql, params)
    row = await cur.fetchone()
    plan_doc = row[0] if row else None
    if isinstance(plan_doc, str):
        plan_doc = json_loads(plan_doc)
    rows = int(plan_doc[0]["Plan"]["Plan Rows"]) if plan_doc else None
    return rows if total is None or rows is None else max(total, rows)


async def drop_if_swollen(conn: psycopg.AsyncConnection[Any], body: bytes | None) -> None:
    """libpq keeps a connection's input buffer at the size of the largest message it read, so a
    pooled connection that carried a large body would hold that memory for good: it is closed
    (the pool opens a fresh one)."""
    if body is not None and len(body) > TRIM_AFTER:
        await conn.close()
