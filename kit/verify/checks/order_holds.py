"""order_holds: the rows come back in the tool's order.

"The latest conversations first" is part of what a tool promises; a list that is out of order
gives the agent the wrong "latest". Nulls go where PostgreSQL puts them (last ascending, first
descending) unless `nullsfirst`/`nullslast` says otherwise.
"""

from __future__ import annotations

import httpx

from kit.verify.case import Case
from kit.verify.checks import Skip, check
from kit.verify.context import CaseContext, rows_of
from kit.verify.failure import Failure
from kit.verify.values import sorted_by


@check(applies=lambda case: case.reads and bool(case.order))
async def order_holds(case: Case, response: httpx.Response, ctx: CaseContext) -> None:
    """The rows come back in the tool's order."""
    rows = rows_of(response) if response.is_success else []
    if len(rows) < 2:
        raise Skip("fewer than two rows")
    absent = [t.column for t in case.order if t.column not in rows[0]]
    if absent:
        raise Skip(f"order column {absent[0]} is not selected")
    index = sorted_by(rows, case.order)
    if index is None:
        return
    spec = ", ".join(f"{t.column} {'desc' if t.descending else 'asc'}" for t in case.order)
    columns = [t.column for t in case.order]
    raise Failure(
        f"row {index} is out of order",
        expected=f"ordered by {spec}",
        received=(
            f"row {index - 1}: {[rows[index - 1].get(c) for c in columns]} before "
            f"row {index}: {[rows[index].get(c) for c in columns]}"
        ),
        response=response,
    )
