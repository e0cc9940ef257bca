"""The parameters of a tool: query filters, body columns or function arguments, and the limit.

Each is typed from the catalog. A body value that is json/jsonb, or optional, has a placeholder
standing for a whole JSON value (`"settings":{{settings}}`): the agent writes an object, a quoted
string or null. An optional filter is left out of the request (see `Parameter.in_request`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kit.catalog import Column
from kit.model.constraints import check_example, fits, narrowed, rules
from kit.model.tool import Parameter
from kit.model.types import (
    argument_schema,
    category,
    column_schema,
    enum_labels,
    example_for,
    operators,
    vector_example,
    with_null,
)
from kit.specs import ParamSpec, did_you_mean

if TYPE_CHECKING:
    from kit.model.builder import ToolBuilder

# json/jsonb values are whole JSON values: their placeholder is written without quotes.
_JSON_VALUES = {"json"}


def filters(b: ToolBuilder) -> list[Parameter]:
    return [p for s in b.spec.filters if (p := _filter(b, s)) is not None]


def _filter(b: ToolBuilder, spec: ParamSpec) -> Parameter | None:
    column = b.column(spec.target, *spec.path[2:], "column" if spec.target != spec.name else "name")
    if column is None:
        return None
    if spec.op not in operators(column):
        kind = category(column.base_type, column.is_array, column.enum)
        b.problem(
            f"operator `{spec.op}` is not valid for column `{column.name}` ({column.type})",
            *spec.path[2:],
            "op",
            hint=f"operators for a {kind} column: " + ", ".join(operators(column)),
        )
        return None
    schema = _filter_schema(column, spec.op)
    return _param(b, spec, "query", column.name, schema, spec.op, column.comment)


def body(b: ToolBuilder) -> list[Parameter]:
    if b.spec.operation == "rpc":
        return [p for s in b.spec.args if (p := _arg(b, s)) is not None]
    return [p for s in b.spec.columns if (p := _column_param(b, s)) is not None]


def _column_param(b: ToolBuilder, spec: ParamSpec) -> Parameter | None:
    column = b.column(spec.target, *spec.path[2:], "name")
    if column is None:
        return None
    if column.generated:
        b.problem(f"column `{column.name}` is generated; it cannot be written", *spec.path[2:])
        return None
    schema = column_schema(column, nullable=False)
    schema.pop("description", None)
    if spec.example is None and _unknown_shape(schema, column.base_type):
        b.problem(
            f"column `{column.name}` is {column.type}: the kit cannot invent a valid value",
            *spec.path[2:],
            hint="give the parameter an `example:` the type accepts",
        )
        return None
    fresh = b.spec.operation in ("create", "upsert") and _unique_alone(b, column.name)
    return _param(
        b,
        spec,
        "body",
        column.name,
        schema,
        None,
        column.comment,
        fresh=fresh,
        base_type=column.base_type,
        type_=column.type,
        nullable=column.nullable,
    )


def _arg(b: ToolBuilder, spec: ParamSpec) -> Parameter | None:
    if b.function is None:
        return None
    argument = b.function.argument(spec.target)
    if argument is None:
        names = [a.name for a in b.function.arguments]
        b.problem(
            f"function `{b.function.name}` has no argument `{spec.target}`"
            f"{did_you_mean(spec.target, names)}",
            *spec.path[2:],
            hint="arguments: " + ", ".join(names),
        )
        return None
    spec_required = spec.required if spec.required is not None else not argument.has_default
    schema = argument_schema(argument, enum_labels(b.catalog, argument.base_type))
    if spec.example is None and _unknown_shape(schema, argument.base_type):
        b.problem(
            f"argument `{argument.name}` is {argument.type}: the kit cannot invent a valid value",
            *spec.path[2:],
            hint="give the parameter an `example:` the type accepts",
        )
        return None
    return _param(
        b,
        spec,
        "body",
        argument.name,
        schema,
        None,
        None,
        spec_required,
        base_type=argument.base_type,
        type_=argument.type,
    )


def _param(
    b: ToolBuilder,
    spec: ParamSpec,
    location: str,
    target: str,
    schema: dict[str, Any],
    operator: str | None,
    comment: str | None,
    required: bool | None = None,
    fresh: bool = False,
    base_type: str = "",
    type_: str = "",
    nullable: bool = True,
) -> Parameter:
    fallback = {
        "filter": f"Rows whose {target} matches ({operator}).",
        "column": f"Value for {target}.",
        "arg": f"Argument {target} of {b.spec.function}.",
    }[spec.kind]
    json_value = location == "body" and category(base_type) in _JSON_VALUES
    if spec.schema is not None:
        schema = narrowed(b, spec, schema, json_value)
    optional = (required if required is not None else spec.required is not False) is False
    # An optional value that may be NULL can be left empty: the agent sends null.
    nullable_optional = location == "body" and optional and nullable
    raw = json_value or nullable_optional
    if nullable_optional:
        schema = with_null(schema)
    example = spec.example if spec.example is not None else example_for(schema)
    if spec.example is None and base_type == "vector":
        example = vector_example(type_)
    if spec.example is None and fresh and isinstance(example, str) and "format" not in schema:
        # A unique column: a value the seed data cannot hold already (seed rows are real data).
        example = f"{b.spec.name.lower()}-{target}-example"[: schema.get("maxLength", 64)]
    if spec.schema is not None and spec.example is not None:
        check_example(b, spec, schema)
    if not fits(schema, example):
        b.problem(
            f"example {example!r} of `{spec.name}` breaks a CHECK on `{target}` ({rules(schema)})",
            *spec.path[2:],
            hint="give the parameter an `example:` the CHECK allows",
        )
    return Parameter(
        name=spec.name,
        location=location,
        target=target,
        schema=schema,
        required=required if required is not None else spec.required is not False,
        description=(spec.description or comment or fallback)
        + _raw_note(raw, nullable_optional, json_value, schema),
        example=example,
        operator=operator,
        raw=raw,
    )


def limit(b: ToolBuilder) -> list[Parameter]:
    if b.spec.limit_default is None:
        return []
    high = b.spec.limit_max or b.spec.limit_default
    if high < b.spec.limit_default:
        b.problem("limit.max is below limit.default", "limit")
    schema = {
        "type": "integer",
        "minimum": 1,
        "maximum": high,
        "default": b.spec.limit_default,
    }
    return [
        Parameter(
            name="limit",
            location="query",
            target="limit",
            schema=schema,
            required=False,
            description=f"How many rows to return (default {b.spec.limit_default}, "
            f"at most {high}).",
            example=b.spec.limit_default,
        )
    ]


# `{a,b}`: plain elements (no quotes, braces, commas or backslashes; none empty), as PostgreSQL
# reads them without quoting.
_ELEMENT = r'[^{}\[\]",\\\s][^{}\[\]",\\]*'
_ARRAY_LITERAL = rf"^\{{({_ELEMENT}(,{_ELEMENT})*)?\}}$"


def _filter_schema(column: Column, op: str) -> dict[str, Any]:
    if op == "is":
        return {"type": "string", "enum": ["null", "true", "false"]}
    if op == "in":
        return {"type": "string", "description": "comma-separated values"}
    if op in ("cs", "cd", "ov") and column.is_array:
        return {
            "type": "string",
            "description": "a PostgreSQL array literal of plain elements, e.g. {a,b}",
            "pattern": _ARRAY_LITERAL,
        }
    if op in (
        "like",
        "ilike",
        "match",
        "imatch",
        "fts",
        "plfts",
        "phfts",
        "wfts",
        "cs",
        "cd",
        "ov",
    ):
        return {"type": "string"}
    schema = column_schema(column, nullable=False)
    schema.pop("description", None)
    return schema


def _unknown_shape(schema: dict[str, Any], base_type: str) -> bool:
    """A type the kit knows no valid value of: only a plain string schema from an unknown type
    (a composite, a range, a domain over one; an enum of no column)."""
    known = {"text", "varchar", "bpchar", "char", "name", "citext", "vector", "tsvector"}
    item = schema.get("items", schema) if schema.get("type") == "array" else schema
    return (
        item.get("type") == "string"
        and "enum" not in item
        and "format" not in item
        and base_type not in known
        and category(base_type) == "other"
    )


def _unique_alone(b: ToolBuilder, column: str) -> bool:
    """The column is a unique key by itself (an existing value would clash on insert)."""
    return (column,) in b.table.unique or b.table.primary_key == (column,)


def _raw_note(raw: bool, nullable: bool, json_value: bool, schema: dict[str, Any]) -> str:
    """The placeholder of such a value takes JSON as it is: say so where the agent reads."""
    if not raw:
        return ""
    if nullable and json_value:
        return (
            " Write it as JSON (an object, an array, a quoted string ...), or null to leave it out."
        )
    if nullable and "array" in schema.get("type", ()):
        return " Write it as a JSON array, or null to leave it empty."
    if nullable and "string" not in schema.get("type", ()):
        return " Write it as JSON (a number, true, false ...), or null to leave it empty."
    if nullable:
        return " Write it as JSON: text in double quotes, or null to leave it empty."
    return " Write it as JSON (an object, an array, a quoted string ...)."
