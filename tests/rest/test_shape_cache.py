"""Writes and calls of a repeated shape reuse their statement with each body's values
(app.RestApp._run_body_cached): every request must still do exactly what its own body says."""

from __future__ import annotations

import asyncio

import httpx
import psycopg
import pytest

from kit.rest import app as app_module
from kit.rest.app import create_app
from kit.rest.config import RestConfig
from kit.stack.postgres import PostgresServer
from tests.rest.conftest import SECRET, assert_canonical_error

REP = {"Prefer": "return=representation"}
KEY = [("apikey", SECRET)]


def test_repeated_inserts_take_each_bodys_values(
    http: httpx.Client, db: psycopg.Connection
) -> None:
    try:
        got = [
            http.post("/items?select=name,qty", json={"name": f"s{i}", "qty": i}, headers=REP)
            for i in range(4)
        ]
        assert [r.json() for r in got] == [[{"name": f"s{i}", "qty": i}] for i in range(4)]
        # the same keys in an array, then other keys: other shapes, other statements
        r = http.post(
            "/items?select=name,qty",
            json=[{"name": "a1", "qty": 1}, {"name": "a2", "qty": 2}],
            headers=REP,
        )
        assert r.json() == [{"name": "a1", "qty": 1}, {"name": "a2", "qty": 2}]
        r = http.post("/items?select=name,qty,note", json={"name": "only"}, headers=REP)
        assert r.json() == [{"name": "only", "qty": 7, "note": "none"}]
        # a cached array shape still refuses rows whose keys differ (PGRST102)
        r = http.post("/items", json=[{"name": "b1", "qty": 1}, {"name": "b2", "note": "x"}])
        assert_canonical_error(r, 400, "PGRST102")
        # a value the table refuses is refused on a cached statement too, and nothing stays
        r = http.post("/items", json={"name": "neg", "qty": -1})
        assert_canonical_error(r, 400, "23514")
        names = db.execute("select name, qty from public.items order by id").fetchall()
        assert names == [
            ("s0", 0),
            ("s1", 1),
            ("s2", 2),
            ("s3", 3),
            ("a1", 1),
            ("a2", 2),
            ("only", 7),
        ]
    finally:
        db.execute("delete from public.items")


def test_repeated_updates_and_calls(http: httpx.Client, db: psycopg.Connection) -> None:
    try:
        for name in ("u1", "u2"):
            http.post("/items", json={"name": name}).raise_for_status()
        for name, qty in (("u1", 10), ("u2", 20), ("u1", 11)):
            r = http.patch(f"/items?name=eq.{name}&select=name,qty", json={"qty": qty}, headers=REP)
            assert r.json() == [{"name": name, "qty": qty}]
        assert db.execute("select name, qty from public.items order by name").fetchall() == [
            ("u1", 11),
            ("u2", 20),
        ]
        ids = [http.post("/rpc/add_item", json={"item_name": f"c{i}"}).json() for i in range(3)]
        rows = db.execute("select id, name from public.items where name like 'c%' order by id")
        assert rows.fetchall() == [(ids[i], f"c{i}") for i in range(3)]
    finally:
        db.execute("delete from public.items")


def test_json_bodies_that_are_no_objects(http: httpx.Client, db: psycopg.Connection) -> None:
    """PostgREST reads any JSON that is neither an object nor an array as an empty array: a
    call gets no arguments (its defaults), an insert inserts nothing; an array of non-objects
    is PGRST102 "All object keys must match"."""
    everything = http.post("/rpc/film_years", json={}).json()
    for body in (b"true", b"7", b'"x"', b"null"):
        r = http.post("/rpc/film_years", content=body, headers={"Content-Type": "application/json"})
        assert (r.status_code, r.json()) == (200, everything), body
        r = http.post("/items", content=body, headers={"Content-Type": "application/json", **REP})
        assert (r.status_code, r.json()) == (201, []), body
    r = http.post("/items", json=[1, 2])
    assert assert_canonical_error(r, 400, "PGRST102")["message"] == "All object keys must match"
    assert db.execute("select count(*) from public.items").fetchone() == (0,)


def test_kept_shapes_are_bounded_in_size(
    rest_db: PostgresServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long shape is planned each time, never kept; all kept shapes together stay within
    their budget (what a shape keeps is ~20x its text: a 49 KB `in.()` list kept ~800 KB)."""
    monkeypatch.setattr(app_module, "KEEP_SHAPES_CHARS", 400)
    config = RestConfig(db_url=rest_db.dsn(user="authenticator"), pool_min=1, pool_max=2)

    async def run() -> None:
        app = create_app(config)
        await app.start()
        try:
            ids = ",".join(str(n) for n in range(600))  # > KEEP_SHAPE_CHARS
            for _ in range(2):
                r = await app.handle("GET", "/rest/v1/films", f"select=id&id=in.({ids})", KEY, b"")
                assert r.status == 200, r.body[:200]
            assert app._prepared == {}
            for i in range(12):  # ~100 characters each: at most 4 fit in 400
                query = f"select=id,title&year=gt.{i}&order=id&limit=5&title=neq.{'x' * 60}"
                r = await app.handle("GET", "/rest/v1/films", query, KEY, b"")
                assert r.status == 200, r.body[:200]
                assert 1 <= len(app._prepared) <= 4
        finally:
            await app.stop()

    asyncio.run(run())
