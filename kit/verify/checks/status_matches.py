"""status_matches: the status is the one PostgREST returns for this operation.

GET 200 (206 for a partial range with a count); POST 201 (an upsert that only merged: 200);
PATCH and DELETE 200 with `return=representation`, else 204; RPC 200 (204 for `void`).
"""

from __future__ import annotations

import httpx

from kit.verify.case import Case
from kit.verify.checks import check
from kit.verify.context import CaseContext
from kit.verify.explain import explain
from kit.verify.failure import Failure


def expected_statuses(case: Case) -> set[int]:
    if case.operation in ("list", "get"):
        return {200, 206}
    if case.operation == "rpc":
        return {200, 204}
    if case.operation == "create":
        return {201}
    if case.operation == "upsert":
        return {200, 201}
    return {200} if case.returns_representation else {204}


@check()
async def status_matches(case: Case, response: httpx.Response, ctx: CaseContext) -> None:
    """The status is the one PostgREST returns for this operation."""
    expected = expected_statuses(case)
    if response.status_code in expected:
        return
    raise Failure(
        f"{case.request.method} returned {response.status_code}",
        expected=" or ".join(str(s) for s in sorted(expected)),
        received=f"{response.status_code} {response.reason_phrase}".strip(),
        explanation=explain(response, ctx.situation(case)),
        response=response,
    )
