"""Who is asking: the API gateway's `apikey` mapping, then PostgREST's JWT check.

Gateway (supabase/cli Kong, `start.go` BearerToken): an `Authorization` header is kept unless it
is `Bearer sb_…`; otherwise the secret key becomes a service_role JWT and the publishable key an
anon JWT. Like the hosted platform, a request without a usable `apikey` gets a 401 `{message,
hint}` from the gateway itself. Then PostgREST (`Auth.hs`): the signature (HS256 with the legacy
secret; ES256/RS256 with the key of the JWKS whose `kid` the token names), `exp`/`nbf`/`iat`
with 30 s of clock skew, the `role` claim (else the anon role).
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jwt
    from jwt.types import Options

from kit.rest.config import RestConfig
from kit.rest.errors import ApiError, GatewayError, jwt_claims, jwt_decode
from kit.rest.request import json_dumps

SKEW = 30
# The expiry of the well-known `supabase start` keys, so minted tokens match them byte for byte.
DEMO_EXP = 1983812996
_DECODE_OPTIONS: Options = {
    "verify_signature": True,
    "verify_exp": False,
    "verify_nbf": False,
    "verify_iat": False,
    "verify_aud": False,
    "verify_iss": False,
    "verify_sub": False,
    "verify_jti": False,
}


@dataclass(frozen=True)
class Auth:
    role: str
    claims: dict[str, Any]
    authed: bool  # False for the anon role: then 42501 is a 401, else a 403

    @functools.cached_property
    def claims_json(self) -> str:
        """`request.jwt.claims` as sent to the database (built once per cached token)."""
        return json_dumps(self.claims)


# PyJWT (with cryptography) is ~90 ms of imports: loaded on the first JWT, not at start, so a
# gateway that `kit stack up` waits for binds sooner; the opaque keys need no JWT at all.
def _jwt() -> Any:
    import jwt

    return jwt


def demo_claims(role: str) -> dict[str, Any]:
    """The claims of the well-known `supabase start` key of `role`."""
    return {"iss": "supabase-demo", "role": role, "exp": DEMO_EXP}


def mint(secret: str, role: str) -> str:
    return str(_jwt().encode(demo_claims(role), secret, "HS256"))


class Authenticator:
    def __init__(self, config: RestConfig) -> None:
        self.config = config
        # What an opaque key stands for: the claims of the token the gateway would mint for it.
        self._role_for = {
            config.secret_key: "service_role",
            config.publishable_key: config.anon_role,
        }
        self._key_auth = {k: self._auth(demo_claims(r)) for k, r in self._role_for.items()}
        self._cache: dict[str, Auth] = {}
        self._jwks = _public_keys(config.jwks)
        self._anonymous = self._auth({})

    def authenticate(self, apikey: str | None, authorization: str | None) -> Auth:
        if apikey in self._key_auth and (
            not authorization or _bearer(authorization).startswith("sb_")
        ):
            return self._key_auth[apikey]  # = verify(gateway(...)), without minting a token
        return self.verify(self.gateway(apikey, authorization))

    def gateway(self, apikey: str | None, authorization: str | None) -> str | None:
        """The Authorization header PostgREST receives."""
        if not apikey:
            if self.config.require_apikey:
                raise GatewayError(
                    "No API key found in request",
                    "No `apikey` request header or url param was found.",
                )
            return authorization
        if apikey not in self._role_for and not self._is_valid_jwt(apikey):
            if self.config.require_apikey:
                raise GatewayError(
                    "Invalid API key",
                    "Double check your Supabase `anon` or `service_role` API key.",
                )
            if authorization and not _bearer(authorization).startswith("sb_"):
                return authorization
            return apikey  # as the local Kong does: no "Bearer ", so PostgREST sees no token
        if authorization and not _bearer(authorization).startswith("sb_"):
            return authorization
        role = self._role_for.get(apikey)
        return "Bearer " + (mint(self.config.jwt_secret, role) if role else apikey)

    def verify(self, authorization: str | None) -> Auth:
        if not authorization or authorization[:7].lower() != "bearer ":
            if authorization and authorization.strip().lower() == "bearer":
                raise jwt_decode("Empty JWT is sent in Authorization header")
            return self._anonymous
        token = authorization[7:].strip()
        if not token:
            raise jwt_decode("Empty JWT is sent in Authorization header")
        # PostgREST caches decoded tokens too (jwt-cache-max-lifetime); the times are still
        # checked on every request.
        auth = self._cache.get(token)
        if auth is None:
            auth = self._auth(self._decode(token))
            if len(self._cache) > 1000:
                self._cache.clear()
            self._cache[token] = auth
        _check_times(auth.claims, time.time())
        return auth

    def _auth(self, claims: dict[str, Any]) -> Auth:
        role = claims.get("role")
        if not isinstance(role, str) or not role:
            role = self.config.anon_role
        return Auth(role, {**claims, "role": role}, role != self.config.anon_role)

    def _decode(self, token: str) -> dict[str, Any]:
        parts = token.count(".") + 1
        if parts != 3:
            raise jwt_decode(f"Expected 3 parts in JWT; got {parts}")
        try:
            header = _jwt().get_unverified_header(token)
        except _jwt().PyJWTError:
            raise jwt_decode("JWT couldn't be decoded") from None
        alg = header.get("alg")
        if alg == "HS256":
            key: Any = self.config.jwt_secret
        elif alg in _ASYMMETRIC and self._jwks:
            found = self._jwks.get(str(header.get("kid", "")))
            if found is None or found.algorithm_name != alg:
                raise jwt_decode("No suitable key or wrong key type")
            key = found.key
        else:
            raise jwt_decode("Wrong or unsupported encoding algorithm", f"{alg}")
        try:
            claims = _jwt().decode(token, key, algorithms=[alg], options=_DECODE_OPTIONS)
        except _jwt().InvalidSignatureError:
            raise jwt_decode("JWT cryptographic operation failed") from None
        except _jwt().PyJWTError:
            raise jwt_decode("JWT couldn't be decoded") from None
        if not isinstance(claims, dict):
            raise jwt_claims("Parsing claims failed")
        return claims

    def _is_valid_jwt(self, token: str) -> bool:
        try:
            _check_times(self._decode(token), time.time())
        except ApiError:
            return False
        return True


_ASYMMETRIC = ("ES256", "RS256")


def _public_keys(jwks: str) -> dict[str, jwt.PyJWK]:
    """The JWKS's asymmetric keys by `kid` (a bad set is a startup error, not a 5xx later)."""
    if not jwks:
        return {}
    keys = _jwt().PyJWKSet.from_json(jwks).keys
    return {str(k.key_id): k for k in keys if k.algorithm_name in _ASYMMETRIC and k.key_id}


def _bearer(authorization: str) -> str:
    return authorization[7:].strip() if authorization[:7].lower() == "bearer " else ""


def _check_times(claims: dict[str, Any], now: float) -> None:
    times: dict[str, float] = {}
    for name in ("exp", "nbf", "iat"):
        value = claims.get(name)
        if value is None:  # `"exp": null` is no claim, as PostgREST's `.:?` reads it
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise jwt_claims(f"The JWT '{name}' claim must be a number")
        times[name] = value if abs(value) < 2**63 else 0  # beyond Int64: 0, as PostgREST
    if "exp" in times and now - SKEW > times["exp"]:
        raise jwt_claims("JWT expired")
    if "nbf" in times and now + SKEW < times["nbf"]:
        raise jwt_claims("JWT not yet valid")
    if "iat" in times and now + SKEW < times["iat"]:
        raise jwt_claims("JWT issued at future")
