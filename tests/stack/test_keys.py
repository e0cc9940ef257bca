"""Keys: the well-known local keys come out byte-identical; minted keys verify and expire."""

from __future__ import annotations

import time
from datetime import timedelta

import jwt
import pytest

from kit.errors import KitError
from kit.stack.keys import LOCAL_JWT_SECRET, StackKeys, decode, mint, parse_duration

# As `supabase start` prints them (shared/reference/postgrest.md §2.2).
ANON = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAi"
    "OjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0"
)
SERVICE_ROLE = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9s"
    "ZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU"
)


def test_well_known_keys_are_byte_identical() -> None:
    assert mint(LOCAL_JWT_SECRET, "anon") == ANON
    assert mint(LOCAL_JWT_SECRET, "service_role") == SERVICE_ROLE


def test_stack_keys_hold_every_key_masked() -> None:
    keys = StackKeys.for_secret(LOCAL_JWT_SECRET)
    assert keys.anon_key.reveal() == ANON
    assert keys.publishable_key.reveal() == "sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH"
    assert keys.secret_key.reveal() == "sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz"
    assert decode(keys.agent_key, LOCAL_JWT_SECRET)["role"] == "maker_agent"
    assert LOCAL_JWT_SECRET not in repr(keys)
    assert ANON not in repr(keys)


def test_minted_key_carries_role_lifetime_and_extra_claims() -> None:
    secret = "x" * 40
    token = mint(secret, "maker_agent", exp=timedelta(days=365), extra_claims={"sub": "agent-1"})
    claims = decode(token, secret)
    assert claims["role"] == "maker_agent" and claims["sub"] == "agent-1"
    assert abs(claims["exp"] - (time.time() + 365 * 86400)) < 5
    with pytest.raises(jwt.InvalidSignatureError):
        decode(token, "y" * 40)


def test_expired_key_is_rejected() -> None:
    token = mint("x" * 40, "anon", exp=int(time.time()) - 60)
    with pytest.raises(jwt.ExpiredSignatureError):
        decode(token, "x" * 40)


def test_short_secret_is_refused_with_a_hint() -> None:
    with pytest.raises(KitError) as caught:
        mint("short", "anon")
    assert "5 characters" in caught.value.message and caught.value.hint


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("30s", 30), ("15m", 900), ("12h", 43200), ("365d", 365 * 86400), ("2w", 1209600)],
)
def test_parse_duration(text: str, seconds: int) -> None:
    assert parse_duration(text).total_seconds() == seconds


@pytest.mark.parametrize("text", ["", "10", "d", "1.5d", "-3d", "3 days"])
def test_parse_duration_rejects_nonsense(text: str) -> None:
    with pytest.raises(KitError) as caught:
        parse_duration(text)
    assert "365d" in (caught.value.hint or "")
