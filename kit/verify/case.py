"""`Case`: one tool call as verify runs it, the request the tool's cURL encodes, values filled.

A `Case` holds what the checks need to judge the response: the table, the operation, the filters
the query applies (column, operator, value), the order and limit, the values a write sends and
the response schema. It is built from the tool model by `kit.verify.cases`; checks never read
the model, so they can be tested on hand-made cases.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

READ_OPERATIONS = frozenset({"list", "get"})
WRITE_OPERATIONS = frozenset({"create", "update", "upsert", "delete"})
# Header names that carry credentials: masked in reports, dropped to test refusal.
CREDENTIAL_HEADERS = frozenset({"apikey", "authorization"})


@dataclass(frozen=True)
class Filter:
    """One PostgREST horizontal filter the tool applies: `column=[not.]op.value`."""

    column: str
    op: str
    value: Any
    negated: bool = False
    array: bool = False  # the column is a PostgreSQL array: a text value is an array literal


@dataclass(frozen=True)
class OrderTerm:
    column: str
    descending: bool = False
    nulls_first: bool | None = None  # None: PostgreSQL's default (nulls last asc, first desc)

    @property
    def nulls_go_first(self) -> bool:
        return self.descending if self.nulls_first is None else self.nulls_first


@dataclass(frozen=True)
class Request:
    """Exactly what goes on the wire."""

    method: str
    url: str
    headers: Mapping[str, str]
    body: str | None = None

    def json_body(self) -> Any:
        return json.loads(self.body) if self.body else None

    def without_credentials(self) -> Request:
        kept = {k: v for k, v in self.headers.items() if k.lower() not in CREDENTIAL_HEADERS}
        return replace(self, headers=kept)

    def with_bearer(self, key: str) -> Request:
        """The same request with `key` as both the apikey and the bearer."""
        headers = {k: v for k, v in self.headers.items() if k.lower() not in CREDENTIAL_HEADERS}
        headers |= {"apikey": key, "Authorization": f"Bearer {key}"}
        return replace(self, headers=headers)


@dataclass(frozen=True)
class Case:
    """One tool, ready to run."""

    tool: str
    table: str
    operation: str  # list | get | create | update | upsert | delete | rpc
    request: Request
    path: str = ""  # below the REST root, as the report shows it: /conversations
    primary_key: tuple[str, ...] = ("id",)
    filters: tuple[Filter, ...] = ()
    order: tuple[OrderTerm, ...] = ()
    limit: int | None = None
    sent: Mapping[str, Any] = field(default_factory=dict)  # write body values
    response_schema: Mapping[str, Any] | None = None
    function: str | None = None  # rpc: the function name
    writes: bool = False  # rpc: whether the function changes data (VOLATILE)
    on_conflict: tuple[str, ...] = ()  # upsert: the conflict target
    values: Mapping[str, Any] = field(default_factory=dict)  # the tool's parameter values
    array_columns: frozenset[str] = frozenset()  # columns of a PostgreSQL array type

    @property
    def reads(self) -> bool:
        return self.operation in READ_OPERATIONS or (self.operation == "rpc" and not self.writes)

    @property
    def is_write(self) -> bool:
        return not self.reads

    @property
    def prefer(self) -> str:
        return next((v for k, v in self.request.headers.items() if k.lower() == "prefer"), "")

    @property
    def returns_representation(self) -> bool:
        return "return=representation" in self.prefer

    @property
    def singular(self) -> bool:
        accept = next((v for k, v in self.request.headers.items() if k.lower() == "accept"), "")
        return "vnd.pgrst.object" in accept
