"""The listed tools are the project's tools, with the function-calling JSON's schemas."""

from __future__ import annotations

import json
from pathlib import Path

from kit.mcp.tools import output_schema
from kit.model import ToolSet
from tests.mcp.conftest import McpClient

ROOT = Path(__file__).resolve().parents[2]


def test_stdio_lists_the_projects_tools_with_their_schemas(
    stdio: McpClient, flagship: ToolSet
) -> None:
    listed = {t.name: t for t in stdio.tools()}
    functions = json.loads((ROOT / "api" / "anthropic_tools.json").read_text())
    names = sorted(t.name for t in flagship)
    assert sorted(listed) == sorted(f["name"] for f in functions) == names
    assert len(listed) == 15
    for function in functions:
        tool = listed[function["name"]]
        assert tool.description == function["description"]
        assert tool.input_schema == function["input_schema"]
        model = flagship.tool(function["name"])
        assert model is not None
        assert tool.output_schema == output_schema(model)
        assert tool.annotations is not None
        assert tool.annotations.read_only_hint is (not model.consequential)


def test_http_lists_the_same_tools(stdio: McpClient, http: McpClient) -> None:
    assert [t.model_dump() for t in http.tools()] == [t.model_dump() for t in stdio.tools()]
