"""Every error the gateway returns, through one contract: `assert_canonical_error`.

PostgREST's errors are `{code, details, hint, message}` with the status of its code map
(PGRST1xx request, 2xx schema cache, 3xx JWT, SQLSTATE passed through); the gateway's own 401s
(no or unknown `apikey`) are the hosted platform's `{message, hint}`.
"""

from __future__ import annotations

import time

import httpx
import psycopg
import pytest

from tests.rest.conftest import PUBLISHABLE, SECRET, assert_canonical_error, token

REPR = {"Prefer": "return=representation"}


def test_no_apikey_is_the_hosted_401(rest_url: str) -> None:
    r = httpx.get(rest_url + "/rest/v1/films")
    assert r.status_code == 401
    assert r.json() == {
        "message": "No API key found in request",
        "hint": "No `apikey` request header or url param was found.",
    }


def test_unknown_apikey_is_the_hosted_401(rest_url: str) -> None:
    r = httpx.get(rest_url + "/rest/v1/films", headers={"apikey": "sb_publishable_nope"})
    assert r.status_code == 401
    assert r.json()["message"] == "Invalid API key"


@pytest.mark.parametrize(
    ("path", "detail"),
    [
        ("/films?id=eqq.1", "operator"),
        ("/films?select=id,(", "name"),
        ("/films?order=id.sideways", "asc, desc"),
        ("/films?or=(id.eq.1", "')'"),
        ("/films?limit=ten", "integer"),
        ("/films?id=in(any).(1)", "'any' or 'all'"),
        ("/films?year=is.maybe", "null, not_null"),
    ],
)
def test_pgrst100_query_string(http: httpx.Client, path: str, detail: str) -> None:
    body = assert_canonical_error(http.get(path), 400, "PGRST100")
    assert detail in body["details"]


def test_pgrst101_rpc_verb(http: httpx.Client) -> None:
    body = assert_canonical_error(http.patch("/rpc/add", json={}), 405, "PGRST101")
    assert body["message"] == "Cannot use the PATCH method on RPC"


def test_pgrst102_bodies(http: httpx.Client) -> None:
    assert_canonical_error(http.post("/items", content=b"{oops"), 400, "PGRST102")
    body = assert_canonical_error(
        http.post("/items", json=[{"name": "a"}, {"qty": 1}]), 400, "PGRST102"
    )
    assert body["message"] == "All object keys must match"
    # an array of non-objects too (a bare string is read as an empty array: test_shape_cache)
    assert_canonical_error(http.post("/items", json=["just a string"]), 400, "PGRST102")


def test_pgrst103_ranges(http: httpx.Client) -> None:
    assert_canonical_error(http.get("/films?limit=-1"), 416, "PGRST103")
    assert_canonical_error(http.get("/films", headers={"Range": "5-2"}), 416, "PGRST103")
    body = assert_canonical_error(
        http.get("/films?offset=10", headers={"Prefer": "count=exact"}), 416, "PGRST103"
    )
    assert body["details"] == "An offset of 10 was requested, but there are only 4 rows."


def test_pgrst105_put_needs_the_primary_key(http: httpx.Client) -> None:
    assert_canonical_error(http.put("/films?title=eq.x", json={"id": 1}), 405, "PGRST105")


def test_pgrst106_schema_not_exposed(http: httpx.Client) -> None:
    body = assert_canonical_error(
        http.get("/films", headers={"Accept-Profile": "private"}), 406, "PGRST106"
    )
    assert body["message"] == "Invalid schema: private"
    assert body["hint"] == "Only the following schemas are exposed: public, graphql_public"


def test_pgrst107_media_type(http: httpx.Client) -> None:
    body = assert_canonical_error(
        http.get("/films", headers={"Accept": "application/xml"}), 406, "PGRST107"
    )
    assert body["message"] == "None of these media types are available: application/xml"


def test_pgrst108_filter_on_non_embedded(http: httpx.Client) -> None:
    assert_canonical_error(http.get("/films?directors.name=eq.x"), 400, "PGRST108")


def test_pgrst114_and_115_put(http: httpx.Client) -> None:
    assert_canonical_error(
        http.put("/films?id=eq.1&limit=1", json={"id": 1, "title": "x"}), 400, "PGRST114"
    )
    assert_canonical_error(
        http.put("/films?id=eq.1", json={"id": 2, "title": "x"}), 400, "PGRST115"
    )


def test_pgrst116_singular(http: httpx.Client) -> None:
    body = assert_canonical_error(
        http.get("/films", headers={"Accept": "application/vnd.pgrst.object+json"}), 406, "PGRST116"
    )
    assert body["details"] == "The result contains 4 rows"


def test_pgrst116_rolls_back_a_write(http: httpx.Client) -> None:
    r = http.patch(
        "/films?id=gt.0",
        json={"title": "gone"},
        headers={"Accept": "application/vnd.pgrst.object+json", **REPR},
    )
    assert_canonical_error(r, 406, "PGRST116")
    assert http.get("/films?id=eq.2&select=title").json() == [{"title": "Seven Samurai"}]


def test_pgrst117_unsupported_method(http: httpx.Client) -> None:
    assert_canonical_error(http.request("TRACE", "/films"), 405, "PGRST117")


def test_pgrst118_related_order_on_to_many(http: httpx.Client) -> None:
    assert_canonical_error(
        http.get("/directors?select=name,films(title)&order=films(title)"), 400, "PGRST118"
    )


def test_pgrst120_embed_filter_operator(http: httpx.Client) -> None:
    assert_canonical_error(
        http.get("/films?select=title,directors(name)&directors=eq.1"), 400, "PGRST120"
    )


def test_pgrst122_strict_preferences(http: httpx.Client) -> None:
    body = assert_canonical_error(
        http.get("/films", headers={"Prefer": "handling=strict, foo=bar"}), 400, "PGRST122"
    )
    assert body["details"] == "Invalid preferences: foo=bar"


def test_pgrst123_aggregates_disabled(http: httpx.Client) -> None:
    assert_canonical_error(http.get("/films?select=count()"), 400, "PGRST123")
    assert_canonical_error(http.get("/films?select=year.sum()"), 400, "PGRST123")


def test_pgrst124_max_affected(http: httpx.Client) -> None:
    r = http.patch(
        "/films?id=gt.0", json={"year": 2000}, headers={"Prefer": "handling=strict, max-affected=1"}
    )
    assert_canonical_error(r, 400, "PGRST124")
    assert http.get("/films?id=eq.1&select=year").json() == [{"year": 1962}]


def test_pgrst125_invalid_path(http: httpx.Client) -> None:
    assert_canonical_error(http.get("/films/1"), 404, "PGRST125")


def test_pgrst200_no_relationship(http: httpx.Client) -> None:
    body = assert_canonical_error(http.get("/films?select=*,people(*)"), 400, "PGRST200")
    assert "films" in body["message"] and "people" in body["message"]


def test_pgrst201_ambiguous_relationship(http: httpx.Client) -> None:
    body = assert_canonical_error(http.get("/tasks?select=*,people(*)"), 300, "PGRST201")
    assert len(body["details"]) == 2
    assert "people!tasks_owner_id_fkey" in body["hint"]
    ok = http.get("/tasks?select=title,owner:people!owner_id(name)")
    assert ok.json() == [{"title": "write", "owner": {"name": "Ann"}}]


def test_pgrst202_function_not_found(http: httpx.Client) -> None:
    body = assert_canonical_error(http.post("/rpc/ad", json={"a": 1, "b": 2}), 404, "PGRST202")
    assert body["hint"] == "Perhaps you meant to call the function public.add"
    body = assert_canonical_error(http.post("/rpc/add", json={"a": 1, "c": 2}), 404, "PGRST202")
    assert body["message"] == "Could not find the function public.add(a, c) in the schema cache"


def test_pgrst203_ambiguous_function(http: httpx.Client) -> None:
    assert_canonical_error(http.post("/rpc/twin", json={"x": 1}), 300, "PGRST203")


def test_pgrst204_unknown_column(http: httpx.Client) -> None:
    body = assert_canonical_error(http.post("/items", json={"nope": 1}), 400, "PGRST204")
    assert body["message"] == "Could not find the 'nope' column of 'items' in the schema cache"
    assert_canonical_error(
        http.post("/items?columns=name,nope", json={"name": "x"}), 400, "PGRST204"
    )


def test_pgrst205_unknown_table_with_suggestion(http: httpx.Client) -> None:
    body = assert_canonical_error(http.get("/film"), 404, "PGRST205")
    assert body["message"] == "Could not find the table 'public.film' in the schema cache"
    assert body["hint"] == "Perhaps you meant the table 'public.films'"


def test_pgrst301_undecodable_tokens(http: httpx.Client) -> None:
    bad_sig = token() + "x"
    cases = {
        "Bearer abc": "Expected 3 parts in JWT; got 1",
        "Bearer": "Empty JWT is sent in Authorization header",
        f"Bearer {bad_sig}": "JWT cryptographic operation failed",
    }
    for header, message in cases.items():
        r = http.get("/films", headers={"Authorization": header})
        body = assert_canonical_error(r, 401, "PGRST301")
        assert body["message"] == message
        assert r.headers["www-authenticate"].startswith('Bearer error="invalid_token"')


def test_pgrst303_claims(http: httpx.Client) -> None:
    expired = token(exp=int(time.time()) - 60)
    body = assert_canonical_error(
        http.get("/films", headers={"Authorization": f"Bearer {expired}"}), 401, "PGRST303"
    )
    assert body["message"] == "JWT expired"
    skewed = token(exp=int(time.time()) - 10)  # within PostgREST's 30 s of clock skew
    assert http.get("/films", headers={"Authorization": f"Bearer {skewed}"}).status_code == 200
    future = token(nbf=int(time.time()) + 120)
    assert (
        assert_canonical_error(
            http.get("/films", headers={"Authorization": f"Bearer {future}"}), 401, "PGRST303"
        )["message"]
        == "JWT not yet valid"
    )


def test_42501_is_401_for_anon_and_403_otherwise(http: httpx.Client) -> None:
    anon = http.get("/conversations", headers={"apikey": PUBLISHABLE})
    body = assert_canonical_error(anon, 401, "42501")
    assert body["message"] == "permission denied for table conversations"
    user = http.get("/conversations", headers={"Authorization": f"Bearer {token('authenticated')}"})
    assert_canonical_error(user, 403, "42501")


def test_unknown_role_is_401(http: httpx.Client) -> None:
    r = http.get("/films", headers={"Authorization": f"Bearer {token('ghost')}"})
    assert_canonical_error(r, 401, "22023")


def test_constraint_violations(http: httpx.Client, db: psycopg.Connection) -> None:
    try:
        assert http.post("/items", json={"name": "one"}).status_code == 201
        assert_canonical_error(http.post("/items", json={"name": "one"}), 409, "23505")
        assert_canonical_error(
            http.post("/films", json={"id": 9, "title": "x", "director_id": 99}), 409, "23503"
        )
        assert_canonical_error(http.post("/items", json={"name": "neg", "qty": -1}), 400, "23514")
        assert_canonical_error(http.post("/items", json={"name": None}), 400, "23502")
        assert_canonical_error(http.get("/films?id=eq.abc"), 400, "22P02")
        assert_canonical_error(http.get("/films?select=nope"), 400, "42703")
    finally:
        db.execute("delete from public.items")


def test_unfiltered_patch_and_delete_are_refused(http: httpx.Client) -> None:
    body = assert_canonical_error(http.patch("/films", json={"year": 1}), 400, "21000")
    assert body["message"] == "UPDATE requires a WHERE clause"
    body = assert_canonical_error(http.delete("/films"), 400, "21000")
    assert body["message"] == "DELETE requires a WHERE clause"
    assert len(http.get("/films").json()) == 4


def test_writes_in_a_read_only_call_are_405(http: httpx.Client) -> None:
    assert_canonical_error(http.get("/rpc/add_item?item_name=x"), 405, "25006")


def test_raised_errors_keep_their_sqlstate_status(http: httpx.Client) -> None:
    assert_canonical_error(http.post("/rpc/pay"), 402, "PT402")
    body = assert_canonical_error(http.post("/rpc/boom"), 400, "P0001")
    assert body == {"code": "P0001", "details": None, "hint": "it blew up", "message": "boom"}


def test_error_headers(http: httpx.Client) -> None:
    r = http.get("/film")
    assert r.headers["proxy-status"] == "PostgREST; error=PGRST205"
    assert r.headers["content-length"] == str(len(r.content))


def test_secret_key_in_authorization_is_replaced(http: httpx.Client) -> None:
    r = http.get("/films?select=id&limit=1", headers={"Authorization": f"Bearer {SECRET}"})
    assert r.status_code == 200


def test_raise_pgrst_controls_the_response(http: httpx.Client) -> None:
    r = http.post("/rpc/teapot")
    body = assert_canonical_error(r, 418, "418")
    assert body == {"code": "418", "details": "short", "hint": "stout", "message": "I am a teapot"}
    assert r.headers["x-powered-by"] == "tea"
    body = assert_canonical_error(http.post("/rpc/bad_raise"), 500, "PGRST121")
    assert body["details"] == "Invalid JSON value for MESSAGE: 'not json'"
