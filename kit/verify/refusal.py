"""Judging a request that must be refused: shared by the two auth checks.

Refused means 401 or 403, or any other client error: a 400 or 404 answers with no data and writes
nothing (PostgREST validates a request before it checks rights, so a broken tool fails that way
for every key). For reads, "sees nothing" also passes: 200 with no rows (RLS with no policy for
that role); so does an update or delete that reached no row (RLS hid every row: nothing
written). A 2xx with data, a write that succeeds, a redirect or a server error fails; rows a
wrongly accepted write created go into the ledger so cleanup removes them.
"""

from __future__ import annotations

import httpx

from kit.verify.case import Case, Request
from kit.verify.context import CaseContext, rows_of
from kit.verify.explain import error_of
from kit.verify.failure import Failure
from kit.verify.writes import created_by_refusal_probe


async def expect_refused(case: Case, request: Request, who: str, ctx: CaseContext) -> None:
    response = await ctx.session.send(request)
    if 400 <= response.status_code < 500:
        return
    if (case.reads or case.operation in ("update", "delete")) and _sees_nothing(response):
        return
    await created_by_refusal_probe(case, response, ctx)
    raise Failure(
        f"a request {who} was not refused",
        expected="401 or 403 (any 4xx)" + (", or no rows" if case.reads else ""),
        received=_received(response),
        explanation=_why(case, who, response),
        response=response,
        request=request,
    )


def _sees_nothing(response: httpx.Response) -> bool:
    return response.is_success and not rows_of(response) and response.content.strip() != b"null"


def _received(response: httpx.Response) -> str:
    if response.is_success:
        rows = rows_of(response)
        return (
            f"{response.status_code} with {len(rows)} row(s)" if rows else str(response.status_code)
        )
    error = error_of(response) or {}
    return f"{response.status_code} {error.get('code') or ''}".strip()


def _why(case: Case, who: str, response: httpx.Response) -> str:
    if not response.is_success:
        return "the server failed instead of refusing; see the body"
    if case.reads:
        return (
            f"{case.table} is readable {who}: revoke SELECT from anon (and authenticated), or "
            "enable row level security with no policy for them"
        )
    if case.function:
        return (
            f"function {case.function} runs {who}: revoke EXECUTE on it from anon and PUBLIC "
            "(functions are executable by PUBLIC unless revoked)"
        )
    privilege = {"create": "INSERT", "upsert": "INSERT and UPDATE", "update": "UPDATE"}
    return (
        f"{case.table} accepts writes {who}: revoke "
        f"{privilege.get(case.operation, 'DELETE')} on {case.table} from anon, or enable row "
        "level security with no policy for anon"
    )
