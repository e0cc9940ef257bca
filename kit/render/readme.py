"""`curl/README.md`: every tool with its method, path, parameters and the compose-bar text."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment

from kit.model import AGENT_KEY, ANON_KEY, PROJECT_REF, Tool, ToolSet
from kit.render.curl import command, describe, type_text


def render(tools: ToolSet, env: Environment) -> dict[str, str]:
    template = env.get_template("curl_readme.md.j2")
    return {
        "curl/README.md": template.render(
            tools=[_tool(t) for t in tools],
            project_ref=PROJECT_REF,
            anon_key=ANON_KEY,
            agent_key=AGENT_KEY,
            bearer_claims=tools.bearer_claims,
        )
    }


def _tool(tool: Tool) -> dict[str, Any]:
    return {
        "name": tool.name,
        "method": tool.method,
        "path": tool.path,
        "table": tool.table,
        "description": tool.description,
        "first_sentence": _cell(tool.description.split(". ")[0].rstrip(".") + "."),
        "command": command(tool.request),
        "parameters": [
            {
                "name": p.name,
                "type": _cell(type_text(p) + (f", filter {p.operator}" if p.operator else "")),
                "required": "yes" if p.required else "no",
                "description": _cell(describe(p)),
            }
            for p in tool.parameters
        ],
    }


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
