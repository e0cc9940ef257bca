"""Function-calling JSON for OpenAI and Anthropic: names, descriptions and typed parameters."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema

from kit.model import ToolSet

ROOT = Path(__file__).resolve().parents[2]


def load(name: str) -> list[dict]:
    return json.loads((ROOT / "api" / name).read_text())


def test_openai_tools_shape(flagship_tools: ToolSet) -> None:
    tools = load("openai_tools.json")
    assert [t["function"]["name"] for t in tools] == [t.name for t in flagship_tools]
    for tool in tools:
        assert tool["type"] == "function"
        assert re.fullmatch(r"[a-zA-Z0-9_-]{1,64}", tool["function"]["name"])
        jsonschema.Draft202012Validator.check_schema(tool["function"]["parameters"])
    assert len(tools) <= 128


def test_anthropic_tools_shape(flagship_tools: ToolSet) -> None:
    tools = load("anthropic_tools.json")
    assert [t["name"] for t in tools] == [t.name for t in flagship_tools]
    for tool in tools:
        assert set(tool) == {"name", "description", "input_schema"}
        assert tool["input_schema"]["type"] == "object"


def test_parameters_are_typed_from_the_catalog() -> None:
    tools = {t["name"]: t["input_schema"] for t in load("anthropic_tools.json")}
    save = tools["SaveMessage"]
    assert save["properties"]["conversation_id"]["format"] == "uuid"
    assert save["properties"]["role"]["enum"] == ["user", "assistant", "system"]
    assert save["required"] == ["conversation_id", "role", "content"]
    recall = tools["ListConversations"]["properties"]
    assert recall["is_archived"]["type"] == "boolean"
    assert recall["limit"]["maximum"] == 100
    example = {
        "conversation_id": "c0000000-0000-4000-8000-000000000001",
        "role": "user",
        "content": "hi",
    }
    jsonschema.validate(example, save, format_checker=jsonschema.FormatChecker())
    bad = {**example, "role": "robot"}
    try:
        jsonschema.validate(bad, save)
    except jsonschema.ValidationError:
        pass
    else:
        raise AssertionError("role outside the CHECK list was accepted")


def test_strict_mode_follows_openai_strict_rules(tmp_path, flagship_catalog) -> None:  # type: ignore[no-untyped-def]
    """A spec file with `strict: true`: every object closed, every property required (optional
    ones nullable), no keyword strict mode refuses; a free-form json value is refused."""
    from kit.render.functions import openai_tool
    from tests.model.conftest import write
    from tests.model.test_resolve import problems_of, tools_of

    write(
        tmp_path,
        "m.yaml",
        """
table: messages
strict: true
tools:
  - name: SaveMessage
    operation: create
    description: Save.
    columns: [{name: conversation_id}, {name: role}, {name: content}, {name: code, required: false}]
  - name: GetMessages
    operation: list
    description: Load.
    filters: [{name: conversation_id}]
    limit: {default: 50, max: 200}
""",
    )
    allowed = {"type", "description", "enum", "properties", "required", "additionalProperties"}
    allowed |= {"items", "pattern", "format", "minimum", "maximum"}

    def check(schema) -> None:  # type: ignore[no-untyped-def]
        assert set(schema) <= allowed, set(schema) - allowed
        assert schema.get("format") in (None, "uuid", "date-time", "date", "time")
        if schema.get("type") == "object":
            assert schema["additionalProperties"] is False
            assert schema["required"] == list(schema["properties"])
            for sub in schema["properties"].values():
                check(sub)

    tools = tools_of(tmp_path, flagship_catalog)
    for tool in tools:
        rendered = openai_tool(tool)["function"]
        assert rendered["strict"] is True
        check(rendered["parameters"])
    limit = openai_tool(tools.tool("GetMessages"))["function"]["parameters"]["properties"]["limit"]
    assert limit["type"] == ["integer", "null"] and "default" not in limit
    write(
        tmp_path,
        "m.yaml",
        "table: user_preferences\nstrict: true\ntools:\n  - name: Save\n    operation: upsert\n"
        "    description: Save.\n    columns: [{name: user_id}, {name: settings}]\n"
        "    on_conflict: [user_id]\n",
    )
    assert [p.message for p in problems_of(tmp_path, flagship_catalog)] == [
        "Save: `settings` takes any JSON value: OpenAI strict mode has no free-form value"
    ]
