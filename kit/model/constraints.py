"""What a spec and the database's CHECKs say about a parameter's value beyond its type: the
spec's `schema:` (a json/jsonb value's whole JSON Schema, or keywords narrowing another type) and
whether an example meets the pattern, length and number bounds."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from jsonschema import Draft202012Validator, SchemaError

from kit.specs import ParamSpec

if TYPE_CHECKING:
    from kit.model.builder import ToolBuilder


def narrowed(
    b: ToolBuilder, spec: ParamSpec, schema: dict[str, Any], json_value: bool
) -> dict[str, Any]:
    """The spec's `schema:`: for a json/jsonb value, which the catalog can only call "any JSON
    value", the whole schema; for another type, keywords over the catalog's schema that narrow
    it (an `enum` of the values a function's argument goes into a CHECK with), never a type."""
    assert spec.schema is not None
    try:
        Draft202012Validator.check_schema(spec.schema)
    except SchemaError as exc:
        b.problem(f"`schema:` of `{spec.name}` is not JSON Schema: {exc.message}", *spec.path[2:])
        return schema
    if json_value:
        return dict(spec.schema)
    changed = [k for k in ("type", "format", "items") if k in spec.schema]
    if changed:
        b.problem(
            f"`schema:` of `{spec.name}` sets {', '.join(changed)}, which its column or argument"
            " type decides",
            *spec.path[2:],
            "schema",
            hint="narrow with keywords such as enum, pattern or maximum; change the type in SQL",
        )
        return schema
    return {**schema, **spec.schema}


def check_example(b: ToolBuilder, spec: ParamSpec, schema: dict[str, Any]) -> None:
    errors = list(Draft202012Validator(schema).iter_errors(spec.example))
    if errors:
        b.problem(
            f"example of `{spec.name}` does not match its `schema:`: {errors[0].message}",
            *spec.path[2:],
            "example",
            hint="give an example the schema accepts, or widen the schema",
        )


def fits(schema: dict[str, Any], value: Any) -> bool:
    """`value` meets the schema's pattern, length and number bounds (from CHECKs, the type)."""
    if isinstance(value, str):
        if "pattern" in schema and re.search(schema["pattern"], value) is None:
            return False
        return bool(schema.get("minLength", 0) <= len(value) <= schema.get("maxLength", len(value)))
    if isinstance(value, bool) or not isinstance(value, int | float):
        return True
    low, high = schema.get("minimum", value), schema.get("maximum", value)
    above, below = (
        schema.get("exclusiveMinimum", value - 1),
        schema.get("exclusiveMaximum", value + 1),
    )
    return bool(low <= value <= high and above < value < below)


_RULES = ("pattern", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum")


def rules(schema: dict[str, Any]) -> str:
    return ", ".join(f"{k} {schema[k]}" for k in (*_RULES, "exclusiveMaximum") if k in schema)
