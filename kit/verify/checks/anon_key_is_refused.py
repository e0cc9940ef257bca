"""anon_key_is_refused: the same request with the anon key instead of the agent key is refused
or sees nothing.

The anon (publishable) key ships in browsers and apps; whatever it can do, anyone can. A tool
meant for the agent's key must not work with it.
"""

from __future__ import annotations

import httpx

from kit.verify.case import Case
from kit.verify.checks import Skip, check
from kit.verify.context import CaseContext
from kit.verify.refusal import expect_refused


@check()
async def anon_key_is_refused(case: Case, response: httpx.Response, ctx: CaseContext) -> None:
    """The same request with the anon key instead of the agent key is refused or sees nothing."""
    anon = ctx.session.target.anon_key
    if not anon:
        raise Skip("no anon key given")
    agent = ctx.session.target.agent_key
    if agent and agent.reveal() == anon.reveal():
        raise Skip("the tool runs with the anon key itself")
    await expect_refused(case, case.request.with_bearer(anon.reveal()), "with the anon key", ctx)
