"""updates_change_only_sent: an update changes the columns it sends and nothing else.

Every column not in the body must keep its value, except timestamps the database stamps
itself during the run (an `updated_at` trigger). The rows changed must be the ones the tool's
filter (or conflict key) targets: an update that also rewrote other rows fails here.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import httpx

from kit.verify.case import Case
from kit.verify.checks import Skip, check
from kit.verify.context import CaseContext, key_of
from kit.verify.failure import Failure
from kit.verify.values import _time, same, shown

CLOCK_SLACK = timedelta(minutes=5)


@check(applies=lambda case: case.operation in ("update", "upsert"))
async def updates_change_only_sent(case: Case, response: httpx.Response, ctx: CaseContext) -> None:
    """An update changes the columns it sends and nothing else."""
    if not response.is_success:
        raise Skip(f"status {response.status_code}: nothing was written")
    if not ctx.before:
        raise Skip("the write inserted a new row: nothing to compare with")
    before = {str(key_of(r, case.primary_key)): r for r in ctx.before}
    stray = [k for k in ctx.affected if str(k) not in before]
    if stray and case.operation == "update":
        raise Failure(
            "the update changed rows outside its filter",
            expected="only rows matching "
            + ", ".join(
                f"{f.column}={f.op}.{f.value if isinstance(f.value, str) else shown(f.value)}"
                for f in case.filters
            ),
            received="also " + "; ".join(shown(k) for k in stray[:3]),
            response=response,
        )
    after = await ctx.session.rows_by_key(
        case.table, [key_of(r, case.primary_key) or {} for r in ctx.before]
    )
    started = datetime.fromtimestamp(ctx.session.started).astimezone() - CLOCK_SLACK
    for row in after:
        old = before.get(str(key_of(row, case.primary_key)))
        for column, value in row.items():
            if old is None or column in case.sent or same(old.get(column), value):
                continue
            if _stamped(value, started):
                continue
            raise Failure(
                f"{case.table}.{column} changed although the tool does not send it",
                expected=f"{column} = {shown(old.get(column))} (unchanged)",
                received=f"{column} = {shown(value)}",
                explanation="a trigger or a wrong body rewrote a column the tool does not set",
                response=response,
            )


def _stamped(value: Any, started: datetime) -> bool:
    """A timestamp the database set during this run (now() in a trigger)."""
    moment = _time(str(value)) if value is not None else None
    return moment is not None and moment >= started
