"""Prefer: count=exact|planned|estimated as PostgREST computes them (MainTx.hs)."""

from __future__ import annotations

import httpx
import psycopg


def planner_rows(db: psycopg.Connection, sql: str) -> int:
    row = db.execute("EXPLAIN (FORMAT JSON) " + sql).fetchone()
    assert row is not None
    return int(row[0][0]["Plan"]["Plan Rows"])


def test_planned_is_the_planner_estimate(http: httpx.Client, db: psycopg.Connection) -> None:
    estimate = planner_rows(db, 'SELECT 1 FROM public.films AS "films" WHERE "films"."id" > 0')
    r = http.get("/films?select=id&id=gt.0", headers={"Prefer": "count=planned"})
    assert r.headers["content-range"] == f"0-3/{estimate}"
    assert r.status_code == (206 if estimate > 4 else 200)
    assert r.headers["preference-applied"] == "count=planned"


def test_estimated_is_exact_below_max_rows(http: httpx.Client) -> None:
    r = http.get("/films?select=id&limit=1", headers={"Prefer": "count=estimated"})
    assert (r.status_code, r.headers["content-range"]) == (206, "0-0/4")


def test_estimated_past_max_rows_takes_the_larger(
    http: httpx.Client, db: psycopg.Connection
) -> None:
    """max_rows is 1000 here: 1,500 rows past it, so the planner's figure (or more) is used."""
    db.execute(
        "create view public.many_rows as select g as id from generate_series(1, 1500) as g; "
        "grant select on public.many_rows to service_role; notify pgrst"
    )
    try:
        from tests.rest.test_schema_cache import wait_for

        assert wait_for(lambda: http.get("/many_rows?limit=1").status_code == 200)
        estimate = planner_rows(db, "SELECT 1 FROM public.many_rows")
        r = http.get("/many_rows?limit=1", headers={"Prefer": "count=estimated"})
        assert r.headers["content-range"] == f"0-0/{max(1001, estimate)}"
    finally:
        db.execute("drop view public.many_rows")
