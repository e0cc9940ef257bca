"""writes_persist: what a write sent is what the database holds afterwards.

Each row the write touched is read back with the service key, and every value sent must equal
the stored one (by meaning: `"3"` and `3`, two spellings of one timestamp, float4 vectors).
A write that answers 2xx but touched no row fails: for an update, that is usually an UPDATE
policy whose USING clause hides the row.
"""

from __future__ import annotations

import httpx

from kit.verify.case import Case
from kit.verify.checks import Skip, check
from kit.verify.context import CaseContext
from kit.verify.failure import Failure
from kit.verify.values import same, shown


@check(applies=lambda case: case.operation in ("create", "update", "upsert"))
async def writes_persist(case: Case, response: httpx.Response, ctx: CaseContext) -> None:
    """What a write sent is what the database holds afterwards."""
    if not response.is_success:
        raise Skip(f"status {response.status_code}: nothing was written")
    if not ctx.affected:
        raise _touched_nothing(case, response, ctx)
    stored = await ctx.session.rows_by_key(case.table, ctx.affected)
    if len(stored) < len(ctx.affected):
        raise Failure(
            "a row the write reported is not in the table",
            expected=f"{len(ctx.affected)} row(s) readable with the service key",
            received=f"{len(stored)} row(s)",
            response=response,
        )
    for row in stored:
        for column, value in case.sent.items():
            if column not in row:
                raise Failure(
                    f"column {column} was sent but is not in the stored row",
                    expected=f"{column} = {shown(value)}",
                    received=f"no column {column} in {case.table}",
                    response=response,
                )
            if not same(value, row[column], array=column in case.array_columns):
                raise Failure(
                    f"{case.table}.{column} does not hold the value sent",
                    expected=f"{column} = {shown(value)}",
                    received=f"{column} = {shown(row[column])}",
                    explanation="a trigger, default or cast changed the value on the way in",
                    response=response,
                )


def _touched_nothing(case: Case, response: httpx.Response, ctx: CaseContext) -> Failure:
    role = ctx.session.agent_role
    if case.operation == "update" and ctx.before:
        why = (
            f"the filter matches {len(ctx.before)} row(s) for the service key but the agent's "
            f"update reached none: row-level security hides them from role {role} (no UPDATE "
            f"policy on {case.table} whose USING clause lets them through, or no SELECT policy)"
        )
    elif case.operation == "update":
        filters = ", ".join(
            f"{f.column}={f.op}.{f.value if isinstance(f.value, str) else shown(f.value)}"
            for f in case.filters
        )
        why = (
            f"the filter ({filters}) matches no row of {case.table}, for the service key "
            "either: the example values name a row that does not exist (fix `example:`)"
        )
    else:
        why = "the response named no row and none with the values sent was found"
    return Failure(
        f"the {case.operation} answered {response.status_code} but changed no row",
        expected="at least one row written",
        received="no row",
        explanation=why,
        response=response,
    )
