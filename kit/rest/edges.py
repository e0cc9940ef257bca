"""Rules hosted Supabase's API gateway applies before PostgREST, which the kit reproduces.

- A secret key (`sb_secret_…`) is refused from a browser: the hosted gateway answers 401 when
  such a request carries a browser `User-Agent`; the kit also counts an `Origin` header as a
  browser (servers' HTTP clients do not send one). The body wording is the kit's; the hosted
  gateway's exact text is not documented.
- Non-preflight `OPTIONS` needs a key like any other request (Kong answers only preflights
  itself), so it cannot confirm which tables exist to a caller without one.
"""

from __future__ import annotations

from kit.rest.config import RestConfig
from kit.rest.errors import GatewayError


def is_browser(headers: list[tuple[str, str]]) -> bool:
    for key, value in headers:
        lk = key.lower()
        # Every browser's User-Agent starts with "Mozilla/"; Node, Deno, curl, httpx do not.
        if lk == "origin" or (lk == "user-agent" and value.startswith("Mozilla/")):
            return True
    return False


def refuse_secret_in_browser(
    config: RestConfig, browser: bool, apikey: str | None, authorization: str | None
) -> None:
    secret = config.secret_key
    if apikey != secret and (authorization or "").strip() != f"Bearer {secret}":
        return
    if browser:
        raise GatewayError(
            "Forbidden use of secret API key in browser",
            "Secret API keys can only be used in a protected environment and should never be "
            "used in a browser. Use a publishable key instead.",
        )


def is_preflight(headers: list[tuple[str, str]]) -> bool:
    return any(k.lower() == "access-control-request-method" for k, _ in headers)
