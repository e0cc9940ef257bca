"""The only keys a tool call may carry: the anon (publishable) key as `apikey` and the agent's
key as bearer. The service key is never taken from the target, and a service_role key offered
in either place is refused outright: it bypasses row level security, so an agent holding it
could read and change every row of every table.
"""

from __future__ import annotations

from dataclasses import dataclass

import jwt

from kit.errors import TargetError
from kit.model import AGENT_KEY, ANON_KEY
from kit.secret import Secret
from kit.target import Target
from kit.verify.context import role_of

MINT_HINT = "mint a least-privilege key with `kit keys mint --role maker_agent`, or set "
MINT_HINT += "SUPABASE_JWT_SECRET so the kit mints one"


@dataclass(frozen=True)
class AgentKeys:
    anon: Secret
    agent: Secret
    role: str  # the agent key's role claim, for plain-words errors

    def placeholders(self) -> dict[str, str]:
        """The key placeholders of a tool's request template, filled."""
        return {ANON_KEY: self.anon.reveal(), AGENT_KEY: self.agent.reveal()}


def agent_keys(target: Target) -> AgentKeys:
    """The agent's keys of `target`; raises `TargetError` for a missing or service_role key."""
    if target.agent_key is None:
        hint = "set MAKER_AGENT_KEY; " + MINT_HINT
        raise TargetError(f"no agent key for {target.name}", hint=hint)
    if target.anon_key is None:
        raise TargetError(
            f"no anon key for {target.name}",
            hint="set SUPABASE_ANON_KEY (or SUPABASE_PUBLISHABLE_KEY) in .env or pass --anon-key",
        )
    for what, key in (("agent key", target.agent_key), ("anon key", target.anon_key)):
        if is_service_role(key, target.service_key):
            raise TargetError(
                f"refusing to serve tools with a service_role key as the {what}: it bypasses row "
                "level security, so the agent could read and change every row of every table",
                hint=MINT_HINT,
            )
    return AgentKeys(target.anon_key, target.agent_key, role_of(target.agent_key))


def is_service_role(key: Secret, service_key: Secret | None = None) -> bool:
    """A secret API key, the target's service key, or a JWT whose role is service_role (read
    without checking the signature: a forged one would be refused by the API anyway)."""
    raw = key.reveal()
    if raw.startswith("sb_secret_") or (service_key is not None and key == service_key):
        return True
    try:
        claims = jwt.decode(raw, options={"verify_signature": False})
    except jwt.PyJWTError:
        return False
    return isinstance(claims, dict) and claims.get("role") == "service_role"
