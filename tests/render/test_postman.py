"""The Postman collection is valid against the official v2.1 JSON Schema.

`postman_collection_v2.1.0.schema.json` is postmanlabs/schemas `schemas/draft-07/v2.1.0/`
at commit e462f6bf344efcff1360710de4e48741ea0df941 (Apache-2.0), compiled as that repository's
`lib/index.js` `compile` does: each file under `collection/` becomes `definitions/<name>` (its
`//` comment lines dropped). It is data for the test, not code of the kit.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from kit.model import ToolSet

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((Path(__file__).parent / "postman_collection_v2.1.0.schema.json").read_text())


def collection() -> dict[str, Any]:
    return json.loads((ROOT / "api" / "postman_collection.json").read_text())


def errors(doc: dict[str, Any]) -> list[str]:
    validator = jsonschema.Draft7Validator(SCHEMA)
    return [e.message for e in validator.iter_errors(doc)]


def test_valid_against_the_official_v21_schema() -> None:
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    assert errors(collection()) == []


@pytest.mark.parametrize(
    "breakage",
    [
        lambda d: d["info"].pop("schema"),
        lambda d: d["item"][0]["item"][0]["request"]["header"][0].pop("value"),
        lambda d: d["auth"].update(type="sometimes"),
        lambda d: d.pop("item"),
    ],
)
def test_the_schema_catches_broken_collections(breakage: Any) -> None:
    doc = collection()
    breakage(doc)
    assert errors(doc)


def test_a_folder_per_table_and_a_request_per_tool(flagship_tools: ToolSet) -> None:
    doc = collection()
    assert (
        doc["info"]["schema"]
        == "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
    )
    folders = {f["name"]: [i["name"] for i in f["item"]] for f in doc["item"]}
    assert sorted(folders) == sorted({t.table.removeprefix("public.") for t in flagship_tools})
    assert sorted(n for names in folders.values() for n in names) == sorted(
        t.name for t in flagship_tools
    )


def test_apikey_header_on_each_request_and_bearer_at_collection_level() -> None:
    doc = collection()
    assert doc["auth"]["type"] == "bearer"
    assert doc["auth"]["bearer"][0]["value"] == "{{MAKER_AGENT_KEY}}"
    for folder in doc["item"]:
        for item in folder["item"]:
            headers = {h["key"]: h["value"] for h in item["request"]["header"]}
            assert headers["apikey"] == "{{SUPABASE_ANON_KEY}}"
            assert "Authorization" not in headers
            assert item["request"]["url"]["raw"].startswith("{{baseUrl}}/")


def test_variables_are_declared_empty_and_bodies_hold_examples() -> None:
    doc = collection()
    assert {v["key"]: v["value"] for v in doc["variable"]} == {
        "baseUrl": "",
        "SUPABASE_ANON_KEY": "",
        "MAKER_AGENT_KEY": "",
    }
    items = {i["name"]: i for f in doc["item"] for i in f["item"]}
    body = items["SaveMessage"]["request"]["body"]
    assert body["mode"] == "raw" and body["options"]["raw"]["language"] == "json"
    assert json.loads(body["raw"])["role"] == "assistant"
    query = {q["key"]: q["value"] for q in items["ListConversations"]["request"]["url"]["query"]}
    assert query["user_id"] == "eq.user_ada" and query["limit"] == "20"


def test_each_request_tests_its_status_and_body_and_the_environment_holds_no_service_key(
    flagship_tools: ToolSet,
) -> None:
    from kit.model.tool import success_statuses
    from kit.render.postman import environment

    items = {i["name"]: i for folder in collection()["item"] for i in folder["item"]}
    for tool in flagship_tools:
        (event,) = items[tool.name]["event"]
        script = "\n".join(event["script"]["exec"])
        statuses = sorted(success_statuses(tool))
        assert f"to.be.oneOf({json.dumps(statuses)})" in script
        assert "pm.response.to.have.jsonSchema(" in script
        assert '"format":"int32"' not in script  # Postman's validator would not know it
    assert sorted(success_statuses(flagship_tools.tool("UpsertPreferences"))) == [200, 201]  # type: ignore[arg-type]
    env = environment("local", "http://127.0.0.1:1/rest/v1", "anon", "agent")
    assert {v["key"]: v["value"] for v in env["values"]} == {
        "baseUrl": "http://127.0.0.1:1/rest/v1",
        "SUPABASE_ANON_KEY": "anon",
        "MAKER_AGENT_KEY": "agent",
    }
