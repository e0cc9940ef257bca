"""Function-calling JSON: OpenAI `tools` (`api/openai_tools.json`) and Anthropic tools
(`api/anthropic_tools.json`). The same name, description and JSON Schema in both shapes."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment

from kit.model import Tool, ToolSet
from kit.render.openapi import dump


def render(tools: ToolSet, env: Environment) -> dict[str, str]:
    return {
        "api/openai_tools.json": dump([openai_tool(t) for t in tools]),
        "api/anthropic_tools.json": dump([anthropic_tool(t) for t in tools]),
    }


def openai_tool(tool: Tool) -> dict[str, Any]:
    function: dict[str, Any] = {
        "name": tool.name,
        "description": tool.description,
        "parameters": strict_schema(tool.input_schema()) if tool.strict else tool.input_schema(),
    }
    if tool.strict:
        function["strict"] = True
    return {"type": "function", "function": function}


# What OpenAI's strict mode takes (its Structured Outputs subset of JSON Schema).
_STRICT_KEYWORDS = {
    "type", "description", "enum", "properties", "required", "additionalProperties", "items",
    "pattern", "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
    "multipleOf", "minItems", "maxItems", "anyOf",
}  # fmt: skip
_STRICT_FORMATS = {"date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6"}
_STRICT_FORMATS |= {"uuid"}


def strict_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` as strict mode wants it: every object closed with every property required, an
    optional property nullable instead, `const` as a one-value enum, and no keyword or format
    strict mode refuses (`default`, `maxLength`, `int32` ...)."""
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "const":
            out["enum"] = [value]
        elif key == "format" and value not in _STRICT_FORMATS:
            continue
        elif key in _STRICT_KEYWORDS:
            out[key] = value
    if "items" in out:
        out["items"] = strict_schema(out["items"])
    if out.get("type") == "object" or "properties" in out:
        properties = out.get("properties", {})
        required = set(out.get("required", []))
        out["properties"] = {
            name: strict_schema(sub if name in required else _nullable(sub))
            for name, sub in properties.items()
        }
        out["required"] = list(properties)
        out["additionalProperties"] = False
    return out


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    kind = schema.get("type")
    if kind is None or kind == "null" or (isinstance(kind, list) and "null" in kind):
        return schema
    out = {**schema, "type": [*kind, "null"] if isinstance(kind, list) else [kind, "null"]}
    if "enum" in out and None not in out["enum"]:
        out["enum"] = [*out["enum"], None]
    return out


def anthropic_tool(tool: Tool) -> dict[str, Any]:
    return {"name": tool.name, "description": tool.description, "input_schema": tool.input_schema()}
