"""Schemathesis hooks of `bench/consumers.py` (loaded through SCHEMATHESIS_HOOKS).

Whole floats: for an integer in a JSON body Schemathesis also sends the same number written as
a float (`154.0`), which JSON Schema counts as that integer. PostgREST hands the body to
PostgreSQL, which reads a JSON number for an integer column or argument by its text, so `154.0`
is refused (400, 22P02 "invalid input syntax for type integer") on hosted Supabase as on the
local stack. No JSON Schema keyword tells 154 from 154.0, so the document cannot say it (its
descriptions and the generated tools write integers without a fraction); this hook sends such a
value as the integer it is and leaves every other value as generated.
"""

from __future__ import annotations

from typing import Any

import schemathesis


def _plain(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


@schemathesis.hook
def map_body(context: Any, body: Any) -> Any:
    return _plain(body)
