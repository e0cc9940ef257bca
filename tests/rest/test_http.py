"""Status codes, headers and bodies per operation, over raw HTTP (postgrest.md §1.3-1.9)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import httpx
import psycopg
import pytest

from tests.rest.conftest import PUBLISHABLE, token

REPR = {"Prefer": "return=representation"}


@pytest.fixture
def items(http: httpx.Client, db: psycopg.Connection) -> Iterator[httpx.Client]:
    yield http
    db.execute("delete from public.items")


def ids(r: httpx.Response) -> list[int]:
    return [row["id"] for row in r.json()]


# -- reads ---------------------------------------------------------------------------------


def test_get_headers(http: httpx.Client) -> None:
    r = http.get("/films?select=id&order=id&limit=2")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json; charset=utf-8"
    assert r.headers["content-range"] == "0-1/*"
    assert r.headers["content-location"] == "/films?select=id&order=id&limit=2"
    assert r.headers["access-control-allow-origin"] == "*"
    assert r.headers["content-profile"] == "public"  # echoed: two schemas are exposed
    assert r.json() == [{"id": 1}, {"id": 2}]


def test_count_206_and_empty_range(http: httpx.Client) -> None:
    r = http.get("/films?select=id&order=id", headers={"Prefer": "count=exact", "Range": "1-2"})
    assert (r.status_code, r.headers["content-range"], ids(r)) == (206, "1-2/4", [2, 3])
    assert r.headers["preference-applied"] == "count=exact"
    full = http.get("/films?select=id", headers={"Prefer": "count=exact"})
    assert (full.status_code, full.headers["content-range"]) == (200, "0-3/4")
    none = http.get("/films?id=eq.0", headers={"Prefer": "count=exact"})
    assert (none.status_code, none.headers["content-range"], none.json()) == (200, "*/0", [])


def test_range_intersects_limit_and_offset(http: httpx.Client) -> None:
    r = http.get("/films?select=id&order=id&offset=1&limit=10", headers={"Range": "0-1"})
    assert ids(r) == [2]


def test_head_has_headers_only(http: httpx.Client) -> None:
    r = http.head("/films", headers={"Prefer": "count=exact"})
    assert (r.status_code, r.content, r.headers["content-range"]) == (200, b"", "0-3/4")


def test_select_aliases_casts_and_json_paths(http: httpx.Client) -> None:
    r = http.get(
        "/films?select=name:title,year::text,lang:meta->>lang,meta->rating->imdb"
        "&meta->>lang=eq.ja&order=meta->rating->imdb.desc.nullslast"
    )
    assert r.json() == [
        {"name": "Seven Samurai", "year": "1954", "lang": "ja", "imdb": 8.6},
        {"name": "Ikiru", "year": "1952", "lang": "ja", "imdb": None},
    ]


def test_filter_operators(http: httpx.Client) -> None:
    cases = {
        "id=neq.1&id=lte.3": [2, 3],
        'title=in.("Cléo from 5 to 7",Ikiru)': [1, 3],
        "title=not.in.(Ikiru)&year=not.is.null": [1, 2],
        "year=is.null": [4],
        "year=isdistinct.1954": [1, 3, 4],
        "title=match.^S": [2],
        "title=imatch.^s": [2],
        "title=ilike(any).{*samurai*,ik*}": [2, 3],
        "title=like(all).{S*,*i}": [2],
        "year=gt(any).{1960,1953}": [1, 2],
        "tags=cs.{drama}": [1, 3],
        "tags=cd.{drama,paris,x}": [1, 3],
        "tags=ov.{epic,paris}": [1, 2],
        'meta=cs.{"lang":"fr"}': [1],
        "tsv=fts(english).samurai": [2],
        "tsv=plfts.singer waits": [1],
        "tsv=phfts(english).hire samurai": [2],
        "tsv=wfts.bureaucrat or singer": [1, 3],
        "title=fts.samurai": [2],
        "or=(id.eq.1,and(year.gt.1950,year.lt.1953))": [1, 3],
        "not.or=(id.eq.1,year.is.null)": [2, 3],
        "and=(year.gte.1950,or(title.like.S*,title.like.I*))": [2, 3],
        'or=(title.eq."Cléo from 5 to 7",id.in.(3,4))': [1, 3, 4],
    }
    for query, expected in cases.items():
        r = http.get(f"/films?select=id&order=id&{query}")
        assert r.status_code == 200, (query, r.text)
        assert ids(r) == expected, query


def test_embedding_variants(http: httpx.Client) -> None:
    nested = http.get("/directors?select=name,films(title,roles(character,actors(name)))&id=eq.1")
    assert nested.json() == [
        {
            "name": "Agnès Varda",
            "films": [
                {
                    "title": "Cléo from 5 to 7",
                    "roles": [{"character": "Cléo", "actors": {"name": "Corinne Marchand"}}],
                }
            ],
        }
    ]
    spread = http.get("/films?select=title,...directors(director:name)&id=eq.3")
    assert spread.json() == [{"title": "Ikiru", "director": "Akira Kurosawa"}]
    to_many = http.get("/directors?select=name,...films(title)&id=eq.2")
    assert to_many.json() == [{"name": "Akira Kurosawa", "title": ["Seven Samurai", "Ikiru"]}]
    anti = http.get("/films?select=id,directors(id)&directors=is.null")
    assert ids(anti) == [4]
    semi = http.get("/films?select=id,directors()&directors=not.is.null&order=id")
    assert semi.json() == [
        {"id": 1, "directors": None},
        {"id": 2, "directors": None},
        {"id": 3, "directors": None},
    ] or ids(semi) == [1, 2, 3]
    filtered = http.get("/directors?select=name,films(title)&films.year=lt.1953&films.order=title")
    assert filtered.json() == [
        {"name": "Agnès Varda", "films": []},
        {"name": "Akira Kurosawa", "films": [{"title": "Ikiru"}]},
    ]
    limited = http.get("/directors?select=films(id)&films.limit=1&films.order=id.desc&id=eq.2")
    assert limited.json() == [{"films": [{"id": 3}]}]
    ordered = http.get(
        "/films?select=id,directors(name)&order=directors(name).desc.nullslast,id&limit=2"
    )
    assert ids(ordered) == [2, 3]
    by_view = http.get("/film_titles_view?select=title&id=eq.2")
    assert by_view.json() == [{"title": "Seven Samurai"}]


def test_singular_object(http: httpx.Client) -> None:
    r = http.get(
        "/films?id=eq.3&select=title", headers={"Accept": "application/vnd.pgrst.object+json"}
    )
    assert r.headers["content-type"] == "application/vnd.pgrst.object+json; charset=utf-8"
    assert r.json() == {"title": "Ikiru"}


def test_nulls_stripped(http: httpx.Client) -> None:
    r = http.get(
        "/films?id=eq.4&select=id,year",
        headers={"Accept": "application/vnd.pgrst.array+json;nulls=stripped"},
    )
    assert r.json() == [{"id": 4}]


def test_csv(http: httpx.Client) -> None:
    r = http.get("/films?select=id,title&order=id&limit=2", headers={"Accept": "text/csv"})
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    assert list(csv.reader(io.StringIO(r.text))) == [
        ["id", "title"],
        ["1", "Cléo from 5 to 7"],
        ["2", "Seven Samurai"],
    ]


def test_max_rows_caps_reads(rest_config) -> None:  # noqa: ANN001 - fixture
    assert rest_config.max_rows == 1000


# -- writes --------------------------------------------------------------------------------


def test_post_minimal_representation_and_headers_only(items: httpx.Client) -> None:
    r = items.post("/items", json={"name": "a"})
    assert (r.status_code, r.content, r.headers["content-range"]) == (201, b"", "*/*")
    assert "content-type" not in r.headers
    r = items.post("/items?select=name,qty", json={"name": "b"}, headers=REPR)
    assert (r.status_code, r.json()) == (201, [{"name": "b", "qty": 7}])
    r = items.post("/items", json={"name": "c"}, headers={"Prefer": "return=headers-only"})
    assert r.status_code == 201 and r.headers["location"].startswith("/items?id=eq.")


def test_post_csv_and_columns_and_missing_default(items: httpx.Client) -> None:
    r = items.post(
        "/items?select=name,qty,note",
        content="name,qty\ncsv1,1\ncsv2,NULL",
        headers={"Content-Type": "text/csv", **REPR},
    )
    assert r.json() == [
        {"name": "csv1", "qty": 1, "note": "none"},
        {"name": "csv2", "qty": None, "note": "none"},
    ]
    r = items.post(
        "/items?columns=name,qty&select=name,qty",
        json=[{"name": "n1"}, {"name": "n2", "qty": 2}],
        headers=REPR,
    )
    assert r.json() == [{"name": "n1", "qty": None}, {"name": "n2", "qty": 2}]
    r = items.post(
        '/items?columns="name","qty"&select=name,qty',
        json=[{"name": "d1"}, {"name": "d2", "qty": 2}],
        headers={"Prefer": "return=representation,missing=default"},
    )
    assert r.json() == [{"name": "d1", "qty": 7}, {"name": "d2", "qty": 2}]
    assert "missing=default" in r.headers["preference-applied"]


def test_upsert_statuses(items: httpx.Client) -> None:
    merge = {"Prefer": "return=representation,resolution=merge-duplicates"}
    first = items.post(
        "/items?on_conflict=name&select=name,qty", json={"name": "u", "qty": 1}, headers=merge
    )
    assert (first.status_code, first.json()) == (201, [{"name": "u", "qty": 1}])
    again = items.post(
        "/items?on_conflict=name&select=name,qty", json={"name": "u", "qty": 2}, headers=merge
    )
    assert (again.status_code, again.json()) == (200, [{"name": "u", "qty": 2}])
    ignore = {"Prefer": "return=representation,resolution=ignore-duplicates"}
    skipped = items.post("/items?on_conflict=name", json={"name": "u", "qty": 3}, headers=ignore)
    assert (skipped.status_code, skipped.json()) == (201, [])


def test_put_statuses(http: httpx.Client, db: psycopg.Connection) -> None:
    try:
        body = {"id": 50, "title": "Put"}
        assert http.put("/films?id=eq.50", json=body).status_code == 204
        r = http.put("/films?id=eq.51&select=title", json={"id": 51, "title": "New"}, headers=REPR)
        assert (r.status_code, r.json()) == (201, [{"title": "New"}])
        r = http.put(
            "/films?id=eq.51&select=title", json={"id": 51, "title": "Again"}, headers=REPR
        )
        assert (r.status_code, r.json()) == (200, [{"title": "Again"}])
    finally:
        db.execute("delete from public.films where id >= 50")


def test_patch_and_delete_statuses(items: httpx.Client) -> None:
    items.post("/items", json=[{"name": "p1"}, {"name": "p2"}])
    r = items.patch("/items?name=like.p*", json={"qty": 1})
    assert (r.status_code, r.content, r.headers["content-range"]) == (204, b"", "0-1/*")
    r = items.patch("/items?name=eq.p1&select=name,qty", json={"qty": 2}, headers=REPR)
    assert (r.status_code, r.json()) == (200, [{"name": "p1", "qty": 2}])
    r = items.patch("/items?name=eq.none", json={"qty": 2}, headers=REPR)
    assert (r.status_code, r.json()) == (200, [])
    r = items.delete("/items?name=eq.p1&select=name", headers=REPR)
    assert (r.status_code, r.json()) == (200, [{"name": "p1"}])
    r = items.delete("/items?name=eq.p2")
    assert (r.status_code, r.content) == (204, b"")
    assert "content-length" not in r.headers


def test_representation_with_embed(http: httpx.Client, db: psycopg.Connection) -> None:
    try:
        r = http.post(
            "/films?select=title,directors(name)",
            json={"id": 60, "title": "Agnès", "director_id": 1},
            headers=REPR,
        )
        assert r.json() == [{"title": "Agnès", "directors": {"name": "Agnès Varda"}}]
    finally:
        db.execute("delete from public.films where id = 60")


# -- rpc -----------------------------------------------------------------------------------


def test_rpc_results(http: httpx.Client) -> None:
    assert http.post("/rpc/noop").status_code == 204
    assert http.post("/rpc/echo_json", json={"any": ["shape"]}).json() == {"any": ["shape"]}
    assert http.get("/rpc/film_stats").json() == [{"total": 4, "newest": 1962}]
    assert http.get("/rpc/film_years").json() == [1952, 1954, 1962]
    r = http.get(
        "/rpc/films_after?y=1950&select=id,directors(name)&order=id.desc&limit=1",
        headers={"Prefer": "count=exact"},
    )
    assert r.json() == [{"id": 3, "directors": {"name": "Akira Kurosawa"}}]
    assert r.headers["content-range"] == "0-0/3"
    assert http.get("/rpc/films_after?y=1950&id=gt.2&select=id").json() == [{"id": 3}]
    r = http.get("/rpc/film_by_id?fid=1&select=title")
    assert r.json() == {"title": "Cléo from 5 to 7"}


def test_rpc_guc_response_overrides(http: httpx.Client) -> None:
    r = http.post("/rpc/custom_response")
    assert (r.status_code, r.headers["x-custom"], r.json()) == (202, "yes", 1)


def test_request_settings_seen_by_sql(http: httpx.Client) -> None:
    user = token("authenticated", sub="8b2b2f9e-9c63-4b8a-9d0c-0d5f3c4a1e11", email="a@b.c")
    r = http.get(
        "/rpc/whoami", headers={"Authorization": f"Bearer {user}", "Cookie": "a=1", "X-Trace": "t1"}
    )
    got = r.json()
    assert got["user"] == "authenticated"
    assert got["uid"] == "8b2b2f9e-9c63-4b8a-9d0c-0d5f3c4a1e11"
    assert got["claims"]["email"] == "a@b.c" and got["claims"]["role"] == "authenticated"
    assert (got["method"], got["path"]) == ("GET", "/rpc/whoami")
    assert got["headers"]["x-trace"] == "t1" and "cookie" not in got["headers"]
    assert got["cookies"] == {"a": "1"}
    assert got["search_path"] == '"public", "public", "extensions"'
    assert got["read_only"] == "on"
    assert got["timeout"] == "8s"
    anon = http.get("/rpc/whoami", headers={"apikey": PUBLISHABLE}).json()
    assert anon["user"] == "anon" and anon["claims"] == {
        "iss": "supabase-demo",
        "role": "anon",
        "exp": 1983812996,
    }
    assert anon["timeout"] == "3s"


def test_rls_uses_the_jwt_subject(http: httpx.Client, db: psycopg.Connection) -> None:
    alice = {
        "Authorization": "Bearer "
        + token("authenticated", sub="00000000-0000-4000-8000-00000000000a")
    }
    bob = {
        "Authorization": "Bearer "
        + token("authenticated", sub="00000000-0000-4000-8000-00000000000b")
    }
    try:
        assert http.post("/notes", json={"body": "mine"}, headers=alice).status_code == 201
        assert [n["body"] for n in http.get("/notes", headers=alice).json()] == ["mine"]
        assert http.get("/notes", headers=bob).json() == []
    finally:
        db.execute("delete from public.notes")


# -- root, options -------------------------------------------------------------------------


def test_openapi_root(http: httpx.Client) -> None:
    r = http.get("/")
    assert r.headers["content-type"].startswith("application/openapi+json")
    doc = r.json()
    assert doc["swagger"] == "2.0"
    assert "/films" in doc["paths"] and "/rpc/add" in doc["paths"]
    assert "get" not in doc["paths"]["/rpc/add_item"]
    assert "<pk/>" in doc["definitions"]["films"]["properties"]["id"]["description"]
    assert (
        "<fk table='directors' column='id'/>"
        in doc["definitions"]["films"]["properties"]["director_id"]["description"]
    )


def test_openapi_is_valid_swagger(http: httpx.Client) -> None:
    from openapi_spec_validator import validate

    validate(http.get("/").json())


def test_options(http: httpx.Client) -> None:
    assert http.options("/films").headers["allow"] == "OPTIONS,GET,HEAD,POST,PUT,PATCH,DELETE"
    pre = httpx.options(
        str(http.base_url) + "/films",
        headers={
            "Origin": "http://x",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "apikey,authorization",
        },
    )
    assert pre.status_code == 200
    assert pre.headers["access-control-allow-headers"] == "apikey,authorization"


def test_rpc_single_unnamed_text_parameter(http: httpx.Client) -> None:
    r = http.post("/rpc/shout", content="quiet", headers={"Content-Type": "text/plain"})
    assert (r.status_code, r.json()) == (200, "QUIET")


def test_views_embed_through_their_tables_foreign_keys(http: httpx.Client) -> None:
    r = http.get("/film_cards?select=title,directors(name)&id=eq.1")
    assert r.json() == [{"title": "Cléo from 5 to 7", "directors": {"name": "Agnès Varda"}}]
    r = http.get("/directors?select=name,film_cards(title)&id=eq.1")
    assert r.json() == [{"name": "Agnès Varda", "film_cards": [{"title": "Cléo from 5 to 7"}]}]


def test_insert_without_select_policy(http: httpx.Client, db: psycopg.Connection) -> None:
    user = {
        "Authorization": "Bearer "
        + token("authenticated", sub="00000000-0000-4000-8000-0000000000cc")
    }
    try:
        assert http.post("/inbox", json={"body": "hi"}, headers=user).status_code == 201
        r = http.post("/inbox", json={"body": "hi"}, headers={**user, **REPR})
        assert (r.status_code, r.json()["code"]) == (403, "42501")
        assert "row-level security" in r.json()["message"]
        assert db.execute("select count(*) from public.inbox").fetchone() == (1,)
    finally:
        db.execute("delete from public.inbox")


def test_computed_fields(http: httpx.Client) -> None:
    r = http.get("/films?select=id,label&label=like.Ikiru*&order=label")
    assert r.json() == [{"id": 3, "label": "Ikiru (1952)"}]
