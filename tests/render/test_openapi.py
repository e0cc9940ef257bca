"""The committed OpenAPI documents: valid 3.1 and 3.0.3, one operation per tool, typed from
the catalog, with required-ness and nullability right for each version."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from kit.model import ToolSet
from kit.render.openapi import document, to_30

ROOT = Path(__file__).resolve().parents[2]


def load(name: str) -> dict[str, Any]:
    return json.loads((ROOT / "api" / name).read_text())


def operations(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {op["operationId"]: op for item in doc["paths"].values() for op in item.values()}


@pytest.mark.parametrize("name", ["openapi.json", "openapi-3.0.json"])
def test_valid_under_openapi_spec_validator(name: str) -> None:
    validate(load(name))


def test_the_validator_is_not_a_rubber_stamp() -> None:
    broken = load("openapi.json")
    del broken["info"]
    with pytest.raises(OpenAPIValidationError):
        validate(broken)
    # type arrays are 3.1 only: the 3.1 document relabelled 3.0.3 must fail
    relabelled = load("openapi.json")
    relabelled["openapi"] = "3.0.3"
    with pytest.raises(OpenAPIValidationError):
        validate(relabelled)
    # and 3.0's `nullable` would be silently ignored under 3.1, so it never appears there
    assert "nullable" not in json.dumps(load("openapi.json"))


def test_one_operation_per_tool(flagship_tools: ToolSet) -> None:
    for name in ("openapi.json", "openapi-3.0.json"):
        ops = operations(load(name))
        assert sorted(ops) == sorted(t.name for t in flagship_tools)


def test_versions_and_nullability() -> None:
    v31, v30 = load("openapi.json"), load("openapi-3.0.json")
    assert (v31["openapi"], v30["openapi"]) == ("3.1.0", "3.0.3")
    row31 = v31["components"]["schemas"]["conversations"]["properties"]
    row30 = v30["components"]["schemas"]["conversations"]["properties"]
    assert row31["title"]["type"] == ["string", "null"] and row31["title"]["maxLength"] == 500
    assert row30["title"] == {"type": "string", "maxLength": 500, "nullable": True}
    assert row31["id"] == {"type": "string", "format": "uuid"}
    assert '"null"' not in json.dumps(v30)


def test_required_follows_gen_types_not_postgrest() -> None:
    schemas = load("openapi.json")["components"]["schemas"]
    row = schemas["messages"]
    assert row["required"] == list(row["properties"])  # a row has every column
    assert schemas["messages.insert"]["required"] == ["conversation_id", "role", "content"]
    assert "required" not in schemas["messages.update"]
    assert schemas["user_preferences.insert"]["required"] == ["user_id"]


def test_enums_formats_jsonb_and_vector() -> None:
    props = load("openapi.json")["components"]["schemas"]
    assert props["messages"]["properties"]["role"]["enum"] == ["user", "assistant", "system"]
    memory = props["memory_long_term"]["properties"]
    assert memory["memory_type"]["enum"] == ["pattern", "preference", "correction", "summary"]
    assert memory["created_at"]["format"] == "date-time"
    assert memory["embedding"]["type"] == ["string", "null"]
    assert "1536" in memory["embedding"]["description"]
    assert "type" not in props["user_preferences"]["properties"]["settings"]  # any JSON value


def test_operations_carry_bodies_responses_and_consequence() -> None:
    ops = operations(load("openapi.json"))
    save = ops["SaveMessage"]
    body = save["requestBody"]["content"]["application/json"]["schema"]
    assert body["required"] == ["conversation_id", "role", "content"]
    assert body["properties"]["role"]["enum"] == ["user", "assistant", "system"]
    assert save["responses"]["201"]["content"]["application/json"]["schema"]["type"] == "array"
    assert save["x-openai-isConsequential"] is True
    assert ops["ListConversations"]["x-openai-isConsequential"] is False
    assert ops["TouchMemory"]["x-openai-isConsequential"] is True  # a volatile function
    assert ops["SearchMemories"]["x-openai-isConsequential"] is False  # a stable one
    get = ops["GetConversation"]["responses"]["200"]["content"]
    assert get["application/vnd.pgrst.object+json"]["schema"]["type"] == "object"
    archive = ops["ArchiveConversation"]["requestBody"]["content"]["application/json"]["schema"]
    assert archive["properties"]["is_archived"] == {"const": True}
    filters = {p["name"]: p for p in ops["ListConversations"]["parameters"]}
    assert filters["user_id"]["schema"]["pattern"] == "^eq\\..*$"  # text: empty is a value
    assert filters["is_archived"]["schema"]["pattern"] == "^eq\\.(true|false)$"
    get_id = {p["name"]: p for p in ops["GetConversation"]["parameters"]}["id"]
    assert get_id["schema"]["pattern"].startswith("^eq\\.[0-9a-fA-F]{8}-")
    upsert = ops["UpsertPreferences"]
    assert {"200", "201", "4XX", "default"} <= set(upsert["responses"])
    assert (
        upsert["requestBody"]["content"]["application/json"]["schema"]["additionalProperties"]
        is False
    )
    assert "406" in ops["GetConversation"]["responses"]
    assert "application/json" in get  # without the Accept header: an array
    assert load("openapi.json")["components"]["schemas"]["Error"]["required"] == ["message"]
    assert filters["user_id"]["example"] == "eq.user_ada"
    assert filters["limit"]["schema"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": 100,
        "default": 20,
    }
    for op in ops.values():
        assert len(op["description"]) <= 300
        assert set(op["responses"]) >= {"default"}


def test_security_and_server() -> None:
    doc = load("openapi.json")
    assert doc["security"] == [{"apikey": [], "bearer": []}]
    schemes = doc["components"]["securitySchemes"]
    assert schemes["apikey"] == {
        **schemes["apikey"],
        "type": "apiKey",
        "in": "header",
        "name": "apikey",
    }
    assert schemes["bearer"]["scheme"] == "bearer"
    assert doc["servers"][0]["url"] == "https://{project_ref}.supabase.co/rest/v1"
    assert "project_ref" in doc["servers"][0]["variables"]


def test_the_30_copy_is_derived_from_the_31_document(flagship_tools: ToolSet) -> None:
    doc = document(flagship_tools, "Maker Kit tools")
    assert doc == load("openapi.json")
    assert to_30(doc) == load("openapi-3.0.json")
