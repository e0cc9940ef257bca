"""Who the agent is, per project: `kit.toml` `[agent]`.

Two identities (issue 11):

- `service`: a role of its own (default `maker_agent`) acting for no one in particular; its
  grants and RLS policies come from `kit access`, and its tools filter rows themselves.
- `user`: the agent acts for one user. Its JWT carries that user's id as `sub` and the role the
  schema's policies already target (`authenticated`), so `auth.uid()` policies apply unchanged.

`kit access`, `kit keys mint`, `kit curl` and `kit verify` read it; `kit access --identity ...`
writes it, so nobody edits the file by hand.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

from kit.errors import KitError, Location
from kit.project import Project

FILE = "kit.toml"
SERVICE = "service"
USER = "user"
DEFAULT_ROLE = {SERVICE: "maker_agent", USER: "authenticated"}
SUB_ENV = "MAKER_AGENT_SUB"


@dataclass(frozen=True)
class Identity:
    role: str = "maker_agent"
    mode: str = SERVICE
    sub: str | None = None  # mode user: the user the agent acts for

    def claims(self) -> dict[str, str]:
        """Claims besides `role` the agent's JWT carries."""
        if self.mode == USER and self.sub:
            return {"sub": self.sub, "aud": "authenticated"}
        return {}

    def with_sub(self, sub: str | None) -> Identity:
        return replace(self, sub=sub) if sub else self


def identity_path(project: Project) -> Path:
    return project.root / FILE


def load_identity(project: Project) -> Identity:
    """The project's identity; without `kit.toml`, the service identity `maker_agent`.

    `MAKER_AGENT_SUB` in the environment overrides the file's `sub`.
    """
    path = identity_path(project)
    data: dict[str, object] = {}
    if path.is_file():
        try:
            data = dict(tomllib.loads(path.read_text()).get("agent", {}))
        except tomllib.TOMLDecodeError as exc:
            raise KitError(
                f"invalid TOML: {exc}",
                location=Location(path, getattr(exc, "lineno", None)),
                hint="fix the syntax, or rewrite it with `kit access --identity service|user`",
            ) from exc
    mode = str(data.get("identity", SERVICE))
    if mode not in DEFAULT_ROLE:
        raise KitError(
            f"unknown identity {mode!r}",
            location=Location(path),
            hint='[agent] identity is "service" or "user"',
        )
    role = str(data.get("role") or DEFAULT_ROLE[mode])
    sub = os.environ.get(SUB_ENV) or (str(data["sub"]) if data.get("sub") else None)
    return Identity(role=role, mode=mode, sub=sub)


def save_identity(project: Project, identity: Identity) -> Path:
    """Write `[agent]` of `kit.toml` (the whole file: it holds nothing else)."""
    lines = [
        "# Maker Kit: who the agent is. Written by `kit access`; read by kit keys, curl, verify.",
        "[agent]",
        f'role = "{identity.role}"',
        f'identity = "{identity.mode}"  # service | user (acts for one user: JWT sub)',
    ]
    if identity.sub:
        lines.append(f'sub = "{identity.sub}"  # the user verify and curl act for')
    path = identity_path(project)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def agent_token(
    project: Project,
    identity: Identity,
    secret: str | None,
    exp: int | timedelta | None = None,
    extra: dict[str, str] | None = None,
    *,
    hs256: bool = False,
) -> tuple[str, str] | None:
    """The agent's JWT and how it was signed: the project's first signing key (ES256, with its
    `kid`) when it has one, else the legacy HS256 `secret`; None when neither is known."""
    from kit.stack.keys import LOCAL_KEY_EXP, mint
    from kit.stack.signing import load_keys, sign_agent

    if identity.mode == USER and not identity.sub:
        raise KitError(
            'the agent acts for one user (kit.toml identity = "user") but no user is given',
            location=Location(identity_path(project)),
            hint=f"run `kit access --sub <user id>` (saved in kit.toml), or set {SUB_ENV}",
        )
    keys = [] if hs256 else load_keys(project)
    lifetime = LOCAL_KEY_EXP if exp is None else exp
    claims = identity.claims() | (extra or {})
    if keys:
        token = sign_agent(keys[0], identity.role, claims, lifetime)
        return token, f"signing key {keys[0].kid} ({keys[0].alg})"
    if secret:
        return mint(secret, identity.role, exp=lifetime, extra_claims=claims), "the JWT secret"
    return None
