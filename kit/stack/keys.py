"""API keys: the well-known keys of a `supabase start` stack and least-privilege JWTs signed
with a project's secret.

A `supabase start` stack signs its legacy anon/service_role keys (HS256) with a well-known
secret; `mint(LOCAL_JWT_SECRET, "anon")` reproduces them byte for byte, so one `.env` serves
that stack and the kit's own. The opaque `sb_publishable_`/`sb_secret_` keys are fixed strings
the gateway maps to the anon/service_role JWTs.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from kit.errors import KitError
from kit.project import Project
from kit.secret import Secret

LOCAL_JWT_SECRET = "super-secret-jwt-token-with-at-least-32-characters-long"
LOCAL_PUBLISHABLE_KEY = "sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH"
LOCAL_SECRET_KEY = "sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz"
# The expiry `supabase start` puts in its anon/service_role keys (2032-11-12).
LOCAL_KEY_EXP = 1983812996
LOCAL_ISSUER = "supabase-demo"
AGENT_ROLE = "maker_agent"
# PostgREST v13 refuses shorter HS256 secrets.
MIN_SECRET_LENGTH = 32

_ENV_REF = re.compile(r"^env\((\w+)\)$")
_DURATION = re.compile(r"^\s*(\d+)\s*([smhdwy])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400, "y": 365 * 86400}


def mint(
    secret: str | Secret,
    role: str,
    *,
    exp: int | timedelta = LOCAL_KEY_EXP,
    extra_claims: dict[str, Any] | None = None,
) -> str:
    """An HS256 JWT `{"iss": "supabase-demo", "role": role, "exp": ..., **extra}`.

    `exp` is an absolute Unix time or a lifetime from now. The claim order and compact JSON match
    the Supabase CLI's, so the well-known local keys come out identical.
    """
    key = check_secret(secret.reveal() if isinstance(secret, Secret) else secret)
    expires = int(time.time() + exp.total_seconds()) if isinstance(exp, timedelta) else int(exp)
    claims: dict[str, Any] = {"iss": LOCAL_ISSUER, "role": role, "exp": expires}
    claims.update(extra_claims or {})
    import jwt  # with cryptography ~50 ms: not on the path of `kit stack up`

    # PyJWT writes the header sorted: {"alg":"HS256","typ":"JWT"}, as the CLI does.
    return jwt.encode(claims, key, algorithm="HS256")


def check_secret(key: str) -> str:
    """`key` if it is long enough to sign with."""
    if len(key) < MIN_SECRET_LENGTH:
        raise KitError(
            f"the JWT secret has {len(key)} characters; PostgREST needs {MIN_SECRET_LENGTH}+",
            hint="use the project's JWT secret (Supabase dashboard: Settings > API > JWT secret)",
        )
    return key


def project_jwt_secret(project: Project) -> str:
    """The secret the project's local stack signs with: `[auth] jwt_secret` of config.toml
    (`env(NAME)` read from the environment, as the Supabase CLI does), else the well-known one."""
    value = project.jwt_secret
    if not value:
        return LOCAL_JWT_SECRET
    match = _ENV_REF.match(value)
    if match is None:
        return value
    from dotenv import dotenv_values  # with logging ~4 ms, before `kit stack up` starts anything

    resolved = os.environ.get(match[1]) or dotenv_values(project.env_file).get(match[1])
    if not resolved:
        raise KitError(
            f"[auth] jwt_secret refers to {match[1]}, which is not set",
            hint=f"set {match[1]} in the environment or .env, or remove jwt_secret",
        )
    return resolved


def decode(token: str | Secret, secret: str | Secret) -> dict[str, Any]:
    """The claims of a token signed with `secret` (expiry checked)."""
    raw = token.reveal() if isinstance(token, Secret) else token
    key = secret.reveal() if isinstance(secret, Secret) else secret
    import jwt

    return dict(jwt.decode(raw, key, algorithms=["HS256"], options={"verify_aud": False}))


def parse_duration(text: str) -> timedelta:
    """`30s`, `15m`, `12h`, `365d`, `2w`, `1y` (365 days) → a timedelta."""
    match = _DURATION.match(text)
    if match is None:
        raise KitError(
            f"invalid duration {text!r}",
            hint="write a number and a unit: 30s, 15m, 12h, 365d, 2w or 1y",
        )
    return timedelta(seconds=int(match[1]) * _UNIT_SECONDS[match[2]])


@dataclass(frozen=True)
class StackKeys:
    """Every key a client of a stack signed with `jwt_secret` may need."""

    jwt_secret: Secret
    anon_key: Secret
    service_role_key: Secret
    publishable_key: Secret
    secret_key: Secret
    agent_key: Secret

    @classmethod
    def for_secret(cls, jwt_secret: str | Secret) -> StackKeys:
        secret = jwt_secret if isinstance(jwt_secret, Secret) else Secret(jwt_secret)
        return cls(
            jwt_secret=secret,
            anon_key=Secret(mint(secret, "anon")),
            service_role_key=Secret(mint(secret, "service_role")),
            publishable_key=Secret(LOCAL_PUBLISHABLE_KEY),
            secret_key=Secret(LOCAL_SECRET_KEY),
            agent_key=Secret(mint(secret, AGENT_ROLE)),
        )
