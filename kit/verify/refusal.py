"""Judging a request that must be refused: shared by the two auth checks.

Refused means 401 or 403. For reads, "sees nothing" also passes: 200 with no rows (RLS with no
policy for that role) or 406 for a singular read of no row. A write that succeeds is a failure,
and the rows it created go into the ledger so cleanup removes them.
"""

from __future__ import annotations

import httpx

from kit.verify.case import Case, Request
from kit.verify.context import CaseContext, rows_of
from kit.verify.explain import error_of
from kit.verify.failure import Failure
from kit.verify.writes import created_by_refusal_probe

REFUSED = frozenset({401, 403})


async def expect_refused(case: Case, request: Request, who: str, ctx: CaseContext) -> None:
    response = await ctx.session.send(request)
    if response.status_code in REFUSED:
        return
    if case.reads and _sees_nothing(response):
        return
    await created_by_refusal_probe(case, response, ctx)
    raise Failure(
        f"a request {who} was not refused",
        expected="401 or 403" + (", or no rows" if case.reads else ""),
        received=_received(response),
        explanation=_why(case, who, response),
        response=response,
        request=request,
    )


def _sees_nothing(response: httpx.Response) -> bool:
    if response.status_code == 406:
        return True
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
        return "the request failed for another reason than missing rights; see the body"
    if case.reads:
        return (
            f"{case.table} is readable {who}: revoke SELECT from anon (and authenticated), or "
            "enable row level security with no policy for them"
        )
    return f"{case.table} accepts writes {who}: revoke the write privilege from anon"
