"""Asymmetric JWT signing keys, as hosted Supabase and the Supabase CLI have them.

A project's `[auth] signing_keys_path` (relative to `supabase/`, e.g. `./signing_keys.json`)
names a JSON array of private JWKs, the file `supabase gen signing-key` writes. The first key
signs; every key's public half is published (JWKS) and accepted by the gateway, next to the
legacy HS256 secret. The private file never belongs in git: `kit keys new` writes it and
adds it to `.gitignore`.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm

from kit.errors import KitError, Location
from kit.project import Project

DEFAULT_PATH = "./signing_keys.json"
# Public members of a JWK: what a JWKS may show (never `d`, `p`, `q`, ...).
_PUBLIC = ("kty", "kid", "use", "alg", "crv", "x", "y", "n", "e")


@dataclass(frozen=True)
class SigningKey:
    jwk: dict[str, Any]  # the private JWK

    @property
    def kid(self) -> str:
        return str(self.jwk.get("kid", ""))

    @property
    def alg(self) -> str:
        return str(self.jwk.get("alg", "ES256"))

    def public(self) -> dict[str, Any]:
        out = {k: self.jwk[k] for k in _PUBLIC if k in self.jwk}
        out["key_ops"] = ["verify"]
        return out

    def sign(self, claims: dict[str, Any]) -> str:
        key = jwt.PyJWK.from_dict(self.jwk, algorithm=self.alg).key
        return jwt.encode(claims, key, algorithm=self.alg, headers={"kid": self.kid})


def new_es256() -> SigningKey:
    """A fresh P-256 key pair as a private JWK, in the shape `supabase gen signing-key` prints."""
    private = ec.generate_private_key(ec.SECP256R1())
    jwk = json.loads(ECAlgorithm.to_jwk(private))
    return SigningKey(
        {
            "kty": "EC",
            "kid": str(uuid.uuid4()),
            "use": "sig",
            "key_ops": ["sign", "verify"],
            "alg": "ES256",
            "ext": True,
            "d": jwk["d"],
            "crv": "P-256",
            "x": jwk["x"],
            "y": jwk["y"],
        }
    )


def keys_file(project: Project) -> Path | None:
    """The signing keys file `[auth] signing_keys_path` names, or None when not configured."""
    if not project.signing_keys_path:
        return None
    return (project.supabase_dir / project.signing_keys_path).resolve()


def load_keys(project: Project) -> list[SigningKey]:
    """The project's signing keys; [] when none are configured or the file is absent."""
    path = keys_file(project)
    if path is None or not path.is_file():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        keys = [SigningKey(dict(k)) for k in (data if isinstance(data, list) else [data])]
        for key in keys:
            jwt.PyJWK.from_dict(key.jwk, algorithm=key.alg)
    except (ValueError, TypeError, jwt.PyJWTError) as exc:
        raise KitError(
            f"not a JSON array of private JWKs: {exc}",
            location=Location(path),
            hint="recreate it: `kit keys new` or `supabase gen signing-key --algorithm ES256`",
        ) from None
    return keys


def jwks(keys: list[SigningKey]) -> str:
    """The public JWKS the gateway trusts (no private members)."""
    return json.dumps({"keys": [k.public() for k in keys]}, separators=(",", ":"))


def sign_agent(key: SigningKey, role: str, claims: dict[str, Any], exp: int | timedelta) -> str:
    expires = int(time.time() + exp.total_seconds()) if isinstance(exp, timedelta) else int(exp)
    now = int(time.time())
    return key.sign({"role": role, "iat": now, "exp": expires, **claims})
