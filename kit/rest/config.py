"""Gateway configuration, as `supabase start` passes it to PostgREST (and its API gateway)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

DEFAULT_JWT_SECRET = "super-secret-jwt-token-with-at-least-32-characters-long"
DEFAULT_PUBLISHABLE_KEY = "sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH"
DEFAULT_SECRET_KEY = "sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz"


@dataclass(frozen=True)
class RestConfig:
    """What PostgREST reads from PGRST_* plus the opaque keys the gateway maps to JWTs.

    `db_url` connects as `authenticator`; `repr` never shows the URL's password or the keys.
    """

    db_url: str = field(repr=False)
    jwt_secret: str = field(default=DEFAULT_JWT_SECRET, repr=False)
    # Public JWKS (`{"keys": [...]}`) of the project's asymmetric signing keys: tokens with a
    # `kid` are verified against it, as Supabase does once signing keys are configured.
    jwks: str = field(default="", repr=False)
    schemas: tuple[str, ...] = ("public", "graphql_public")
    extra_search_path: tuple[str, ...] = ("public", "extensions")
    max_rows: int | None = 1000
    anon_role: str = "anon"
    publishable_key: str = field(default=DEFAULT_PUBLISHABLE_KEY, repr=False)
    secret_key: str = field(default=DEFAULT_SECRET_KEY, repr=False)
    # Hosted Supabase answers 401 without a usable `apikey`; the local Kong checks nothing
    # (KIT_REST_REQUIRE_APIKEY=false: then such requests are anonymous).
    require_apikey: bool = True
    pool_min: int = 2
    # 16: at 16 concurrent requests none waits for a connection; psycopg_pool's waiting path
    # cost ~35 us of CPU per request in bench/rest.py with 8.
    pool_max: int = 16
    pool_timeout: float = 10.0  # seconds a request waits for a connection (then 504 PGRST003)
    # What one request may cost (kit.rest.limits): body size and arrival time, response size.
    max_body_bytes: int = 10 * 1024 * 1024
    body_timeout: float = 30.0
    max_response_bytes: int = 100 * 1024 * 1024

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> RestConfig:
        env = dict(os.environ if env is None else env)
        db_url = env.get("KIT_REST_DB_URL", "")
        if not db_url:
            raise ValueError("KIT_REST_DB_URL is not set (postgresql://authenticator:...)")
        max_rows = env.get("KIT_REST_MAX_ROWS", "1000").strip()
        return cls(
            db_url=db_url,
            jwt_secret=env.get("KIT_REST_JWT_SECRET") or DEFAULT_JWT_SECRET,
            jwks=env.get("KIT_REST_JWKS", ""),
            schemas=_csv(env.get("KIT_REST_SCHEMAS"), ("public", "graphql_public")),
            extra_search_path=_csv(env.get("KIT_REST_EXTRA_SEARCH_PATH"), ("public", "extensions")),
            max_rows=int(max_rows) if max_rows else None,
            publishable_key=env.get("KIT_REST_PUBLISHABLE_KEY") or DEFAULT_PUBLISHABLE_KEY,
            secret_key=env.get("KIT_REST_SECRET_KEY") or DEFAULT_SECRET_KEY,
            require_apikey=env.get("KIT_REST_REQUIRE_APIKEY", "true").lower()
            not in ("0", "false", "no", "off"),
            pool_max=int(env.get("KIT_REST_POOL_SIZE", "16")),
            pool_timeout=float(env.get("KIT_REST_POOL_TIMEOUT", "10")),
            max_body_bytes=int(env.get("KIT_REST_MAX_BODY_BYTES", str(cls.max_body_bytes))),
            body_timeout=float(env.get("KIT_REST_BODY_TIMEOUT", "30")),
            max_response_bytes=int(
                env.get("KIT_REST_MAX_RESPONSE_BYTES", str(cls.max_response_bytes))
            ),
        )


def _csv(value: str | None, default: tuple[str, ...]) -> tuple[str, ...]:
    if value is None or not value.strip():
        return default
    return tuple(part.strip() for part in value.split(",") if part.strip())
