"""The tool model: the one object every renderer and `kit verify` read. Pure values, no I/O.

A `Tool` carries the exact HTTP request (method, path, query, headers, body template with
`{{param}}` placeholders), its typed parameters (JSON Schema from the catalog) and the JSON
Schema of its response. Renderers only format it; nothing downstream re-derives a request.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from kit.errors import KitError, Location

Schema = dict[str, Any]

# Placeholders for what differs per deployment. Committed files hold these, never values.
PROJECT_REF = "SUPABASE_PROJECT_REF"
ANON_KEY = "SUPABASE_ANON_KEY"
AGENT_KEY = "MAKER_AGENT_KEY"
BASE_URL = f"https://{{{{{PROJECT_REF}}}}}.supabase.co/rest/v1"
WRITES = ("create", "update", "upsert", "delete")


def placeholder(name: str) -> str:
    return "{{" + name + "}}"


@dataclass(frozen=True)
class Parameter:
    """One input of a tool: a query-string value or a key of the JSON body."""

    name: str
    location: str  # query | body
    target: str  # the query key / body key: a column or a function argument
    schema: Schema  # JSON Schema of the value the agent gives (no PostgREST operator prefix)
    required: bool
    description: str
    example: Any
    operator: str | None = None  # filters only: eq, in, ilike ...
    raw: bool = False  # body: the placeholder is a whole JSON value (json, or optional: null)

    @property
    def in_request(self) -> bool:
        """In the committed request: an optional filter is not (PostgREST has no "ignore when
        empty": `eq.` with nothing after it is a 400), so the request works without it."""
        return self.required or self.operator is None

    @property
    def query_value(self) -> str:
        """The query value template: `eq.{{id}}`, `in.({{ids}})`, or `{{limit}}`."""
        if self.operator is None:
            return placeholder(self.name)
        if self.operator == "in":
            return f"in.({placeholder(self.name)})"
        return f"{self.operator}.{placeholder(self.name)}"


@dataclass(frozen=True)
class Request:
    method: str
    path: str  # below the REST root: /conversations, /rpc/search_memories
    query: tuple[tuple[str, str], ...] = ()
    headers: tuple[tuple[str, str], ...] = ()
    body: Mapping[str, Any] | None = None  # template: string values may hold {{param}}
    # Parameters whose placeholder stands for a whole JSON value, written without quotes
    # (`"settings":{{settings}}`): json/jsonb values, and optional values that may be null.
    raw: frozenset[str] = frozenset()

    def url(self, base: str = BASE_URL) -> str:
        query = "&".join(f"{key}={value}" for key, value in self.query)
        return base.rstrip("/") + self.path + (f"?{query}" if query else "")

    def body_text(self) -> str | None:
        """Compact JSON; an apostrophe is written \\u0027 so no shell ever needs escaping."""
        if self.body is None:
            return None
        text = json.dumps(self.body, ensure_ascii=False, separators=(",", ":"))
        for name in sorted(self.raw):
            text = text.replace(f'"{placeholder(name)}"', placeholder(name))
        return text.replace("'", "\\u0027")

    def fill(self, values: Mapping[str, Any], base: str = BASE_URL) -> Request:
        """This request with parameter values in place (query values percent-encoded)."""
        query = tuple((k, _fill(v, values, encode=True)) for k, v in self.query)
        headers = tuple((k, _fill(v, values)) for k, v in self.headers)
        body = (
            None if self.body is None else {k: _fill_json(v, values) for k, v in self.body.items()}
        )
        return Request(self.method, self.path, query, headers, body, self.raw - set(values))


def _fill(template: str, values: Mapping[str, Any], encode: bool = False) -> str:
    for name, value in values.items():
        text = value if isinstance(value, str) else json.dumps(value)
        template = template.replace(placeholder(name), quote(text, safe=",") if encode else text)
    return template


def _fill_json(template: Any, values: Mapping[str, Any]) -> Any:
    if isinstance(template, str):
        for name, value in values.items():
            if template == placeholder(name):
                return value  # a whole-string placeholder takes the value with its JSON type
        return _fill(template, values)
    return template


@dataclass(frozen=True)
class Tool:
    name: str
    table: str  # schema.table of the spec file the tool belongs to
    operation: str  # list get create update upsert delete rpc
    description: str
    request: Request
    parameters: tuple[Parameter, ...]
    response_schema: Schema
    body_schema: Schema | None = None  # JSON Schema of the request body (typed, for OpenAPI)
    select: tuple[str, ...] = ()
    order: tuple[str, ...] = ()
    limit_default: int | None = None
    limit_max: int | None = None
    writable: tuple[str, ...] = ()
    required_columns: tuple[str, ...] = ()
    function: str | None = None
    consequential: bool = False  # changes data: platforms ask before running it
    strict: bool = False  # OpenAI strict mode for its function JSON (the spec file says so)
    source: Location | None = field(default=None, compare=False)

    @property
    def method(self) -> str:
        return self.request.method

    @property
    def path(self) -> str:
        return self.request.path

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)

    def examples(self) -> dict[str, Any]:
        return {p.name: p.example for p in self.parameters}

    def input_schema(self) -> Schema:
        """The tool's arguments as one JSON Schema object (function calling)."""
        return {
            "type": "object",
            "properties": {
                p.name: {**p.schema, "description": p.description} for p in self.parameters
            },
            "required": [p.name for p in self.parameters if p.required],
            "additionalProperties": False,
        }


def success_statuses(tool: Tool) -> frozenset[int]:
    """The statuses PostgREST answers the tool's request with when it works (what `kit verify`
    expects): a list 200 (206 for a partial range), a get 200; a create 201, an upsert 201 or
    200 (the row existed); update/delete 200 with `return=representation`; an RPC 200 (204
    when it returns void)."""
    if tool.operation == "list":
        return frozenset({200, 206})
    if tool.operation == "create":
        return frozenset({201})
    if tool.operation == "upsert":
        return frozenset({200, 201})
    if tool.operation == "rpc":
        return frozenset({200, 204})
    return frozenset({200})


@dataclass(frozen=True)
class TableSchemas:
    """Row, Insert and Update schemas of one table (the `supabase gen types` rules)."""

    name: str
    description: str | None
    row: Schema
    insert: Schema
    update: Schema


@dataclass(frozen=True)
class ToolSet:
    tools: tuple[Tool, ...]
    tables: tuple[TableSchemas, ...] = ()
    warnings: tuple[KitError, ...] = ()
    # Tables declared `append_only: true` (qualified name -> where): rows are never changed.
    append_only: Mapping[str, Location] = field(default_factory=dict)
    role: str = "maker_agent"  # the role the specs declare: what the agent's JWT names

    @property
    def bearer_claims(self) -> str:
        """The claims the agent's bearer JWT carries, for generated docs (never a key)."""
        if self.role == "authenticated":  # acting for one user under auth.uid() policies
            return '"role": "authenticated", "sub": "<user id>"'
        return f'"role": "{self.role}"'

    def tool(self, name: str) -> Tool | None:
        return next((t for t in self.tools if t.name == name), None)

    def __iter__(self) -> Iterator[Tool]:
        return iter(self.tools)

    def __len__(self) -> int:
        return len(self.tools)
