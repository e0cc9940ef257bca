"""Run what we generate: each read-only cURL file, its placeholders filled with the URL, keys
and the spec's examples, runs with bash and the real `curl` against the kit's running stack and
answers 200 with JSON that the tool's response schema accepts.

(Writes are `kit verify`'s part: it runs them inside its own clean-up, so the shared seed stays.)
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import jsonschema
import pytest

from kit.model import AGENT_KEY, ANON_KEY, BASE_URL, ToolSet
from kit.stack.stack import StackInfo

ROOT = Path(__file__).resolve().parents[2]
READS = [
    "ListConversations",
    "GetConversation",
    "GetMessages",
    "GetGeneratedCode",
    "GetPreferences",
    "RecallMemories",
    "SearchMemories",
]


@pytest.mark.parametrize("name", READS)
def test_read_tool_answers_with_its_response_schema(
    name: str, flagship_tools: ToolSet, kit_stack: StackInfo
) -> None:
    tool = flagship_tools.tool(name)
    assert tool is not None and not tool.consequential
    script = (ROOT / "curl" / f"{name}.sh").read_text().replace(BASE_URL, kit_stack.rest_url)
    values = {ANON_KEY: kit_stack.anon_key.reveal(), AGENT_KEY: kit_stack.agent_key.reveal()}
    values |= {p.name: p.example for p in tool.parameters}
    for key, value in values.items():
        text = value if isinstance(value, str) else json.dumps(value)
        script = script.replace("{{" + key + "}}", text)
    script = script.replace(
        "\ncurl ", "\ncurl --silent --show-error --write-out '\\n%{http_code}' ", 1
    )
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    body, _, status = done.stdout.rpartition("\n")
    assert status == "200", body
    data = json.loads(body)
    jsonschema.validate(data, tool.response_schema)
    assert data, f"{name} found nothing for its examples; the seed and the examples disagree"
