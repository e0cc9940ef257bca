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
    return {
        "type": "function",
        "function": {
            "name": tool.name,
            "description": tool.description,
            "parameters": tool.input_schema(),
        },
    }


def anthropic_tool(tool: Tool) -> dict[str, Any]:
    return {"name": tool.name, "description": tool.description, "input_schema": tool.input_schema()}
