"""One tool call: the agent's arguments → the tool's exact request → its rows, or a tool error.

The request is the tool's template (`Tool.request`, what its cURL encodes) filled by
`Request.fill`, the function `kit verify` and the cURL placeholders share, so a call sends the
method, URL, headers and body the cURL sends. An optional parameter the agent leaves out takes
its default (the limit's, as the cURL's comment lists it); one with no default is left out of
the request: its filter is not applied and its column is not sent (the database default).
Fixed values are in the template; the input schema refuses any other argument.

A PostgREST error becomes a tool error (`isError`) that explains it in the words `kit verify`
uses (`kit.verify.explain`), so the agent (or its builder) can act on it.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx
import mcp_types as types
from jsonschema import Draft202012Validator

from kit.mcp.keys import AgentKeys
from kit.mcp.tools import structured
from kit.model import Request, Tool, placeholder
from kit.verify.case import Request as Wire
from kit.verify.explain import Situation, error_of, explain

log = logging.getLogger("kit.mcp")
TIMEOUT = httpx.Timeout(30.0, connect=5.0)


@dataclass
class Caller:
    """Runs calls against one REST API with the agent's keys (one HTTP client, kept alive)."""

    tools: Mapping[str, Tool]
    rest_url: str
    keys: AgentKeys
    client: httpx.AsyncClient = field(default_factory=lambda: httpx.AsyncClient(timeout=TIMEOUT))
    _validators: dict[str, Draft202012Validator] = field(
        default_factory=dict, init=False, repr=False
    )

    async def call(self, tool: Tool, arguments: Mapping[str, Any]) -> types.CallToolResult:
        problems = self.argument_problems(tool, arguments)
        if problems:
            return failure(f"{tool.name}: invalid arguments: " + "; ".join(problems))
        wire = request_for(tool, arguments, self.rest_url, self.keys)
        begin = time.perf_counter()
        try:
            response = await self.client.request(
                wire.method,
                wire.url,
                headers=dict(wire.headers),
                content=wire.body.encode() if wire.body is not None else None,
            )
        except httpx.HTTPError as exc:
            log.warning("%s: the API did not answer (%s)", tool.name, type(exc).__name__)
            return failure(
                f"{tool.name}: the API at {self.rest_url} did not answer ({type(exc).__name__}); "
                "is the stack running? (`kit stack status`)"
            )
        ms = (time.perf_counter() - begin) * 1000
        log.info("%s %s %d %.1f ms", tool.name, wire.method, response.status_code, ms)
        return result_of(tool, response, self.keys.role)

    def argument_problems(self, tool: Tool, arguments: Mapping[str, Any]) -> list[str]:
        validator = self._validators.get(tool.name)
        if validator is None:
            validator = self._validators[tool.name] = Draft202012Validator(tool.input_schema())
        return [_problem(e) for e in validator.iter_errors(dict(arguments))]

    async def aclose(self) -> None:
        await self.client.aclose()


def request_for(tool: Tool, arguments: Mapping[str, Any], base: str, keys: AgentKeys) -> Wire:
    """The request a call sends: the template minus what was left out, then filled."""
    values = values_of(tool, arguments)
    left_out = [p.name for p in tool.parameters if p.name not in values]
    template = _without(tool.request, left_out)
    # Keys go into the headers only, before the agent's values: a value that happens to
    # read `{{MAKER_AGENT_KEY}}` stays that text.
    secrets = keys.placeholders()
    headers = tuple((k, _fill_keys(v, secrets)) for k, v in template.headers)
    keyed = Request(template.method, template.path, template.query, headers, template.body)
    filled = keyed.fill(values, base=base)
    return Wire(filled.method, filled.url(base), dict(filled.headers), filled.body_text())


def values_of(tool: Tool, arguments: Mapping[str, Any]) -> dict[str, Any]:
    """The agent's values, and the default of each optional parameter left out that has one."""
    values: dict[str, Any] = {}
    for p in tool.parameters:
        if p.name in arguments:
            values[p.name] = arguments[p.name]
        elif "default" in p.schema:
            values[p.name] = p.schema["default"]
    return values


def result_of(tool: Tool, response: httpx.Response, role: str) -> types.CallToolResult:
    if response.status_code >= 400:
        return failure(error_text(tool, response, role))
    try:
        body = response.json() if response.content else None
    except ValueError:
        return failure(f"{tool.name}: the API answered {response.status_code} with no JSON body")
    content = structured(tool, body)
    text = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    return types.CallToolResult(content=[types.TextContent(text=text)], structured_content=content)


def error_text(tool: Tool, response: httpx.Response, role: str) -> str:
    """`<Tool> failed: 403 Forbidden` and verify's plain-words reason, then PostgREST's own
    code, message and hint (they name tables and columns, never a key)."""
    situation = Situation(
        table=tool.table.removeprefix("public."),
        method=tool.method,
        role=role,
        function=tool.function,
        upsert=tool.operation == "upsert",
    )
    lines = [f"{tool.name} failed: {response.status_code} {response.reason_phrase}".rstrip()]
    why = explain(response, situation)
    if why:
        lines.append(f"why: {why}")
    error = error_of(response)
    if error:
        said = " ".join(str(error[k]) for k in ("code", "message") if error.get(k))
        lines.append(f"PostgREST said: {said}")
        for extra in ("details", "hint"):
            if error.get(extra):
                lines.append(f"{extra}: {error[extra]}")
    return "\n".join(lines)


def failure(text: str) -> types.CallToolResult:
    return types.CallToolResult(content=[types.TextContent(text=text)], is_error=True)


def _without(request: Request, names: list[str]) -> Request:
    """The template without the query pairs and body keys of the parameters `names`."""
    if not names:
        return request
    marks = [placeholder(n) for n in names]
    query = tuple((k, v) for k, v in request.query if not any(m in v for m in marks))
    body = request.body
    if body is not None:
        body = {
            k: v for k, v in body.items() if not (isinstance(v, str) and any(m in v for m in marks))
        }
    return Request(request.method, request.path, query, request.headers, body)


def _fill_keys(value: str, keys: Mapping[str, str]) -> str:
    for name, key in keys.items():
        value = value.replace(placeholder(name), key)
    return value


def _problem(error: Any) -> str:
    where = "/".join(str(p) for p in error.absolute_path)
    return f"{where}: {error.message}" if where else str(error.message)
