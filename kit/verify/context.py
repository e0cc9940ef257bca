"""What checks share: the HTTP client, the target's keys, service-key reads, and the ledger of
rows verify created or changed (so cleanup can undo them).

Verify speaks HTTP only. Reads that must see everything (read-backs, counts, snapshots) use
the service key, which bypasses RLS; the tool's own request uses exactly the tool's headers.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlparse

import httpx
import jwt

from kit.secret import Secret
from kit.verify.case import Case, Request
from kit.verify.drift import LiveSchema
from kit.verify.explain import Situation

# Placeholders used in reproduce commands, by the Target attribute that holds the key.
KEY_PLACEHOLDERS = {
    "agent_key": "MAKER_AGENT_KEY",
    "anon_key": "SUPABASE_ANON_KEY",
    "service_key": "SUPABASE_SERVICE_ROLE_KEY",
}


class TargetLike(Protocol):
    """What verify needs of `kit.target.Target`."""

    # Read-only members, so a frozen dataclass such as `Target` satisfies it.
    @property
    def name(self) -> str: ...
    @property
    def api_url(self) -> str: ...
    @property
    def anon_key(self) -> Secret | None: ...
    @property
    def service_key(self) -> Secret | None: ...
    @property
    def agent_key(self) -> Secret | None: ...
    @property
    def rest_url(self) -> str: ...


def role_of(key: Secret | None) -> str:
    """The `role` claim of a JWT key (unverified: only for naming it in messages)."""
    if not key:
        return "anon"
    try:
        claims = jwt.decode(key.reveal(), options={"verify_signature": False})
    except jwt.PyJWTError:
        return "service_role" if key.reveal().startswith("sb_secret_") else "anon"
    return str(claims.get("role", "anon"))


@dataclass
class Ledger:
    """Rows one case must undo: created ones are deleted, changed ones restored, deleted ones
    put back. Each case has its own, undone as soon as its checks ran, so later tools start
    from the seed data and concurrent groups never undo each other's rows."""

    created: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    changed: list[tuple[str, dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    deleted: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def per_table(self) -> dict[str, int]:
        tables = [t for t, _ in self.created] + [t for t, *_ in self.changed]
        return dict(Counter(tables + [t for t, _ in self.deleted]))

    def add_created(self, table: str, key: dict[str, Any]) -> None:
        if (table, key) not in self.created:
            self.created.append((table, key))

    def __bool__(self) -> bool:
        return bool(self.created or self.changed or self.deleted)


@dataclass
class Session:
    """Shared by every case of one run."""

    client: httpx.AsyncClient
    target: TargetLike
    started: float = field(default_factory=time.time)
    live: LiveSchema | None = None  # the live schema, once read (foreign keys for cleanup)
    baseline: dict[str, dict[str, dict[str, Any]]] | None = None  # tables before RPC writes
    created: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # every row made
    undo_problems: list[str] = field(default_factory=list)
    undo_refused: list[str] = field(default_factory=list)  # created rows a DELETE was refused
    # Tables whose spec says `append_only: true` (table -> that spec file): rows verify adds
    # there stay (`kept`); a row there changed or removed is a violation.
    append_only: Mapping[str, str] = field(default_factory=dict)
    kept: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    append_only_problems: list[str] = field(default_factory=list)

    @property
    def keys(self) -> dict[str, Secret | None]:
        return {name: getattr(self.target, attr) for attr, name in KEY_PLACEHOLDERS.items()}

    @property
    def local(self) -> bool:
        """A stack on this machine: verify may put whole tables back as they were."""
        host = urlparse(self.target.api_url).hostname or ""
        return host in ("127.0.0.1", "localhost", "::1")

    @property
    def agent_role(self) -> str:
        return role_of(self.target.agent_key or self.target.anon_key)

    async def send(self, request: Request) -> httpx.Response:
        return await self.client.request(
            request.method,
            request.url,
            headers=dict(request.headers),
            content=request.body.encode() if request.body is not None else None,
        )

    def _service_headers(self, **extra: str) -> dict[str, str]:
        key = self.target.service_key.reveal() if self.target.service_key else ""
        return {"apikey": key, "Authorization": f"Bearer {key}", **extra}

    async def service_get(self, path: str, params: Mapping[str, str]) -> httpx.Response:
        return await self.client.get(
            f"{self.target.rest_url}/{path}", params=params, headers=self._service_headers()
        )

    async def service_rows(self, table: str, params: Mapping[str, str]) -> list[dict[str, Any]]:
        """Rows of `table` matching PostgREST query `params`, as the service key sees them."""
        response = await self.service_get(table, params)
        response.raise_for_status()
        rows = response.json()
        return rows if isinstance(rows, list) else [rows]

    async def agent_rows(self, table: str, params: Mapping[str, str]) -> list[dict[str, Any]]:
        """Rows of `table` matching `params` as the tools' key sees them (apikey + bearer as in
        the tools' requests)."""
        anon, agent = self.target.anon_key, self.target.agent_key or self.target.anon_key
        headers = {"apikey": anon.reveal() if anon else ""}
        if agent:
            headers["Authorization"] = f"Bearer {agent.reveal()}"
        response = await self.client.get(
            f"{self.target.rest_url}/{table}", params=params, headers=headers
        )
        response.raise_for_status()
        rows = response.json()
        return rows if isinstance(rows, list) else [rows]

    async def rows_by_key(self, table: str, keys: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for key in keys:
            found += await self.service_rows(table, key_params(key))
        return found

    async def count(self, table: str) -> int:
        response = await self.client.get(
            f"{self.target.rest_url}/{table}",
            params={"select": "*", "limit": "1"},
            headers=self._service_headers(Prefer="count=exact"),
        )
        response.raise_for_status()
        return int(response.headers.get("content-range", "*/0").rsplit("/", 1)[1])

    async def service_write(
        self, method: str, table: str, params: Mapping[str, str], body: Any = None
    ) -> httpx.Response:
        return await self.client.request(
            method,
            f"{self.target.rest_url}/{table}",
            params=params,
            json=body,
            headers=self._service_headers(Prefer="return=minimal"),
        )


@dataclass
class CaseContext:
    """One case's view: the shared session plus what was true before its request."""

    session: Session
    ledger: Ledger = field(default_factory=Ledger)
    before: list[dict[str, Any]] = field(default_factory=list)  # target rows before a write
    before_count: int | None = None  # the table's rows before a delete
    affected: list[dict[str, Any]] = field(default_factory=list)  # keys a write touched
    # Rows the write references (a message's conversation): triggers may change them.
    parents: list[tuple[str, dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    snapshot: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)  # RPC writes

    def situation(self, case: Case, role: str | None = None) -> Situation:
        return Situation(
            table=case.table,
            method=case.request.method,
            role=role or self.session.agent_role,
            function=case.function,
            upsert=case.operation == "upsert",
        )


def key_params(key: Mapping[str, Any]) -> dict[str, str]:
    """PostgREST filters selecting the row with primary key `key`."""
    return {column: f"eq.{value}" for column, value in key.items()}


def key_of(row: Mapping[str, Any], primary_key: Sequence[str]) -> dict[str, Any] | None:
    if not all(column in row for column in primary_key):
        return None
    return {column: row[column] for column in primary_key}


def rows_of(response: httpx.Response) -> list[dict[str, Any]]:
    """The rows of a JSON body: an array of objects, or one object (singular responses)."""
    try:
        body = response.json()
    except ValueError:
        return []
    if isinstance(body, dict):
        return [body]
    return [r for r in body if isinstance(r, dict)] if isinstance(body, list) else []
