"""limit_holds: a read returns no more rows than the tool's limit.

Without a limit an agent can pull a whole table into its context window; the tool promises
at most `limit` rows, and a singular (get) tool exactly one object.
"""

from __future__ import annotations

import httpx

from kit.verify.case import Case
from kit.verify.checks import Skip, check
from kit.verify.context import CaseContext, rows_of
from kit.verify.failure import Failure
from kit.verify.values import shown


@check(applies=lambda case: case.reads and (case.limit is not None or case.singular))
async def limit_holds(case: Case, response: httpx.Response, ctx: CaseContext) -> None:
    """A read returns no more rows than the tool's limit."""
    if not response.is_success:
        raise Skip(f"status {response.status_code}")
    if case.singular:
        body = response.json()
        if not isinstance(body, dict):
            raise Failure(
                "a singular read did not return one object",
                expected="one JSON object",
                received=f"a JSON {'array' if isinstance(body, list) else type(body).__name__}: "
                f"{shown(body)}",
                response=response,
            )
        return
    count = len(rows_of(response))
    if case.limit is not None and count > case.limit:
        raise Failure(
            f"{count} rows returned, more than the limit",
            expected=f"at most {case.limit} rows",
            received=f"{count} rows",
            response=response,
        )
