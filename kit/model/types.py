"""PostgreSQL types as JSON Schema (2020-12, the dialect of OpenAPI 3.1), and the PostgREST
operators that make sense for each.

The shapes are what PostgREST actually sends and accepts: numeric as a JSON number, json/jsonb as
any JSON value, a pgvector `vector` as its text form (`"[0.1,0.2]"`), arrays as JSON arrays.
"""

from __future__ import annotations

import re
from typing import Any

from kit.catalog import Argument, Catalog, Column

Schema = dict[str, Any]

_STRING = {"text", "varchar", "bpchar", "char", "name", "citext", "character varying"}
_INTEGER = {"int2": None, "int4": "int32", "int8": "int64"}
_NUMBER = {"float4": "float", "float8": "double", "numeric": None, "money": None}
_FORMATS = {
    "uuid": "uuid",
    "timestamptz": "date-time",
    "timestamp": "date-time",
    "date": "date",
    "time": "time",
    "timetz": "time",
}
_JSON = {"json", "jsonb"}

_ORDERED = ("eq", "neq", "gt", "gte", "lt", "lte", "in", "is")
_TEXT_OPS = (*_ORDERED, "like", "ilike", "match", "imatch", "fts", "plfts", "phfts", "wfts")
_OPS = {
    "string": _TEXT_OPS,
    "number": _ORDERED,
    "time": _ORDERED,
    "uuid": ("eq", "neq", "in", "is"),
    "boolean": ("eq", "neq", "is"),
    "enum": _ORDERED,
    "json": ("eq", "neq", "cs", "cd", "is"),
    "array": ("eq", "neq", "cs", "cd", "ov", "is"),
    "tsvector": ("fts", "plfts", "phfts", "wfts", "is"),
    "other": ("eq", "neq", "is"),
}


def category(base_type: str, is_array: bool = False, enum: tuple[str, ...] = ()) -> str:
    """The family of a type, which decides its JSON shape and its operators."""
    if is_array:
        return "array"
    if enum:
        return "enum"
    if base_type in _STRING:
        return "string"
    if base_type in _INTEGER or base_type in _NUMBER:
        return "number"
    if base_type == "uuid":
        return "uuid"
    if base_type in _FORMATS or base_type == "interval":
        return "time"
    if base_type == "bool":
        return "boolean"
    if base_type in _JSON:
        return "json"
    return "tsvector" if base_type == "tsvector" else "other"


def operators(column: Column) -> tuple[str, ...]:
    return _OPS[category(column.base_type, column.is_array, column.enum)]


def column_schema(column: Column, *, nullable: bool | None = None) -> Schema:
    """The JSON Schema of a column's value; `nullable` defaults to the column's own."""
    schema = _element(column.base_type, column.type, column.enum)
    if not column.is_array and not column.enum:
        schema = _with_rules(schema, column.check_rules)
    if column.is_array:
        schema = {"type": "array", "items": schema}
    if column.comment:
        schema["description"] = column.comment
    return with_null(schema) if (column.nullable if nullable is None else nullable) else schema


def argument_schema(argument: Argument, enum: tuple[str, ...] = ()) -> Schema:
    schema = _element(argument.base_type, argument.type, enum)
    return {"type": "array", "items": schema} if argument.is_array else schema


def enum_labels(catalog: Catalog, base_type: str) -> tuple[str, ...]:
    """The labels of ENUM type `base_type`, from a column of that type (the catalog lists ENUM
    labels per column; a function argument of an enum type takes the same values)."""
    for table in catalog.tables.values():
        for column in table.columns:
            if column.base_type == base_type and column.base_kind == "e" and column.enum:
                return column.enum
    return ()


def _element(base: str, formatted: str, enum: tuple[str, ...]) -> Schema:
    if enum:
        return {"type": "string", "enum": list(enum)}
    if base in _STRING:
        return _with_length({"type": "string"}, formatted)
    if base in _INTEGER:
        fmt = _INTEGER[base]
        return {"type": "integer", **({"format": fmt} if fmt else {})}
    if base in _NUMBER:
        fmt = _NUMBER[base]
        return {"type": "number", **({"format": fmt} if fmt else {})}
    if base == "bool":
        return {"type": "boolean"}
    if base in _FORMATS:
        return {"type": "string", "format": _FORMATS[base]}
    if base in _JSON:
        return {"description": "any JSON value"}
    if base == "vector":
        size = _typmod(formatted)
        dims = f"{size} numbers" if size else "numbers"
        # at most 38 digits before the point: pgvector stores float4 (up to ~3.4e38)
        number = r"-?[0-9]{1,38}(\.[0-9]+)?"
        more = f"{{{size - 1}}}" if size else "*"  # exactly the column's dimension when known
        return {
            "type": "string",
            "description": f"pgvector as text: [{dims}], e.g. [0.1,0.2]",
            "pattern": f"^\\[{number}(,{number}){more}\\]$",
        }
    return {"type": "string"}


def vector_example(formatted: str) -> str:
    """A pgvector value of the column's dimension (`vector(3)` → `[0.1,0.1,0.1]`)."""
    return "[" + ",".join(["0.1"] * (_typmod(formatted) or 3)) + "]"


def _typmod(formatted: str) -> int | None:
    found = re.search(r"\((\d+)\)$", formatted)
    return int(found.group(1)) if found else None


_STRING_RULES = {"pattern", "minLength", "maxLength"}
_NUMBER_RULES = {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}


def _with_rules(schema: Schema, rules: tuple[tuple[str, str | int | float], ...]) -> Schema:
    """A CHECK's pattern, length or number bounds, as far as they fit the schema's type (the
    tighter length where the type has one too; an integer's exclusive bound as an inclusive one,
    which strict function JSON and every generator read alike)."""
    out = dict(schema)
    kind = out.get("type")
    wanted = _STRING_RULES if kind == "string" else _NUMBER_RULES
    if kind not in ("string", "integer", "number"):
        return out
    for keyword, value in rules:
        if keyword not in wanted:
            continue
        if keyword == "maxLength" and "maxLength" in out:
            value = min(int(value), out["maxLength"])
        if kind == "integer" and keyword.startswith("exclusive") and isinstance(value, int):
            keyword, value = ("minimum", value + 1) if "Min" in keyword else ("maximum", value - 1)
        out[keyword] = value
    return out


def _with_length(schema: Schema, formatted: str) -> Schema:
    size = _typmod(formatted) if formatted.startswith(("character", "varchar", "char")) else None
    return {**schema, "maxLength": size} if size else schema


def with_null(schema: Schema) -> Schema:
    """3.1 nullability: `type: [T, "null"]`, and `null` among the values of an enum."""
    out = dict(schema)
    kind = out.get("type")
    if kind is None:
        return out  # any JSON value already includes null
    out["type"] = [*kind, "null"] if isinstance(kind, list) else [kind, "null"]
    if "enum" in out:
        out["enum"] = [*out["enum"], None]
    return out


def example_for(schema: Schema) -> Any:
    """A plausible example when the YAML gives none."""
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    kind = kind[0] if isinstance(kind, list) else kind
    fmt = schema.get("format")
    if kind == "string" and fmt in _EXAMPLE_FORMATS:
        return _EXAMPLE_FORMATS[fmt]
    if kind in ("integer", "number"):
        return _number_example(schema, 1 if kind == "integer" else 1.5)
    return {"integer": 1, "number": 1.5, "boolean": True, "array": []}.get(
        str(kind), "example" if kind == "string" else {}
    )


def _number_example(schema: Schema, usual: int | float) -> int | float:
    """`usual` when the schema's bounds allow it, else a value between them."""
    low, high = schema.get("minimum"), schema.get("maximum")
    above, below = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    if (
        (low is None or usual >= low)
        and (high is None or usual <= high)
        and (above is None or usual > above)
        and (below is None or usual < below)
    ):
        return usual
    low = low if low is not None else above
    high = high if high is not None else below
    if low is not None and high is not None:
        middle = (low + high) / 2
        return int(middle) if isinstance(usual, int) else float(middle)
    if low is not None:
        return float(low + 1) if isinstance(usual, float) else int(low + 1)
    return usual if high is None else float(high - 1) if isinstance(usual, float) else int(high - 1)


_EXAMPLE_FORMATS = {
    "uuid": "00000000-0000-4000-8000-000000000000",
    "date-time": "2026-01-01T00:00:00Z",
    "date": "2026-01-01",
    "time": "12:00:00",
}
