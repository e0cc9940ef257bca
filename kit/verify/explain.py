"""Plain words for an error response: what is wrong in the database or the key, and what to do.

PostgREST passes PostgreSQL errors through (`code` = SQLSTATE) and adds its own `PGRST…` codes;
Supabase's gateway answers 401 with a `message` only. `explain` turns the ones a tool runs into
most often into a sentence naming the table, the role and the missing piece.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

PRIVILEGE_OF_METHOD = {"GET": "SELECT", "HEAD": "SELECT", "POST": "INSERT", "PATCH": "UPDATE"}
PRIVILEGE_OF_METHOD |= {"PUT": "INSERT and UPDATE", "DELETE": "DELETE"}
COMMAND_OF_METHOD = {"GET": "SELECT", "POST": "INSERT", "PATCH": "UPDATE", "DELETE": "DELETE"}


@dataclass(frozen=True)
class Situation:
    """What the request was: enough to name the missing GRANT or policy."""

    table: str
    method: str
    role: str
    function: str | None = None
    upsert: bool = False


def error_of(response: httpx.Response) -> dict[str, Any] | None:
    """The `{code, message, details, hint}` body of an error response, if it has one."""
    if response.status_code < 400:
        return None
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) and ("message" in body or "code" in body) else None


def explain(response: httpx.Response, situation: Situation) -> str | None:
    error = error_of(response)
    if error is None:
        return None
    code = str(error.get("code") or "")
    message = str(error.get("message") or "")
    for matches, explainer in _EXPLAINERS:
        if matches(code, message):
            return explainer(error, situation)
    return f"{code or response.status_code}: {message}" if message else None


def _permission(error: dict[str, Any], s: Situation) -> str:
    message = str(error.get("message") or "")
    if "row-level security" in message:
        return _rls(error, s)
    if s.function or "function" in message:
        name = s.function or _quoted_name(message, "function") or "the function"
        return f"missing GRANT EXECUTE on function {name} for role {s.role}"
    table = _quoted_name(message, "table") or s.table
    if table.rsplit(".", 1)[-1] != s.table.rsplit(".", 1)[-1]:
        # Another table than the request's: a policy, view, trigger or function reads it.
        return (
            f"missing GRANT SELECT on {table} for role {s.role}: the request on {s.table} "
            f"reads it (a row-level security policy, trigger or view of {s.table} does): "
            f"{message}"
        )
    privilege = "INSERT and UPDATE" if s.upsert else PRIVILEGE_OF_METHOD.get(s.method, "access")
    # A filter or a returned representation reads the table: SELECT is needed as well.
    also = (
        " (and SELECT: its filters and returned rows read the table)"
        if s.method
        in (
            "PATCH",
            "DELETE",
        )
        else ""
    )
    return f"missing GRANT {privilege} on {table} for role {s.role}{also}: {message}"


def _rls(error: dict[str, Any], s: Situation) -> str:
    table = _quoted_name(str(error.get("message")), "table") or s.table
    command = COMMAND_OF_METHOD.get(s.method, "INSERT")
    clause = "WITH CHECK" if command in ("INSERT", "UPDATE") else "USING"
    return (
        f"new row violates row-level security policy for table {table}: no {command} policy for "
        f"role {s.role} whose {clause} accepts this row (add one, or fix its condition)"
    )


def _undefined_column(error: dict[str, Any], s: Situation) -> str:
    message = str(error.get("message") or "")
    found = re.search(r"'(\w+)' column", message) or re.search(r'column "?([\w.]+)"? does', message)
    column = found[1].rsplit(".", 1)[-1] if found else "?"
    return (
        f"column {column} does not exist on {s.table} in the live database (dropped or renamed?); "
        "fix the migration or the tool spec, then run `kit generate`"
    )


def _check(error: dict[str, Any], s: Situation) -> str:
    constraint = _quoted_name(str(error.get("message")), "constraint") or "a CHECK constraint"
    return (
        f"the values sent violate CHECK constraint {constraint} on {s.table}: the constraint "
        "and the tool's allowed values disagree; fix one of them"
    )


def _not_null(error: dict[str, Any], s: Situation) -> str:
    column = _quoted_name(str(error.get("message")), "column") or "a column"
    return f"column {column} of {s.table} is NOT NULL and the tool sends no value for it"


def _unique(error: dict[str, Any], s: Situation) -> str:
    return (
        f"a row with the same unique key already exists in {s.table}{_detail(error)}: the "
        "value must be new on every call (give the tool an `example:` that is not in the data)"
    )


def _foreign_key(error: dict[str, Any], s: Situation) -> str:
    return f"a referenced row does not exist{_detail(error)}"


def _invalid_value(error: dict[str, Any], s: Situation) -> str:
    message = str(error.get("message") or "")
    enum = re.search(r"invalid input value for enum ([\w.\"]+)", message)
    what = f"a value of enum {enum[1]}" if enum else "valid input for the column's type"
    return (
        f"a value sent is not {what} ({message}); send one the type accepts (set `example:` "
        "in the tool spec)"
    )


def _detail(error: dict[str, Any]) -> str:
    """` (Key (email)=(a@b) already exists.)`, or nothing when the body has no details."""
    details = error.get("details")
    return f" ({details})" if isinstance(details, str) and details else ""


def _bad_jwt(error: dict[str, Any], s: Situation) -> str:
    return (
        "the key is not a valid JWT for this project (wrong JWT secret, malformed or truncated "
        f"key: {error.get('message') or 'no message'}); mint one with `kit keys mint --role "
        "maker_agent`"
    )


def _expired(error: dict[str, Any], s: Situation) -> str:
    return "the key has expired; mint a new one with `kit keys mint --role maker_agent`"


def _gateway(error: dict[str, Any], s: Situation) -> str:
    return f"the API gateway refused the apikey header: {error.get('message') or 'no message'}"


def _no_table(error: dict[str, Any], s: Situation) -> str:
    return (
        f"table {s.table} is not in the API's schema cache: not created, not in an exposed "
        "schema, or the cache is stale (NOTIFY pgrst, 'reload schema')"
    )


def _no_function(error: dict[str, Any], s: Situation) -> str:
    return (
        f"function {s.function or '?'} with these argument names is not in the API's schema "
        f"cache{_detail({'details': error.get('hint') or error.get('message')})}"
    )


def _no_role(error: dict[str, Any], s: Situation) -> str:
    return (
        f"the key's role does not exist in the database{_detail({'details': error.get('message')})}"
    )


def _quoted_name(message: str, noun: str) -> str | None:
    match = re.search(rf'{noun} "?([\w.]+)"?', message)
    return match[1] if match else None


_EXPLAINERS: list[tuple[Callable[[str, str], bool], Callable[[dict[str, Any], Situation], str]]] = [
    (lambda c, m: c == "42501", _permission),
    (lambda c, m: c in ("42703", "PGRST204"), _undefined_column),
    (lambda c, m: c == "23514", _check),
    (lambda c, m: c == "23502", _not_null),
    (lambda c, m: c == "23505", _unique),
    (lambda c, m: c == "23503", _foreign_key),
    (
        lambda c, m: c in ("22P02", "22023", "22007", "22008", "22003") and "role" not in m,
        _invalid_value,
    ),
    (lambda c, m: c == "PGRST301", _bad_jwt),
    (lambda c, m: c == "PGRST303" or "expired" in m.lower(), _expired),
    (lambda c, m: c in ("42P01", "PGRST205"), _no_table),
    (lambda c, m: c in ("42883", "PGRST202"), _no_function),
    (lambda c, m: c == "22023" and "role" in m, _no_role),
    (lambda c, m: not c and ("API key" in m or "apikey" in m), _gateway),
]
