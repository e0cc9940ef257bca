"""Hand-made cases, a target with real (locally minted) keys, and a way to run one check."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any

import httpx

from kit.secret import Secret
from kit.stack.keys import LOCAL_JWT_SECRET, mint
from kit.verify.case import Case, Filter, OrderTerm, Request
from kit.verify.context import CaseContext, Session

API = "http://stack.test"
REST = f"{API}/rest/v1"
AGENT = mint(LOCAL_JWT_SECRET, "maker_agent")
ANON = mint(LOCAL_JWT_SECRET, "anon")
SERVICE = mint(LOCAL_JWT_SECRET, "service_role")


@dataclass(frozen=True)
class FakeTarget:
    name: str = "test stack"
    api_url: str = API
    anon_key: Secret | None = Secret(ANON)
    service_key: Secret | None = Secret(SERVICE)
    agent_key: Secret | None = Secret(AGENT)

    @property
    def rest_url(self) -> str:
        return f"{self.api_url}/rest/v1"


def agent_headers(**extra: str) -> dict[str, str]:
    return {"apikey": ANON, "Authorization": f"Bearer {AGENT}", **extra}


def list_case(**overrides: Any) -> Case:
    fields: dict[str, Any] = dict(
        tool="ListConversations",
        table="conversations",
        operation="list",
        path="/conversations",
        request=Request(
            "GET",
            f"{REST}/conversations?user_id=eq.user_ada&order=updated_at.desc&limit=2",
            agent_headers(),
        ),
        filters=(Filter("user_id", "eq", "user_ada"),),
        order=(OrderTerm("updated_at", descending=True),),
        limit=2,
        response_schema={
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "user_id"],
                "properties": {"id": {"type": "string"}, "user_id": {"type": "string"}},
            },
        },
    )
    return Case(**(fields | overrides))


def write_case(operation: str, sent: dict[str, Any], **overrides: Any) -> Case:
    method = {"create": "POST", "upsert": "POST", "update": "PATCH", "delete": "DELETE"}
    url = f"{REST}/conversations" + ("?id=eq.c1" if operation in ("update", "delete") else "")
    fields: dict[str, Any] = dict(
        tool=f"{operation.title()}Conversation",
        table="conversations",
        operation=operation,
        path="/conversations",
        request=Request(
            method[operation],
            url,
            agent_headers(Prefer="return=representation", **{"Content-Type": "application/json"}),
            json.dumps(sent) if sent else None,
        ),
        filters=(Filter("id", "eq", "c1"),) if operation in ("update", "delete") else (),
        sent=sent,
    )
    return Case(**(fields | overrides))


def response(status: int, body: Any = None, **headers: str) -> httpx.Response:
    request = httpx.Request("GET", REST)
    if body is None:
        return httpx.Response(status, headers=headers, request=request)
    return httpx.Response(status, json=body, headers=headers, request=request)


@dataclass
class State:
    """What the engine would have put in the case context before the check runs."""

    before: list[dict[str, Any]] = field(default_factory=list)
    affected: list[dict[str, Any]] = field(default_factory=list)
    before_count: int | None = None
    target: FakeTarget = field(default_factory=FakeTarget)


def judge(check: Any, case: Case, resp: httpx.Response, state: State | None = None) -> None:
    """Run one check as the engine would (HTTP mocked by the caller's respx router)."""
    state = state or State()

    async def go() -> None:
        async with httpx.AsyncClient() as client:
            ctx = CaseContext(Session(client, state.target))
            ctx.before, ctx.affected = state.before, state.affected
            ctx.before_count = state.before_count
            await check(case, resp, ctx)

    asyncio.run(go())
