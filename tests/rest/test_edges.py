"""The gateway's edges as hosted Supabase has them: secret keys refused from browsers, the
OpenAPI root limited to what the role may use, OPTIONS behind the key check."""

from __future__ import annotations

import httpx
import psycopg
import pytest

from tests.rest.conftest import PUBLISHABLE, SECRET
from tests.rest.test_schema_cache import wait_for

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36"


@pytest.mark.parametrize(
    "headers",
    [
        {"apikey": SECRET, "User-Agent": BROWSER},
        {"apikey": SECRET, "Origin": "http://localhost:3000"},
        {"apikey": PUBLISHABLE, "Authorization": f"Bearer {SECRET}", "User-Agent": BROWSER},
    ],
)
def test_secret_key_from_a_browser_is_401(rest_url: str, headers: dict[str, str]) -> None:
    r = httpx.get(f"{rest_url}/rest/v1/films?select=id", headers=headers)
    assert r.status_code == 401
    assert r.json()["message"] == "Forbidden use of secret API key in browser"


def test_keys_that_browsers_may_use(rest_url: str) -> None:
    ok = {"apikey": PUBLISHABLE, "User-Agent": BROWSER, "Origin": "http://localhost:3000"}
    assert httpx.get(f"{rest_url}/rest/v1/films?select=id", headers=ok).status_code == 200
    server = {"apikey": SECRET, "User-Agent": "node"}
    assert httpx.get(f"{rest_url}/rest/v1/films?select=id", headers=server).status_code == 200


def test_options_needs_a_key(rest_url: str) -> None:
    for table in ("films", "no_such_table"):
        r = httpx.options(f"{rest_url}/rest/v1/{table}")
        assert r.status_code == 401 and r.json()["message"] == "No API key found in request"
    # A CORS preflight is still answered without one (browsers send no key in it).
    pre = httpx.options(
        f"{rest_url}/rest/v1/no_such_table",
        headers={"Origin": "http://x", "Access-Control-Request-Method": "GET"},
    )
    assert pre.status_code == 200


def test_openapi_root_follows_privileges(rest_url: str, db: psycopg.Connection) -> None:
    db.execute(
        "create table public.staff_only (id int); grant select on public.staff_only to "
        "service_role; create function public.staff_fn() returns int language sql as "
        "'select 1'; revoke execute on function public.staff_fn() from public, anon; "
        "grant execute on function public.staff_fn() to service_role"
    )
    try:

        def paths(key: str) -> dict[str, object]:
            r = httpx.get(f"{rest_url}/rest/v1/", headers={"apikey": key})
            assert r.status_code == 200, r.text
            return r.json()["paths"]  # type: ignore[no-any-return]

        assert wait_for(lambda: "/staff_only" in paths(SECRET))
        anon = paths(PUBLISHABLE)
        assert "/staff_only" not in anon and "/rpc/staff_fn" not in anon
        assert "/films" in anon and "/rpc/add" in anon
        assert "/rpc/staff_fn" in paths(SECRET)
    finally:
        db.execute("drop table public.staff_only; drop function public.staff_fn()")
