"""The "Reproduce with" command: a request as a single-quoted cURL line, keys as placeholders.

Credential headers are written with the placeholder of the key they carried (`$MAKER_AGENT_KEY`,
`$SUPABASE_ANON_KEY`, ...) in double quotes, so a report can be pasted into a shell with those
variables set and never holds a key.
"""

from __future__ import annotations

from collections.abc import Mapping

from kit.secret import Secret
from kit.verify.case import CREDENTIAL_HEADERS, Request


def to_curl(request: Request, keys: Mapping[str, Secret | None]) -> str:
    """`keys` maps placeholder names to the secrets that may appear in the request."""
    parts = ["curl", "--globoff", "--request", request.method, _quote(request.url)]
    for name, value in request.headers.items():
        if name.lower() in CREDENTIAL_HEADERS:
            # Double quotes so the shell fills in `$NAME`; the value holds nothing else.
            parts += ["--header", f'"{name}: {_placeholders(value, keys)}"']
        else:
            parts += ["--header", _quote(f"{name}: {value}")]
    if request.body is not None:
        parts += ["--data-raw", _quote(request.body.replace("'", "\\u0027"))]
    return " ".join(parts)


def _placeholders(value: str, keys: Mapping[str, Secret | None]) -> str:
    for name, secret in keys.items():
        if secret and secret.reveal() and secret.reveal() in value:
            value = value.replace(secret.reveal(), f"${name}")
    # A key verify does not know (still a key): never print it.
    scheme, _, token = value.partition(" ")
    if "$" not in value:
        return f"{scheme} $KEY" if token else "$KEY"
    return value


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"
