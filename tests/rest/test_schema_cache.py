"""The schema cache follows DDL: the baseline's event triggers NOTIFY pgrst, the gateway reloads."""

from __future__ import annotations

import time

import httpx
import psycopg

from kit.rest.schema_cache import build, load_query


def wait_for(check, seconds: float = 10.0) -> bool:  # noqa: ANN001 - a callable
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


def test_ddl_reloads_the_cache(http: httpx.Client, db: psycopg.Connection) -> None:
    assert http.get("/gadgets").status_code == 404
    try:
        db.execute("create table public.gadgets (id int primary key, label text)")
        db.execute("grant select, insert on public.gadgets to service_role")
        db.execute("insert into public.gadgets values (1, 'g')")
        assert wait_for(lambda: http.get("/gadgets").status_code == 200), http.get("/gadgets").text
        assert http.get("/gadgets").json() == [{"id": 1, "label": "g"}]
        db.execute("alter table public.gadgets add column color text default 'red'")
        assert wait_for(
            lambda: http.post("/gadgets", json={"id": 2, "color": "blue"}).status_code == 201
        ), http.post("/gadgets", json={"id": 3, "color": "blue"}).text
    finally:
        db.execute("drop table if exists public.gadgets")
    assert wait_for(lambda: http.get("/gadgets").status_code == 404)


def test_explicit_notify_reloads(http: httpx.Client, db: psycopg.Connection) -> None:
    try:
        db.execute("alter event trigger pgrst_ddl_watch disable")
        db.execute("create function public.answer() returns int language sql as 'select 42'")
        db.execute("grant execute on function public.answer() to service_role")
        db.execute("notify pgrst, 'reload schema'")
        assert wait_for(lambda: http.post("/rpc/answer").status_code == 200)
        assert http.post("/rpc/answer").json() == 42
    finally:
        db.execute("drop function if exists public.answer()")
        db.execute("alter event trigger pgrst_ddl_watch enable")


def test_cache_reads_the_flagship_catalog(db: psycopg.Connection) -> None:
    raw = db.execute(load_query(), {"schemas": ["public"]}).fetchone()[0]
    cache = build(raw, ("public",))
    conversations = cache.tables[("public", "conversations")]
    assert conversations.pk == ("id",)
    assert conversations.columns["title"].max_length == 500
    rels = {(r.foreign[1], r.cardinality) for r in cache.relationships_of(conversations.qname)}
    assert ("messages", "o2m") in rels and ("memory_long_term", "o2m") in rels
    search = cache.functions[("public", "search_memories")][0]
    assert [p.name for p in search.params] == ["p_user_id", "p_query", "p_memory_type"]
    assert [p.has_default for p in search.params] == [False, False, True]
    assert search.returns_set and search.return_table == ("public", "memory_long_term")
    assert cache.role_settings["anon"] == [("statement_timeout", "3s")]


def test_reload_drops_statements_prepared_against_the_old_catalog(
    http: httpx.Client, db: psycopg.Connection
) -> None:
    """Each pooled connection DEALLOCATEs ALL in its first round trip after a reload."""
    db.execute(
        "create function public.prepared_here() returns bigint language sql stable "
        "as 'select count(*) from pg_prepared_statements'"
    )
    try:
        assert wait_for(lambda: http.post("/rpc/prepared_here").status_code == 200)
        for n in range(12):  # distinct statements on every idle connection
            http.get(f"/films?select=id,n{n}:title")
            http.get(f"/films?select=id,n{n}:title")
        assert http.post("/rpc/prepared_here").json() > 5
        db.execute("create table public.reload_marker (id int)")
        db.execute("grant select on public.reload_marker to service_role")
        assert wait_for(lambda: http.get("/reload_marker").status_code == 200)
        # settings + the call (+ the marker read, if it ran on the same connection)
        assert http.post("/rpc/prepared_here").json() <= 3
    finally:
        db.execute(
            "drop function public.prepared_here(); drop table if exists public.reload_marker"
        )
