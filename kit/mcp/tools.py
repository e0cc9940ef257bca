"""The tool model as MCP tools: the listing an agent sees, and the shape of what a call returns.

Name, description and input schema are the function-calling JSON's (`Tool.input_schema()`, what
`api/openai_tools.json` holds); the output schema is the tool's response schema. MCP clients up
to protocol 2025-11-25 take only an object as structured content, so a response that is not an
object (a list of rows, a scalar, nothing) is wrapped under one key: `rows` for an array,
`result` for anything else.
"""

from __future__ import annotations

from typing import Any

import mcp_types as types

from kit.model import Tool
from kit.model.tool import Schema

ROWS = "rows"
RESULT = "result"


def listing(tool: Tool) -> types.Tool:
    return types.Tool(
        name=tool.name,
        description=tool.description,
        input_schema=tool.input_schema(),
        output_schema=output_schema(tool),
        annotations=hints(tool),
    )


def output_schema(tool: Tool) -> Schema:
    schema = tool.response_schema
    key = _wrapper(schema)
    if key is None:
        return schema
    return {
        "type": "object",
        "properties": {key: schema},
        "required": [key],
        "additionalProperties": False,
    }


def structured(tool: Tool, body: Any) -> dict[str, Any]:
    """The response body as the output schema has it."""
    key = _wrapper(tool.response_schema)
    if key is None and isinstance(body, dict):
        return body
    return {key or RESULT: body}


def hints(tool: Tool) -> types.ToolAnnotations:
    """Hints for clients that ask before running a tool that changes data. Nothing outside the
    project's database is touched (`open_world_hint=False`)."""
    reads = not tool.consequential
    return types.ToolAnnotations(
        read_only_hint=reads,
        destructive_hint=None if reads else tool.operation in ("update", "upsert", "delete"),
        idempotent_hint=None if reads else tool.operation in ("update", "upsert", "delete"),
        open_world_hint=False,
    )


def _wrapper(schema: Schema) -> str | None:
    kind = schema.get("type")
    if kind == "object":
        return None
    return ROWS if kind == "array" else RESULT
