"""ApiError: the one JSON error shape `{code, details, hint, message}`, and PostgREST's codes.

Code ranges, as in PostgREST `Error.hs`:

    PGRST0xx  connection   000 cannot connect, 002 schema cache not loaded, 003 pool timeout
    PGRST1xx  request      100 query string, 101 RPC verb, 102 body, 103 range, 105 PUT filters,
                           106 schema, 107 media type, 108 filter on non-embedded, 114 PUT limit,
                           115 PUT pk mismatch, 116 singular, 117 method, 118 related order,
                           120 embed filter operator, 121 unparsable RAISE 'PGRST',
                           122 strict prefs, 123 aggregates,
                           124 max-affected, 125 path, 127 not implemented
                           (retired: 104, 109, 110, 113, 119)
    PGRST2xx  schema cache 200 no relationship, 201 ambiguous relationship, 202 no function,
                           203 ambiguous function, 204 column, 205 table
    PGRST3xx  JWT          301 decode, 302 anonymous disabled, 303 claims
    SQLSTATE  passed through, status from `sqlstate_status`

The API gateway's own 401 bodies (no or invalid `apikey`) have only `message` and `hint`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass
class ApiError(Exception):
    status: int
    code: str
    message: str
    details: Any = None
    hint: Any = None
    headers: dict[str, str] = field(default_factory=dict)

    def body(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "details": self.details,
            "hint": self.hint,
            "message": self.message,
        }

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


@dataclass
class GatewayError(Exception):
    """The API gateway's 401 (before PostgREST): `{message, hint}` only."""

    message: str
    hint: str
    status: int = 401

    def body(self) -> dict[str, Any]:
        return {"message": self.message, "hint": self.hint}


def query_param(message: str, details: str) -> ApiError:
    return ApiError(400, "PGRST100", message, details)


def invalid_body(message: str) -> ApiError:
    return ApiError(400, "PGRST102", message)


def not_implemented(details: str) -> ApiError:
    return ApiError(400, "PGRST127", "Feature not implemented", details)


def jwt_decode(message: str, details: str | None = None) -> ApiError:
    return ApiError(401, "PGRST301", message, details, headers=_invalid_token(message))


def jwt_claims(message: str) -> ApiError:
    return ApiError(401, "PGRST303", message, headers=_invalid_token(message))


def _invalid_token(message: str) -> dict[str, str]:
    return {"WWW-Authenticate": f'Bearer error="invalid_token", error_description="{message}"'}


def raised(message: str, detail: str | None) -> ApiError:
    """`RAISE SQLSTATE 'PGRST' USING message = '{"code",...}', detail = '{"status",...}'`."""
    try:
        body = json.loads(message)
        if not isinstance(body, dict) or "code" not in body or "message" not in body:
            raise ValueError
    except ValueError:
        return ApiError(
            500,
            "PGRST121",
            _RAISE_MESSAGE,
            f"Invalid JSON value for MESSAGE: '{message}'",
            "MESSAGE must be a JSON object with obligatory keys: 'code', 'message' and "
            "optional keys: 'details', 'hint'.",
        )
    detail_hint = (
        "DETAIL must be a JSON object with obligatory keys: 'status', 'headers' and "
        "optional key: 'status_text'."
    )
    if detail is None:
        return ApiError(
            500, "PGRST121", _RAISE_MESSAGE, "DETAIL is missing in the RAISE statement", detail_hint
        )
    try:
        spec = json.loads(detail)
        status, headers = int(spec["status"]), dict(spec["headers"])
    except (ValueError, KeyError, TypeError):
        return ApiError(
            500,
            "PGRST121",
            _RAISE_MESSAGE,
            f"Invalid JSON value for DETAIL: '{detail}'",
            detail_hint,
        )
    return ApiError(
        status,
        str(body["code"]),
        str(body["message"]),
        body.get("details"),
        body.get("hint"),
        {str(k): str(v) for k, v in headers.items()},
    )


_RAISE_MESSAGE = "Could not parse JSON in the \"RAISE SQLSTATE 'PGRST'\" error"


def from_postgres(
    sqlstate: str, message: str, detail: str | None, hint: str | None, *, authed: bool
) -> ApiError:
    """A PostgreSQL error passed through with PostgREST's status for its SQLSTATE."""
    status = sqlstate_status(sqlstate, message, authed=authed)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    return ApiError(status, sqlstate, message, detail, hint, headers)


_EXACT = {
    "23503": 409,
    "23505": 409,
    "25006": 405,
    "53400": 500,
    "57P01": 503,
    "42P01": 404,
    "42P17": 500,
    "P0001": 400,
}
_PREFIX = {
    "08": 503,
    "09": 500,
    "0L": 403,
    "0P": 403,
    "25": 500,
    "28": 403,
    "2D": 500,
    "38": 500,
    "39": 500,
    "3B": 500,
    "40": 500,
    "53": 503,
    "54": 500,
    "55": 500,
    "57": 500,
    "58": 500,
    "F0": 500,
    "HV": 500,
    "P0": 500,
    "XX": 500,
}


def sqlstate_status(sqlstate: str, message: str, *, authed: bool) -> int:
    """PostgREST `mapSQLtoHTTP`: everything not listed is the client's fault (400)."""
    if sqlstate in _EXACT:
        return _EXACT[sqlstate]
    if sqlstate == "21000":
        return 400 if message.endswith("requires a WHERE clause") else 500
    if sqlstate == "22023":
        return 401 if message.startswith("role") and message.endswith("does not exist") else 400
    if sqlstate == "42883":
        return 406 if message.startswith("function xmlagg(") else 404
    if sqlstate == "42501":
        return 403 if authed else 401
    if sqlstate.startswith("PT") and sqlstate[2:].isdigit():
        return int(sqlstate[2:])
    return _PREFIX.get(sqlstate[:2], 400)
