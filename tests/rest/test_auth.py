"""The gateway's key mapping and PostgREST's JWT checks, without a database."""

from __future__ import annotations

import time
from dataclasses import replace

import jwt
import pytest

from kit.rest.auth import DEMO_EXP, Authenticator, mint
from kit.rest.config import (
    DEFAULT_JWT_SECRET,
    DEFAULT_PUBLISHABLE_KEY,
    DEFAULT_SECRET_KEY,
    RestConfig,
)
from kit.rest.errors import ApiError, GatewayError

CONFIG = RestConfig(db_url="postgresql://x")
ANON_JWT = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9"
    ".CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0"
)


def test_minted_keys_are_the_well_known_local_ones() -> None:
    assert mint(DEFAULT_JWT_SECRET, "anon") == ANON_JWT


def test_opaque_keys_become_role_jwts() -> None:
    auth = Authenticator(CONFIG)
    assert auth.authenticate(DEFAULT_SECRET_KEY, None).role == "service_role"
    anon = auth.authenticate(DEFAULT_PUBLISHABLE_KEY, None)
    assert (anon.role, anon.authed) == ("anon", False)
    assert anon.claims == {"iss": "supabase-demo", "role": "anon", "exp": DEMO_EXP}
    # `Bearer sb_...` is replaced by the minted JWT, any other Authorization is kept
    assert (
        auth.authenticate(DEFAULT_SECRET_KEY, f"Bearer {DEFAULT_SECRET_KEY}").role == "service_role"
    )
    user = jwt.encode({"role": "authenticated", "sub": "u"}, DEFAULT_JWT_SECRET, "HS256")
    got = auth.authenticate(DEFAULT_PUBLISHABLE_KEY, f"Bearer {user}")
    assert (got.role, got.claims["sub"], got.authed) == ("authenticated", "u", True)


def test_legacy_jwt_as_apikey() -> None:
    assert Authenticator(CONFIG).authenticate(ANON_JWT, None).role == "anon"


def test_hosted_401s() -> None:
    auth = Authenticator(CONFIG)
    with pytest.raises(GatewayError) as err:
        auth.authenticate(None, None)
    assert err.value.message == "No API key found in request"
    with pytest.raises(GatewayError) as err:
        auth.authenticate("sb_publishable_wrong", None)
    assert err.value.message == "Invalid API key"


def test_local_kong_mode_lets_unknown_keys_through_as_anon() -> None:
    auth = Authenticator(replace(CONFIG, require_apikey=False))
    assert auth.authenticate(None, None).role == "anon"
    assert auth.authenticate("whatever", None).role == "anon"


def test_claim_checks_with_skew() -> None:
    auth = Authenticator(CONFIG)
    now = int(time.time())
    for claims, message in [
        ({"exp": now - 31}, "JWT expired"),
        ({"nbf": now + 31}, "JWT not yet valid"),
        ({"iat": now + 31}, "JWT issued at future"),
        ({"exp": "soon"}, "The JWT 'exp' claim must be a number"),
    ]:
        token = jwt.encode({"role": "anon", **claims}, DEFAULT_JWT_SECRET, "HS256")
        with pytest.raises(ApiError) as err:
            auth.verify(f"Bearer {token}")
        assert (err.value.code, err.value.message) == ("PGRST303", message)
    ok = jwt.encode({"role": "anon", "exp": now - 20, "iat": now + 20}, DEFAULT_JWT_SECRET, "HS256")
    assert auth.verify(f"bearer {ok}").role == "anon"


def test_decode_errors() -> None:
    auth = Authenticator(CONFIG)
    other = jwt.encode({"role": "service_role"}, "another-secret-that-is-long-enough-32", "HS256")
    hs512 = jwt.encode({"role": "service_role"}, DEFAULT_JWT_SECRET * 2, "HS512")
    for header, message in [
        (f"Bearer {other}", "JWT cryptographic operation failed"),
        (f"Bearer {hs512}", "Wrong or unsupported encoding algorithm"),
        ("Bearer a.b", "Expected 3 parts in JWT; got 2"),
        ("Bearer", "Empty JWT is sent in Authorization header"),
    ]:
        with pytest.raises(ApiError) as err:
            auth.verify(header)
        assert (err.value.status, err.value.code, err.value.message) == (401, "PGRST301", message)


def test_config_from_env() -> None:
    config = RestConfig.from_env(
        {
            "KIT_REST_DB_URL": "postgresql://authenticator:pw@127.0.0.1:1/postgres",
            "KIT_REST_SCHEMAS": "public, api",
            "KIT_REST_MAX_ROWS": "",
            "KIT_REST_REQUIRE_APIKEY": "false",
        }
    )
    assert (config.schemas, config.max_rows, config.require_apikey) == (
        ("public", "api"),
        None,
        False,
    )
    assert "pw" not in repr(config)
    with pytest.raises(ValueError):
        RestConfig.from_env({})
