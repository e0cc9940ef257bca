"""Comparing what was sent with what PostgREST returns, and rows with filters and orders.

JSON loses types on the way: a timestamp sent as `2026-11-02 09:00:00Z` comes back as
`2026-11-02T09:00:00+00:00`, a number may be sent as `"3"` (PostgREST casts), a `vector` comes
back as the text `[0.1,0.2]` in float4 precision. `same` and `compare` judge values by meaning.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from kit.verify.arrays import parse_array
from kit.verify.case import Filter, OrderTerm

FLOAT4_TOLERANCE = 1e-6


def same(sent: Any, stored: Any, *, array: bool = False) -> bool:
    """Whether `stored` is the value `sent` became in the database.

    `array`: the column is a PostgreSQL array, so a string sent is an array literal
    (`{chatgpt,developer}`, what a cURL placeholder can carry) and compares element by element
    with the JSON array PostgREST returns. Without it, `{...}` text is just text."""
    if sent == stored:
        return True
    if sent is None or stored is None:
        return False
    if array:
        a, b = _as_list(sent), _as_list(stored)
        if a is not None and b is not None:
            return len(a) == len(b) and all(
                same(x, y, array=isinstance(x, list) or isinstance(y, list))
                for x, y in zip(a, b, strict=True)
            )
    a, b = _vector(sent), _vector(stored)
    if a is not None and b is not None:
        return len(a) == len(b) and all(
            math.isclose(x, y, rel_tol=FLOAT4_TOLERANCE, abs_tol=1e-7)
            for x, y in zip(a, b, strict=True)
        )
    if isinstance(sent, dict | list) or isinstance(stored, dict | list):
        return bool(_json(sent) == _json(stored))
    return bool(_scalar(sent) == _scalar(stored))


def compare(a: Any, b: Any) -> int:
    """-1, 0 or 1, comparing by meaning (numbers, times, booleans, then text)."""
    x, y = _scalar(a), _scalar(b)
    if type(x) is not type(y):
        x, y = str(a), str(b)
    return int(x > y) - int(x < y)


def matches(row: dict[str, Any], flt: Filter) -> bool | None:
    """Whether `row` satisfies `flt`; None when verify cannot judge this operator here."""
    if flt.column not in row:
        return None
    value, test = flt.value, _OPERATORS.get(flt.op)
    if flt.array:  # `cs.{a,b}` on a text[]: the literal as a list
        listed = _as_list(value)
        value = listed if listed is not None else value
        test = _ARRAY_OPERATORS.get(flt.op, test)
    result = test(row[flt.column], value) if test else None
    return None if result is None else result != flt.negated


def sorted_by(rows: Sequence[dict[str, Any]], order: Sequence[OrderTerm]) -> int | None:
    """The index of the first row out of `order`, or None when all are in order."""
    for i in range(1, len(rows)):
        for term in order:
            c = _order_compare(rows[i - 1].get(term.column), rows[i].get(term.column), term)
            if c < 0:
                break
            if c > 0:
                return i
    return None


def _order_compare(a: Any, b: Any, term: OrderTerm) -> int:
    """Negative when a comes first, positive when b should, 0 when tied."""
    if a is None or b is None:
        if a is None and b is None:
            return 0
        return -1 if (a is None) == term.nulls_go_first else 1
    c = compare(a, b)
    return -c if term.descending else c


def _scalar(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return float(value)
    text = str(value)
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    try:
        return float(text)
    except ValueError:
        pass
    moment = _time(text)
    return moment if moment is not None else text


def _time(text: str) -> datetime | None:
    if not re.match(r"^\d{4}-\d\d-\d\d", text):
        return None
    try:
        moment = datetime.fromisoformat(text.replace(" ", "T", 1).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def _vector(value: Any) -> list[float] | None:
    if isinstance(value, str) and value.startswith("[") and value.endswith("]"):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    if isinstance(value, list) and value and all(isinstance(v, int | float) for v in value):
        return [float(v) for v in value]
    return None


def _as_list(value: Any) -> list[Any] | None:
    """An array column's value as a list: a JSON array, an array literal, or JSON array text."""
    if isinstance(value, list):
        return value
    if not isinstance(value, str):
        return None
    parsed = parse_array(value)
    if parsed is None and value.lstrip().startswith("["):
        parsed = _json(value)
    return parsed if isinstance(parsed, list) else None


def _json(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _like(value: Any, pattern: Any, flags: int = 0) -> bool | None:
    if value is None:
        return False
    parts = re.split(r"([*%_])", str(pattern))
    regex = "".join({"*": ".*", "%": ".*", "_": "."}.get(p, re.escape(p)) for p in parts)
    return re.fullmatch(regex, str(value), flags | re.DOTALL) is not None


def _in(value: Any, options: Any) -> bool:
    if isinstance(options, str):
        options = [o.strip().strip('"') for o in options.strip("()").split(",")]
    return any(same(o, value) for o in options)


def _is(value: Any, what: Any) -> bool:
    word = str(what).lower()
    if word in ("null", "none"):
        return value is None
    if word == "not_null":
        return value is not None
    if word == "unknown":
        return value is None
    return value is not None and _scalar(value) == (word == "true")


def _contains(value: Any, wanted: Any) -> bool | None:
    have, want = _json(value), _json(wanted)
    if isinstance(have, list) and isinstance(want, list):
        return all(any(same(w, h) for h in have) for w in want)
    if isinstance(have, dict) and isinstance(want, dict):
        return all(k in have and same(v, have[k]) for k, v in want.items())
    return None


def _cmp(test: Any) -> Any:
    return lambda v, f: v is not None and test(compare(v, f))


def _overlaps(value: Any, wanted: Any) -> bool | None:
    have, want = _as_list(value), _as_list(wanted)
    if have is None or want is None:
        return None
    return any(same(w, h) for w in want for h in have)


_ARRAY_OPERATORS: dict[str, Any] = {
    "eq": lambda v, f: v is not None and same(f, v, array=True),
    "neq": lambda v, f: v is not None and not same(f, v, array=True),
    "ov": _overlaps,
}

_OPERATORS: dict[str, Any] = {
    "eq": lambda v, f: v is not None and same(f, v),
    "neq": lambda v, f: v is not None and not same(f, v),
    "gt": _cmp(lambda c: c > 0),
    "gte": _cmp(lambda c: c >= 0),
    "lt": _cmp(lambda c: c < 0),
    "lte": _cmp(lambda c: c <= 0),
    "like": _like,
    "ilike": lambda v, f: _like(v, f, re.IGNORECASE),
    "in": _in,
    "is": _is,
    "cs": _contains,
    "cd": lambda v, f: _contains(f, v),
}


def shown(value: Any, limit: int = 80) -> str:
    """A value as JSON text for a message (`null`, `"abc"`, `{"id": 5}`), never a Python repr
    such as `None` or `{'id': 5}`; cut at `limit` characters."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"
