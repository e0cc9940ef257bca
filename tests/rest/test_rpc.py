"""RPC resolution as PostgREST's findProc: single unnamed parameters take the whole body,
overlapping overloads are PGRST203, PGRST202 says what was searched; max-affected on RPC."""

from __future__ import annotations

import httpx

from tests.rest.conftest import assert_canonical_error


def test_single_unnamed_parameters_take_the_whole_body(http: httpx.Client) -> None:
    r = http.post(
        "/rpc/blob_size",
        content=b"\x00\xff\x01",
        headers={"Content-Type": "application/octet-stream"},
    )
    assert (r.status_code, r.json()) == (200, 3)
    # The embedded PostgreSQL has no libxml: reaching the function is all that can be shown.
    r = http.post("/rpc/xml_text", content="<a>1</a>", headers={"Content-Type": "text/xml"})
    assert r.status_code == 200 or r.json()["message"] == "unsupported XML feature", r.text
    r = http.post("/rpc/echo_json", json={"": 5, "b": [1]})
    assert r.json() == {"": 5, "b": [1]}
    # `{"": value}` names the unnamed parameter, and the whole body is still what it gets
    # (PostgREST's OnePosParam): not an int.
    assert_canonical_error(http.post("/rpc/plus_one", json={"": 5}), 400, "22P02")


def test_raw_body_without_a_matching_function(http: httpx.Client) -> None:
    r = http.post("/rpc/add", content="x", headers={"Content-Type": "text/plain"})
    body = assert_canonical_error(r, 404, "PGRST202")
    assert body["message"] == "Could not find the function public.add in the schema cache"
    assert body["details"] == (
        "Searched for the function public.add with a single unnamed text parameter, "
        "but no matches were found in the schema cache."
    )
    assert body["hint"] is None


def test_pgrst202_texts(http: httpx.Client) -> None:
    body = assert_canonical_error(http.post("/rpc/add", json={"a": 1, "c": 2}), 404, "PGRST202")
    assert body["message"] == "Could not find the function public.add(a, c) in the schema cache"
    assert body["details"] == (
        "Searched for the function public.add with parameters a, c or with a single unnamed "
        "json/jsonb parameter, but no matches were found in the schema cache."
    )
    assert body["hint"] == "Perhaps you meant to call the function public.add(a, b)"
    body = assert_canonical_error(http.get("/rpc/ad?a=1&b=2"), 404, "PGRST202")
    assert body["hint"] == "Perhaps you meant to call the function public.add"


def test_overloads_with_defaults(http: httpx.Client) -> None:
    assert http.post("/rpc/greet", json={"name": "a", "punct": "?"}).json() == "hi a?"
    assert http.post("/rpc/greet", json={}).json() == "hi you"
    body = assert_canonical_error(http.post("/rpc/greet", json={"name": "a"}), 300, "PGRST203")
    assert body["message"] == (
        "Could not choose the best candidate function between: "
        "public.greet(name => text), public.greet(name => text, punct => text)"
    )
    assert body["hint"] == (
        "Try renaming the parameters or the function itself in the database so function "
        "overloading can be resolved"
    )


def test_max_affected_on_rpc(http: httpx.Client) -> None:
    strict = {"Prefer": "handling=strict, max-affected=1"}
    body = assert_canonical_error(
        http.post("/rpc/film_years", json={}, headers=strict), 400, "PGRST124"
    )
    assert body["details"] == "The query affects 3 rows"
    assert http.post("/rpc/film_years?limit=1", json={}, headers=strict).json() == [1952]
    body = assert_canonical_error(
        http.post("/rpc/add", json={"a": 1, "b": 2}, headers=strict), 400, "PGRST128"
    )
    assert body["message"] == (
        "Function must return SETOF or TABLE when max-affected preference is used with "
        "handling=strict"
    )
