"""In-database configuration (`ALTER ROLE authenticator SET pgrst.…`, read at start and on
reload) and what it enables: Prefer: tx=rollback|commit, EXPLAIN plans."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import psycopg
import pytest

from tests.rest.conftest import assert_canonical_error
from tests.rest.test_schema_cache import wait_for

PLAN_JSON = {"Accept": "application/vnd.pgrst.plan+json"}


def plan_status(http: httpx.Client) -> int:
    return http.get("/films?select=id", headers=PLAN_JSON).status_code


@pytest.fixture
def configured(http: httpx.Client, db: psycopg.Connection) -> Iterator[None]:
    db.execute(
        "alter role authenticator set pgrst.db_tx_end = 'commit-allow-override'; "
        "alter role authenticator set pgrst.db_plan_enabled = 'true'; notify pgrst"
    )
    try:
        assert wait_for(lambda: plan_status(http) == 200)
        yield
    finally:
        db.execute(
            "alter role authenticator reset pgrst.db_tx_end; "
            "alter role authenticator reset pgrst.db_plan_enabled; notify pgrst"
        )
        assert wait_for(lambda: plan_status(http) == 406)


def test_without_config_plans_are_406_and_tx_is_ignored(
    http: httpx.Client, db: psycopg.Connection
) -> None:
    assert_canonical_error(http.get("/films", headers=PLAN_JSON), 406, "PGRST107")
    try:
        r = http.post("/items", json={"name": "kept"}, headers={"Prefer": "tx=rollback"})
        assert r.status_code == 201 and "tx=" not in r.headers.get("preference-applied", "")
        assert db.execute("select count(*) from public.items").fetchone() == (1,)
    finally:
        db.execute("delete from public.items")


def test_tx_rollback_when_allowed(
    http: httpx.Client, db: psycopg.Connection, configured: None
) -> None:
    prefer = {"Prefer": "tx=rollback, return=representation"}
    r = http.post("/items?select=name", json={"name": "gone"}, headers=prefer)
    assert r.status_code == 201 and r.json() == [{"name": "gone"}]
    assert "tx=rollback" in r.headers["preference-applied"]
    assert db.execute("select count(*) from public.items").fetchone() == (0,)
    r = http.post("/items", json={"name": "stays"}, headers={"Prefer": "tx=commit"})
    assert r.status_code == 201
    assert db.execute("select name from public.items").fetchall() == [("stays",)]
    db.execute("delete from public.items")


def test_explain_plans(http: httpx.Client, configured: None) -> None:
    r = http.get("/films?select=id&id=eq.1", headers=PLAN_JSON)
    assert r.headers["content-type"] == (
        'application/vnd.pgrst.plan+json; for="application/json"; charset=utf-8'
    )
    plan = r.json()
    assert isinstance(plan, list) and "Plan" in plan[0]
    r = http.get(
        "/films?select=id",
        headers={"Accept": 'application/vnd.pgrst.plan+text; for="text/csv"; options=analyze'},
    )
    assert r.headers["content-type"].startswith(
        'application/vnd.pgrst.plan+text; for="text/csv"; options=analyze'
    )
    assert "actual time" in r.text
    # A statement the database refuses is answered in PostgREST's shape, as without a plan.
    r = http.get("/films?select=id&id=eq.notanumber", headers=PLAN_JSON)
    assert_canonical_error(r, 400, "22P02")
