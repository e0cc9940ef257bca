"""deletes_remove_only_matching: a delete removes the rows its filter matches, and only those.

The rows matching the filter are read with the service key before the request; afterwards each
must be gone and the table must have lost exactly that many rows. (Cleanup puts them back.)
"""

from __future__ import annotations

import httpx

from kit.verify.case import Case
from kit.verify.checks import Skip, check
from kit.verify.context import CaseContext, key_of
from kit.verify.failure import Failure
from kit.verify.values import shown


@check(applies=lambda case: case.operation == "delete")
async def deletes_remove_only_matching(
    case: Case, response: httpx.Response, ctx: CaseContext
) -> None:
    """A delete removes the rows its filter matches, and only those."""
    if not response.is_success:
        raise Skip(f"status {response.status_code}: nothing was deleted")
    if not ctx.before:
        raise Skip("no row matched the filter before the request")
    keys = [k for k in (key_of(r, case.primary_key) for r in ctx.before) if k is not None]
    left = await ctx.session.rows_by_key(case.table, keys)
    if left:
        raise Failure(
            f"{len(left)} matching row(s) still in {case.table}",
            expected="every row matching the filter removed",
            received="still there: "
            + "; ".join(shown(key_of(r, case.primary_key)) for r in left[:3]),
            explanation=f"no DELETE policy on {case.table} for role {ctx.session.agent_role} "
            "whose USING clause matches these rows",
            response=response,
        )
    count = await ctx.session.count(case.table)
    expected = (ctx.before_count or 0) - len(ctx.before)
    if ctx.before_count is not None and count != expected:
        raise Failure(
            f"{case.table} lost {ctx.before_count - count} rows, not {len(ctx.before)}",
            expected=f"{expected} rows left",
            received=f"{count} rows left",
            response=response,
        )
