"""Bad input is a 4xx in PostgREST's shape, never a 5xx, and never changes the database.

The named cases are the ones that once got a 5xx; the fuzz test then drives every request
position (path, each kind of query parameter, the headers PostgREST reads, the body) with
generated text, including NUL, non-ASCII digits, huge numbers and deep nesting.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import quote

import httpx
import jwt
import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit.rest.config import DEFAULT_JWT_SECRET
from kit.rest.params import MAX_LOGIC_DEPTH
from tests.rest.conftest import assert_canonical_error, token
from tests.rest.test_injection import fingerprint

HUGE = "9" * 5000


def nested(op: str, depth: int) -> str:
    return "(" + f"{op}(" * depth + "id.eq.1" + ")" * depth + ")"


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
def test_nul_in_a_filter_value_is_22021(http: httpx.Client, method: str) -> None:
    r = http.request(method, "/films?title=eq.a%00b", json={"title": "x"})
    body = assert_canonical_error(r, 400, "22021")
    assert body["message"] == 'invalid byte sequence for encoding "UTF8": 0x00'


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/films?select=meta->" + HUGE, 400, "22003"),  # an index, sent as text::int
        ("/films?select=meta->" + quote("²"), 400, "PGRST100"),  # not a digit to PostgREST
        ("/films?select=meta->" + quote("١٢"), 400, "PGRST100"),
        ("/films?meta->" + HUGE + "=eq.1", 400, "22003"),
        ("/films?limit=" + HUGE, 400, "22003"),
        ("/films?offset=" + HUGE, 400, "22003"),
        ("/films?limit=" + quote("١"), 400, "PGRST100"),
    ],
)
def test_numbers_in_the_query_string(http: httpx.Client, path: str, status: int, code: str) -> None:
    assert_canonical_error(http.get(path), status, code)


def test_json_index_still_works(http: httpx.Client) -> None:
    r = http.get("/films?select=id,x:meta->0,y:meta->-1&id=eq.1&meta->0=is.null")
    assert r.json() == [{"id": 1, "x": None, "y": None}], r.text


def test_range_numbers(http: httpx.Client) -> None:
    assert_canonical_error(http.get("/films", headers={"Range": f"0-{HUGE}"}), 400, "22003")
    assert_canonical_error(http.get("/films", headers={"Range": f"{HUGE}-"}), 400, "22003")
    # Non-ASCII digits do not match PostgREST's `[0-9]+-[0-9]*`: the header is ignored.
    r = http.get("/films?select=id", headers={"Range": "١-٢".encode()})
    assert r.status_code == 200 and len(r.json()) == 4


@pytest.mark.parametrize("value", [HUGE, "²", "١", "-1", "abc"])
def test_max_affected_that_is_no_int64_is_ignored(http: httpx.Client, value: str) -> None:
    prefer = f"handling=strict, max-affected={value}"
    r = http.delete("/films?id=eq.0", headers={"Prefer": prefer.encode()})
    assert r.status_code == 204, r.text
    assert "max-affected" not in r.headers.get("preference-applied", "")


@pytest.mark.parametrize("claim", ["exp", "nbf", "iat"])
def test_null_time_claims_are_absent(http: httpx.Client, claim: str) -> None:
    bearer = jwt.encode({"role": "anon", claim: None}, DEFAULT_JWT_SECRET, "HS256")
    r = http.get("/films?select=id&id=eq.1", headers={"Authorization": f"Bearer {bearer}"})
    assert r.status_code == 200 and r.json() == [{"id": 1}], r.text


def test_exp_beyond_int64_counts_as_zero(http: httpx.Client) -> None:
    bearer = token("anon", exp=10**30)
    r = http.get("/films?select=id", headers={"Authorization": f"Bearer {bearer}"})
    assert assert_canonical_error(r, 401, "PGRST303")["message"] == "JWT expired"


@pytest.mark.parametrize("op", ["or", "and"])
def test_deep_logic_trees(http: httpx.Client, op: str) -> None:
    r = http.get(f"/films?select=id&{op}={nested(op, 400)}")
    assert r.status_code == 200 and r.json() == [{"id": 1}], r.text[:200]
    started = time.perf_counter()
    r = http.get(f"/films?select=id&{op}={nested(op, 10_000)}")
    body = assert_canonical_error(r, 400, "PGRST100")
    assert str(MAX_LOGIC_DEPTH) in body["details"]
    assert time.perf_counter() - started < 1


def test_deep_embeds(http: httpx.Client) -> None:
    r = http.get("/films?select=" + "directors(" * 3000 + "id" + ")" * 3000)
    assert_canonical_error(r, 400, "PGRST100")


# -- fuzz ------------------------------------------------------------------------------------

NASTY = [
    "\x00",
    "a\x00b",
    "²",
    "١٢",
    HUGE,
    "-" + HUGE,
    nested("or", MAX_LOGIC_DEPTH + 1),
    "directors(" * 200,
    "->" * 500,
    "\\",
    '"',
    "%",
    "%(p0)s",
    "{",
    "*",
    ")",
    "not.",
    "eq.",
    "in.(",
    "is.x",
    "fts(",
    "\u202e",
    "\ud7ff",
]
TEXT = st.one_of(st.text(max_size=40), st.sampled_from(NASTY))
# What HTTP can carry in a header value (no control characters).
HEADER = st.one_of(
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40),
    st.sampled_from([n for n in NASTY if "\x00" not in n]),
)
# Bodies never carry "id": no insert into films can succeed, so the database must not change.
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(TEXT.filter(lambda k: k != "id"), inner, max_size=3)
    ),
    max_leaves=8,
)
QUERY_KEYS = ["select", "order", "limit", "offset", "or", "and", "not.or", "columns"]
QUERY_KEYS += ["on_conflict", "title", "meta->x", "directors.id", "directors.limit"]


def _request(data: st.DataObject) -> tuple[str, str, dict[str, Any], bytes | None]:
    method = data.draw(st.sampled_from(["GET", "HEAD", "POST", "PATCH", "PUT", "DELETE"]))
    if data.draw(st.booleans()):
        target = data.draw(st.sampled_from(["/films", "/rpc/add", "/rpc/film_years"]))
    else:
        target = "/" + quote(data.draw(TEXT), safe="")
    # id=eq.-1 matches no row: writes that get through still change nothing.
    pairs = [("id", "eq.-1")] if target == "/films" else []
    for _ in range(data.draw(st.integers(0, 3))):
        key = data.draw(st.one_of(st.sampled_from(QUERY_KEYS), TEXT))
        value = data.draw(st.one_of(TEXT, TEXT.map(lambda v: "eq." + v)))
        pairs.append((key, value))
    query = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs)
    headers: dict[str, Any] = {}
    for name in data.draw(
        st.lists(st.sampled_from(["Prefer", "Range", "Accept", "apikey", "Authorization"]))
    ):
        value = data.draw(HEADER)
        if name == "Authorization" and data.draw(st.booleans()):
            value = "Bearer " + jwt.encode(
                {"role": value, "exp": data.draw(st.none() | st.integers() | st.floats())},
                DEFAULT_JWT_SECRET,
            )
        headers[name] = value.strip(" \t").encode()  # HTTP trims these itself
    body = None
    if method in ("POST", "PATCH", "PUT"):
        raw = data.draw(st.one_of(st.binary(max_size=40), JSON.map(_json_bytes)))
        body = raw
    return method, f"{target}?{query}", headers, body


def _json_bytes(value: Any) -> bytes:
    import json

    return json.dumps(value).encode()


def test_fuzz_every_position(http: httpx.Client, db: psycopg.Connection) -> None:
    before = fingerprint(db)

    @settings(
        max_examples=250,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(st.data())
    def run(data: st.DataObject) -> None:
        method, url, headers, body = _request(data)
        r = http.request(method, url, headers=headers, content=body)
        assert r.status_code < 500, (method, url[:300], headers, body, r.text[:300])
        if r.status_code >= 400 and method != "HEAD" and r.content:
            body_json = r.json()
            assert "message" in body_json, r.text

    run()
    assert fingerprint(db) == before
