"""no_key_is_refused: the same request without any key is refused or sees nothing.

Every tool's request is sent again with the `apikey` and `Authorization` headers removed.
Supabase's gateway answers 401; anything that returns data or writes a row means the table is
open to the internet.
"""

from __future__ import annotations

import httpx

from kit.verify.case import Case
from kit.verify.checks import check
from kit.verify.context import CaseContext
from kit.verify.refusal import expect_refused


@check()
async def no_key_is_refused(case: Case, response: httpx.Response, ctx: CaseContext) -> None:
    """The same request without any key is refused or sees nothing."""
    await expect_refused(case, case.request.without_credentials(), "without a key", ctx)
