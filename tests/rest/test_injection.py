"""Hostile input in every position is rejected (4xx) or treated as data, and nothing else changes.

Column names, operators, values, order, select, casts, JSON paths, hints, function and table
names, arguments, `columns`/`on_conflict`, headers and body keys: each request either fails
with a client error or reads/writes exactly the literal text it was given. A fingerprint of
every table's contents, the catalog and the roles is taken before and compared after.
"""

from __future__ import annotations

from urllib.parse import quote

import httpx
import psycopg
import pytest

from tests.rest.conftest import token

DROP = "; drop table public.films; --"
LONG = "x" * 20000
HOSTILE_VALUES = [
    "'" + DROP,
    "1' or '1'='1",
    '"); delete from public.items; --',
    "%s %(p0)s %%",
    "\\'; select pg_sleep(5); --",
    "名前 ñ 🚀 \u202e",
    "/* comment */ 1 -- x",
    "$$; drop table public.films; $$",
    LONG,
]
GET_PATHS = [
    f"/films?select=id{quote(DROP)}",
    "/films?select=" + quote('"id""; drop table public.films; --"'),
    "/films?select=id,(select%201)",
    "/films?select=" + quote("id::text);drop table public.films;--"),
    "/films?select=" + quote("id::int4 ;drop"),
    "/films?select=" + quote("meta->>'x');drop table public.films;--"),
    "/films?select=" + quote("meta->>%(p0)s"),
    "/films?select=" + quote('"a%sb"'),
    "/films?select=" + quote(LONG),
    "/films?select=" + quote("名前,🚀"),
    "/films?select=*," + quote("directors!fk;drop(*)"),
    "/films?" + quote("id;drop table public.films") + "=eq.1",
    "/films?id=" + quote("eq;drop.1"),
    "/films?order=" + quote("id;drop table public.films"),
    "/films?order=" + quote("(select 1)"),
    "/films?order=" + quote('"id"";drop"'),
    "/films?order=" + quote(LONG),
    "/films?limit=" + quote("1;drop table public.films"),
    "/films?tsv=" + quote("fts(english);drop).x"),
    "/films?or=" + quote(f"(id.eq.1{DROP})"),
    "/films?title=in." + quote('("a\\"); drop table public.films; --")'),
    "/films?meta->>" + quote("lang') or 1=1 --") + "=eq.x",
    "/" + quote("films;drop table public.films"),
    "/" + quote('"films"'),
    "/rpc/" + quote("add();drop table public.films;--"),
    "/rpc/add?a=" + quote("1);drop table public.films;--") + "&b=2",
    "/rpc/add?" + quote("a=1);--") + "=1&b=2",
]


def fingerprint(db: psycopg.Connection) -> dict[str, str]:
    tables = db.execute(
        "select format('%I.%I', schemaname, tablename) from pg_tables "
        "where schemaname in ('public', 'auth', 'extensions', 'private', 'supabase_migrations')"
    ).fetchall()
    out = {}
    for (name,) in tables:
        row = db.execute(
            f"select md5(coalesce(string_agg(t::text, ',' order by t::text), '')) from {name} t"
        ).fetchone()
        out[name] = row[0] if row else ""
    for label, sql in {
        "relations": "select string_agg(relname, ',' order by relname) from pg_class",
        "functions": "select string_agg(proname, ',' order by proname) from pg_proc",
        "roles": "select string_agg(rolname, ',' order by rolname) from pg_roles",
        "grants": "select string_agg(relname || coalesce(relacl::text, ''), ',' order by relname) "
        "from pg_class where relnamespace = 'public'::regnamespace",
    }.items():
        out[label] = db.execute(sql).fetchone()[0]
    return out


@pytest.fixture
def unchanged(db: psycopg.Connection):  # noqa: ANN201 - yields nothing
    before = fingerprint(db)
    yield
    assert fingerprint(db) == before


def client_error(r: httpx.Response) -> bool:
    return 400 <= r.status_code < 500


@pytest.mark.parametrize("path", GET_PATHS)
def test_hostile_query_strings(http: httpx.Client, unchanged: None, path: str) -> None:
    r = http.get(path)
    assert r.status_code < 500, r.text
    if r.status_code == 200:
        assert isinstance(r.json(), list | dict | int)


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_hostile_values_are_data(http: httpx.Client, unchanged: None, value: str) -> None:
    for op in ("eq", "like", "ilike", "neq", "isdistinct", "match"):
        r = http.get("/films", params={"title": f"{op}.{value}", "select": "id"})
        assert r.status_code == 200 or client_error(r), (op, r.text)
        if op == "eq":
            assert r.json() == []
    r = http.get("/films", params={"title": f"in.({value.replace(',', '')},x)"})
    assert r.status_code == 200 or client_error(r)
    assert http.get("/rpc/add", params={"a": value, "b": "1"}).status_code in (400, 404)


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_hostile_values_round_trip_as_data(
    http: httpx.Client, db: psycopg.Connection, value: str
) -> None:
    before = fingerprint(db)
    try:
        r = http.post(
            "/items?select=name", json={"name": value}, headers={"Prefer": "return=representation"}
        )
        assert r.json() == [{"name": value}]
        assert http.get("/items", params={"name": f"eq.{value}", "select": "name"}).json() == [
            {"name": value}
        ]
        r = http.patch("/items", params={"name": f"eq.{value}"}, json={"note": value})
        assert r.status_code == 204
        stored = db.execute("select name, note from public.items").fetchall()
        assert stored == [(value, value)]
    finally:
        db.execute("delete from public.items")
    after = fingerprint(db)
    assert {k: v for k, v in after.items() if k != "public.items"} == {
        k: v for k, v in before.items() if k != "public.items"
    }


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/items", {f"name{DROP}": "x"}),
        ("/items", {LONG: "x"}),
        ("/items?columns=" + quote(f"name){DROP}"), {"name": "x"}),
        ("/items?on_conflict=" + quote(f"name){DROP}"), {"name": "x"}),
        ("/items?select=" + quote(f"name{DROP}"), {"name": "x"}),
        ("/rpc/add", {f"a{DROP}": 1, "b": 2}),
        ("/rpc/add", {"a": f"1{DROP}", "b": 2}),
    ],
)
def test_hostile_write_positions(
    http: httpx.Client, unchanged: None, path: str, body: dict
) -> None:
    r = http.post(
        path, json=body, headers={"Prefer": "return=representation,resolution=merge-duplicates"}
    )
    assert client_error(r), r.text


@pytest.mark.parametrize(
    "headers",
    [
        {"Prefer": f"return=representation{DROP}"},
        {"Prefer": "count=exact; drop table public.films"},
        {"Accept-Profile": f"public{DROP}"},
        {"Range": f"0-1{DROP}"},
        {"Accept": f"application/json{DROP}"},
        {"Authorization": f"Bearer {DROP}"},
        {"Authorization": "Bearer " + token(f"anon{DROP}")},
        {"Authorization": "Bearer " + token("postgres")},
        {"Authorization": "Bearer " + token("service_role", sub=DROP, email="'; drop --")},
        {"X-Anything": DROP, "Cookie": f"a={DROP}"},
        {"apikey": DROP},
    ],
)
def test_hostile_headers(http: httpx.Client, unchanged: None, headers: dict[str, str]) -> None:
    r = http.delete("/films?id=eq.0", headers=headers)
    assert r.status_code < 500, r.text
    r = http.get("/films?select=id&limit=1", headers=headers)
    assert r.status_code < 500, r.text
