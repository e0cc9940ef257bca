"""JSON Schemas of rows, insert and update bodies, and tool responses (OpenAPI 3.1 dialect).

Required-ness follows `supabase gen types`, not PostgREST's own OpenAPI: a row has every
column; an insert body requires NOT NULL columns with no default that are not identity or
generated; an update body requires nothing.
"""

from __future__ import annotations

from typing import Any

from kit.catalog import Function, Table
from kit.model.tool import Parameter, Schema, TableSchemas
from kit.model.types import column_schema, with_null


def table_schemas(table: Table) -> TableSchemas:
    columns = table.columns
    writable = [c for c in columns if c.writable]
    props = {c.name: column_schema(c) for c in writable}
    return TableSchemas(
        name=table.qualified,
        description=table.comment,
        row=row_schema(table, table.column_names),
        insert=_object(props, [c.name for c in writable if c.insert_required]),
        update=_object(props, []),
    )


def row_schema(table: Table, names: tuple[str, ...]) -> Schema:
    columns = [c for name in names if (c := table.column(name)) is not None]
    return _object({c.name: column_schema(c) for c in columns}, [c.name for c in columns])


def object_schema(params: list[Parameter], values: dict[str, Any]) -> Schema:
    """A write or RPC body: the agent's parameters, typed, plus the fixed values as `const`."""
    props: dict[str, Schema] = {
        p.target: {**p.schema, "description": p.description} for p in params
    }
    props.update({name: {"const": value} for name, value in values.items()})
    required = [p.target for p in params if p.required] + list(values)
    # PostgREST refuses a key that is no column (PGRST204) or no argument (PGRST202).
    return {**_object(props, required), "additionalProperties": False}


def response_schema(
    operation: str, returns: Table | None, select: tuple[str, ...], function: Function | None
) -> Schema:
    if returns is not None:
        row = row_schema(returns, select)
        single = operation == "get" or (function is not None and not function.returns_set)
        return row if single else {"type": "array", "items": row}
    if function is None or function.return_base_type == "void":
        return {"type": "null", "description": "no content"}
    value = _scalar(function.return_base_type)
    return {"type": "array", "items": value} if function.returns_set else with_null(value)


def _scalar(base_type: str) -> Schema:
    from kit.catalog import Column

    return column_schema(Column("value", base_type, base_type), nullable=False)


def _object(props: dict[str, Schema], required: list[str]) -> Schema:
    schema: Schema = {"type": "object", "properties": props}
    if required:
        schema["required"] = required
    return schema
