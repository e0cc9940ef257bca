"""reads_not_hidden: a read the service key answers with rows does not return nothing to the
agent.

A missing or wrong SELECT policy does not fail loudly: PostgREST answers 200 with `[]`, and the
agent concludes there is no data. The same request with the service key (which bypasses RLS)
tells the two apart. Fewer rows than the service key sees is fine (policies may scope rows to
a user); none at all is not.
"""

from __future__ import annotations

import httpx

from kit.verify.case import Case
from kit.verify.checks import Skip, check
from kit.verify.context import CaseContext, rows_of
from kit.verify.failure import Failure

_FUNCTION_NOTE = "; the function runs with the caller's rights (SECURITY INVOKER)"


@check(applies=lambda case: case.reads)
async def reads_not_hidden(case: Case, response: httpx.Response, ctx: CaseContext) -> None:
    """A read the service key answers with rows does not return nothing to the agent."""
    if not response.is_success and response.status_code != 406:
        raise Skip(f"status {response.status_code}")
    if rows_of(response) and response.status_code != 406:
        return
    key = ctx.session.target.service_key
    if not key:
        raise Skip("no service key to compare with")
    service = await ctx.session.send(case.request.with_bearer(key.reveal()))
    seen = len(rows_of(service)) if service.is_success else 0
    if not seen:
        raise Skip("no rows match, for the service key either")
    role = ctx.session.agent_role
    kind = "function" if case.function else "table"
    raise Failure(
        f"the agent sees no rows where the service key sees {seen}",
        expected=f"the rows role {role} may read",
        received=f"status {response.status_code}, no rows",
        explanation=(
            f"row-level security hides every row of {case.table} from role {role}: no SELECT "
            f"policy for {role} on {case.table} lets these rows through (add one, or fix its "
            f"USING condition){_FUNCTION_NOTE if kind == 'function' else ''}"
        ),
        response=response,
    )
