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
