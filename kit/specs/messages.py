"""JSON Schema validation errors as messages a person editing YAML understands."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any, cast

from jsonschema import ValidationError

from kit.errors import KitError
from kit.specs.spec import Marks

NAME_HINT = (
    "tool names are PascalCase letters and digits, at most 64 characters (e.g. "
    "ListConversations): they become the cURL file name, the OpenAPI operationId and the "
    "OpenAI/Anthropic function name"
)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """` — did you mean `x`?` for the nearest choice, or nothing."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" — did you mean `{close[0]}`?" if close else ""


def describe(error: ValidationError, marks: Marks) -> KitError:
    path = tuple(error.absolute_path)
    where = marks.where(*path)
    field = ".".join(str(p) for p in path) or "the document"
    if error.validator == "additionalProperties":
        return _unknown_key(error, marks)
    if error.validator == "required":
        missing = str(error.message).split("'")[1]
        return KitError(
            f"`{field}` is missing the required key `{missing}`",
            location=where,
            hint=f"add `{missing}:`; the editor completes keys from kit/specs/schema.json",
        )
    if error.validator == "enum":
        allowed = [str(v) for v in cast(list[Any], error.validator_value)]
        near = did_you_mean(str(error.instance), allowed)
        return KitError(
            f"`{error.instance}` is not allowed for `{field}`{near}",
            location=where,
            hint="one of: " + ", ".join(allowed),
        )
    if path and path[-1] == "name" and len(path) == 3 and path[0] == "tools":
        return KitError(f"bad tool name `{error.instance}`", location=where, hint=NAME_HINT)
    return KitError(f"`{field}`: {_short(error)}", location=where)


def _unknown_key(error: ValidationError, marks: Marks) -> KitError:
    instance = cast(dict[str, Any], error.instance)
    allowed = list(cast(dict[str, Any], error.schema).get("properties", {}))
    extra = [k for k in instance if k not in allowed]
    key = extra[0] if extra else "?"
    path = tuple(error.absolute_path)
    return KitError(
        f"unknown key `{key}`{did_you_mean(key, allowed)}",
        location=marks.where(*path, key),
        hint="allowed here: " + ", ".join(allowed),
    )


def _short(error: ValidationError) -> str:
    if error.validator == "pattern":
        return f"`{error.instance}` does not match {error.validator_value}"
    if error.validator == "type":
        return f"expected {error.validator_value}, got `{error.instance}`"
    return str(error.message)
