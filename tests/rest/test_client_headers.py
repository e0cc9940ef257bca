"""A request's headers are derived once per distinct header list (request.client_headers) and
shared by the requests that send the same list: each request must still get its own."""

from __future__ import annotations

import asyncio

import httpx

from kit.rest import request
from kit.rest.app import create_app
from kit.rest.config import RestConfig
from kit.rest.request import ClientHeaders, client_headers
from tests.rest.conftest import PUBLISHABLE, SECRET, token


def test_derived_as_each_step_reads_them() -> None:
    got = ClientHeaders.of(
        [
            ("apikey", "k1"),
            ("prefer", "return=minimal"),
            ("cookie", "a=1; b=2"),
            ("Prefer", "count=exact"),
            ("apikey", "k2"),
            ("authorization", "Bearer t"),
            ("user-agent", "Mozilla/5.0"),
        ]
    )
    assert got.apikey == "k2"  # the last one, as the gateway read it before
    assert got.authorization == "Bearer t"
    assert got.map["prefer"] == "return=minimal, count=exact"
    assert "cookie" not in got.sql and got.cookies == {"a": "1", "b": "2"}
    assert got.sql_json.startswith('{"apikey":"k1, k2","prefer":')
    assert got.cookies_json == '{"a":"1","b":"2"}'
    assert got.browser
    assert got.shape == ("", "return=minimal, count=exact", "", "", "", "")
    assert got.json_body
    csv = ClientHeaders.of([("content-type", "text/csv"), ("accept", "text/csv")])
    assert csv.shape == ("text/csv", "", "", "", "", "text/csv") and not csv.json_body
    assert ClientHeaders.of([("content-type", "Application/JSON; charset=utf-8")]).json_body
    assert not ClientHeaders.of([("user-agent", "curl/8.5.0")]).browser
    assert ClientHeaders.of([("origin", "https://x.example")]).browser


def test_kept_per_list_and_bounded() -> None:
    request._KEPT_HEADERS.clear()
    first = client_headers([("apikey", "k"), ("x-a", "1")])
    assert client_headers([("apikey", "k"), ("x-a", "1")]) is first
    assert client_headers([("apikey", "k"), ("x-a", "2")]).map["x-a"] == "2"
    big = [("x-big", "v" * 9000)]
    assert client_headers(big).map["x-big"] == "v" * 9000
    assert tuple(big) not in request._KEPT_HEADERS  # large lists are not kept
    for i in range(1500):
        client_headers([("x-n", str(i))])
    assert len(request._KEPT_HEADERS) <= 1000


def test_each_request_reaches_sql_with_its_own_headers(http: httpx.Client) -> None:
    """Alternating header lists on one request shape: SQL sees each request's own headers,
    cookies and role, never a neighbour's."""
    user = token("authenticated", sub="8b2b2f9e-9c63-4b8a-9d0c-0d5f3c4a1e11")
    lists = [
        {"X-Trace": "t1", "Cookie": "a=1"},
        {"X-Trace": "t2", "Authorization": f"Bearer {user}"},
        {"X-Trace": "t3", "apikey": PUBLISHABLE},
    ]
    for _ in range(3):
        for i, headers in enumerate(lists):
            got = http.get("/rpc/whoami", headers=headers).json()
            assert got["headers"]["x-trace"] == f"t{i + 1}"
            assert got["cookies"] == ({"a": "1"} if i == 0 else {})
            assert got["user"] == ("service_role", "authenticated", "anon")[i]


def test_lists_of_many_headers_or_cookies_are_not_kept() -> None:
    """A kept list costs its characters plus ~250 bytes of dictionaries per header and per
    cookie: under 8 KiB, 1,000 lists of 1,500 one-letter headers kept ~375 MB. Lists with more
    names than a client sends are derived each time instead."""
    request._KEPT_HEADERS.clear()
    many = [(f"h{i}", "v") for i in range(100)]
    cookies = [("cookie", "; ".join(f"c{i}=" for i in range(100)))]
    for headers in (many, cookies):
        assert client_headers(headers) == ClientHeaders.of(headers)
        assert tuple(headers) not in request._KEPT_HEADERS
    browser = [(f"h{i}", "v") for i in range(30)] + [("cookie", "a=1; b=2")]
    assert client_headers(browser) is client_headers(browser)


def test_kept_request_shapes_hold_no_clients_headers(rest_config: RestConfig) -> None:
    """A kept shape (app._prepared, up to 1000) is copied with each request's own headers: its
    template holding the first request's headers kept them, however large (1,000 shapes
    read with 1,500 headers each kept ~380 MB)."""

    async def run() -> None:
        app = create_app(rest_config)
        await app.start()
        try:
            headers = [("apikey", SECRET), ("x-trace", "first")]
            reads = await app.handle("GET", "/rest/v1/films", "select=id&limit=1", headers, b"")
            call = await app.handle("POST", "/rest/v1/rpc/add", "", headers, b'{"a":1,"b":2}')
            assert (reads.status, call.status) == (200, 200)
            assert len(app._prepared) == 2
            for entry in app._prepared.values():
                assert "x-trace" not in entry[1].client.map
        finally:
            await app.stop()

    asyncio.run(run())


def test_reprs_show_no_header_values() -> None:
    from kit.rest.config import RestConfig
    from kit.rest.request import parse_request

    client = ClientHeaders.of(
        [("apikey", "sb_secret_abc"), ("authorization", "Bearer t0ken"), ("cookie", "s=c00kie")]
    )
    req = parse_request("GET", "/t", "", client, b"", RestConfig(db_url="postgresql://x"))
    for shown in (repr(client), repr(req)):
        assert not any(s in shown for s in ("sb_secret_abc", "t0ken", "c00kie")), shown
