"""filters_hold: every row returned satisfies every filter the tool applies.

A row that breaks `user_id=eq.user_ada` in ListConversations means the agent would act on
another user's data. Filter columns the tool does not select are read back by primary key with
the service key; operators verify cannot judge locally (full-text search) are skipped.
"""

from __future__ import annotations

from typing import Any

import httpx

from kit.verify.case import Case, Filter
from kit.verify.checks import Skip, check
from kit.verify.context import CaseContext, key_of, rows_of
from kit.verify.failure import Failure
from kit.verify.values import matches, shown


@check(applies=lambda case: case.reads and bool(case.filters))
async def filters_hold(case: Case, response: httpx.Response, ctx: CaseContext) -> None:
    """Every row returned satisfies every filter the tool applies."""
    rows = rows_of(response) if response.is_success else []
    if not rows:
        raise Skip("no rows returned")
    rows = await _with_filter_columns(case, rows, ctx)
    judged = 0
    for index, row in enumerate(rows):
        for flt in case.filters:
            verdict = matches(row, flt)
            if verdict is False:
                raise Failure(
                    f"row {index} breaks the filter {_text(flt)}",
                    expected=f"{flt.column} {_text(flt)}",
                    received=f"{flt.column} = {shown(row.get(flt.column))}",
                    response=response,
                )
            judged += verdict is True
    if not judged:
        raise Skip("no filter verify can evaluate on these rows")


async def _with_filter_columns(
    case: Case, rows: list[dict[str, Any]], ctx: CaseContext
) -> list[dict[str, Any]]:
    """Rows carrying every filter column: missing ones read back by primary key."""
    missing = {f.column for f in case.filters} - set().union(*(r.keys() for r in rows))
    keys = [key_of(r, case.primary_key) for r in rows]
    if not missing or any(k is None for k in keys):
        return rows
    full = await ctx.session.rows_by_key(case.table, [k for k in keys if k is not None])
    return full if len(full) == len(rows) else rows


def _text(flt: Filter) -> str:
    return f"{'not.' if flt.negated else ''}{flt.op}.{flt.value}"
