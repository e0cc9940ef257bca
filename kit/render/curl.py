"""`curl/<Tool>.sh`: one paste-ready command per tool (reference/toolspecs.md §3.4).

The shape survives bash, curlconverter and Postman's importer alike: bash syntax with every
argument single-quoted, an absolute https URL, `--globoff` always (the committed URL holds `{{}}`;
on a filled-in URL the same flag keeps `kit curl`'s output the same shape and a `[]` in a value
literal), an explicit `--request` for anything but GET, `Content-Type: application/json` with
every body, and the body as compact JSON via `--data-raw` with apostrophes written `\\u0027`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from typing import Any

from jinja2 import Environment

from kit.errors import KitError
from kit.model import BASE_URL, Tool, ToolSet
from kit.model.tool import Parameter, Request


def command(request: Request, base: str = BASE_URL) -> str:
    """The cURL command of a request, one argument per line."""
    url = request.url(base)
    flags = ["--location", "--globoff"]
    if request.method != "GET":
        flags += ["--request", request.method]
    lines = [f"curl {' '.join(flags)} {quote(url)}"]
    lines += [f"--header {quote(f'{key}: {value}')}" for key, value in request.headers]
    body = request.body_text()
    if body is not None:
        lines.append(f"--data-raw {quote(body)}")
    return " \\\n".join(lines)


def quote(argument: str) -> str:
    """Single-quote for the shell; the model never puts an apostrophe in an argument."""
    if "'" in argument:
        raise KitError(
            f"cannot single-quote {argument!r} for the shell",
            hint="identifiers and fixed values in tool_specs must not contain apostrophes",
        )
    return f"'{argument}'"


def type_text(param: Parameter) -> str:
    """The value's type in a few words: `string (uuid)`, `integer 1..100`, `string one of a, b`."""
    schema = param.schema
    kind = schema.get("type", "JSON")
    text = kind if isinstance(kind, str) else "|".join(kind)
    if "format" in schema:
        text += f" ({schema['format']})"
    if "enum" in schema:
        text += " one of " + ", ".join(str(v) for v in schema["enum"])
    if "maximum" in schema:
        text += f" {schema.get('minimum', 1)}..{schema['maximum']}"
    return text


def type_summary(param: Parameter) -> str:
    text = type_text(param)
    if param.operator:
        text += f", filter {param.operator}"
    text += ", required" if param.required else ", optional"
    if "default" in param.schema:
        text += f", default {param.schema['default']}"
    return text


def describe(param: Parameter) -> str:
    """The parameter's description, plus how to use an optional filter (not in the URL)."""
    if param.in_request:
        return param.description
    return f"{param.description} Not in the URL; to use it add &{param.target}={param.query_value}"


def render(tools: ToolSet, env: Environment) -> dict[str, str]:
    template = env.get_template("curl.sh.j2")
    return {f"curl/{tool.name}.sh": template.render(**context(tool)) for tool in tools}


def context(tool: Tool) -> dict[str, Any]:
    return {
        "tool": tool,
        "description": list(_wrap(tool.description)),
        "parameters": [
            {"name": p.name, "summary": type_summary(p), "description": describe(p)}
            for p in tool.parameters
        ],
        "command": command(tool.request),
    }


def _wrap(text: str) -> Iterable[str]:
    for paragraph in text.splitlines() or [""]:
        yield from textwrap.wrap(paragraph, 96) or [""]
