"""body_matches_schema: a successful body validates against the tool's response schema.

The schema is the one the generated OpenAPI documents for the tool's operation (with its
`components` for `$ref`s), checked with `jsonschema` under the draft OpenAPI 3.1 uses.
"""

from __future__ import annotations

from typing import Any

import httpx
import jsonschema

from kit.verify.case import Case
from kit.verify.checks import Skip, check
from kit.verify.context import CaseContext
from kit.verify.failure import Failure
from kit.verify.values import shown


@check(applies=lambda case: case.response_schema is not None)
async def body_matches_schema(case: Case, response: httpx.Response, ctx: CaseContext) -> None:
    """A successful body validates against the tool's response schema."""
    if response.status_code >= 300:
        raise Skip(f"status {response.status_code}: no documented body to validate")
    if response.status_code == 204 or not response.content:
        raise Skip("empty body")
    try:
        body: Any = response.json()
    except ValueError as exc:
        raise Failure(
            "the body is not JSON",
            expected="a JSON body",
            received=f"{response.headers.get('content-type', 'no content type')}: {exc}",
            response=response,
        ) from exc
    schema = dict(case.response_schema or {})
    validator = jsonschema.Draft202012Validator(schema)
    error = jsonschema.exceptions.best_match(validator.iter_errors(body))
    if error is None:
        return
    where = "/".join(str(p) for p in error.absolute_path) or "(the body)"
    raise Failure(
        f"the body does not match the documented schema at {where}",
        expected=_expected(error),
        received=shown(error.instance, 120),
        explanation=error.message[:300],
        response=response,
    )


def _expected(error: jsonschema.ValidationError) -> str:
    return f"{error.validator}: {str(error.validator_value)[:120]}"
