"""End to end: every committed `curl/<Tool>.sh`, placeholders filled from the local stack, run
with the real `curl` binary, answers what verify saw for the same tool.

Reads are compared body for body; writes by status, returned columns and the values sent (ids
and timestamps are new on every write). Reads run with curl before verify runs (so both see the
same data); writes run after it, each undone with verify's own ledger.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from kit.model import AGENT_KEY, ANON_KEY, BASE_URL
from kit.verify import cleanup, verify, writes
from kit.verify.case import Case
from kit.verify.context import CaseContext, Session
from kit.verify.suite import build_suite
from kit.verify.values import same

from .conftest import target_of

pytestmark = pytest.mark.skipif(shutil.which("curl") is None, reason="needs the curl binary")


class Recording(httpx.AsyncBaseTransport):
    """A real transport that keeps every exchange verify makes."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.seen: list[tuple[httpx.Request, int, bytes]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        body = await response.aread()
        self.seen.append((request, response.status_code, body))
        return httpx.Response(response.status_code, headers=response.headers, content=body)

    async def aclose(self) -> None:
        await self.inner.aclose()

    def answer_to(self, case: Case) -> tuple[int, Any]:
        """What the tool's own request got (not a probe with another key or a read-back)."""
        for request, status, body in self.seen:
            if (
                request.method == case.request.method
                and str(request.url) == case.request.url
                and request.headers.get("authorization") == case.request.headers["Authorization"]
            ):
                return status, json.loads(body) if body else None
        raise AssertionError(f"verify never sent {case.tool}'s request")


def fill(script: str, case: Case, info) -> str:  # type: ignore[no-untyped-def]
    """The script with URL, keys and parameter values in, each escaped for where it stands."""
    out = []
    for line in script.splitlines():
        line = line.replace(BASE_URL, info.rest_url)
        line = line.replace("{{" + ANON_KEY + "}}", info.anon_key.reveal())
        line = line.replace("{{" + AGENT_KEY + "}}", info.agent_key.reveal())
        for name, value in case.values.items():
            text = value if isinstance(value, str) else json.dumps(value)
            if line.startswith("curl "):
                text = quote(text, safe=",")
            elif line.startswith("--data-raw"):
                # inside a JSON string, or a whole JSON value (json/jsonb, optional: null)
                whole = '"{{' + name + '}}"' not in line
                text = json.dumps(value if whole else text)
                text = (text if whole else text[1:-1]).replace("'", "\\u0027")
            line = line.replace("{{" + name + "}}", text)
        if line.startswith("curl "):
            line = "curl --silent --show-error --write-out '\\n%{http_code}' " + line[5:]
        out.append(line)
    return "\n".join(out) + "\n"


def run_curl(path: Path, case: Case, info, tmp_path: Path) -> tuple[int, Any]:  # type: ignore[no-untyped-def]
    script = tmp_path / path.name
    script.write_text(fill(path.read_text(), case, info))
    assert "{{" not in script.read_text().split("curl ", 1)[1], f"unfilled placeholder in {path}"
    done = subprocess.run(["bash", str(script)], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    body, _, status = done.stdout.rpartition("\n")
    return int(status), json.loads(body) if body else None


def with_context(info, work):  # type: ignore[no-untyped-def]
    """Run `work(ctx)` with a case context on the stack, as the engine would."""

    async def go():  # type: ignore[no-untyped-def]
        async with httpx.AsyncClient() as client:
            return await work(CaseContext(Session(client, target_of(info))))

    return asyncio.run(go())


def before_write(case: Case, info) -> list:  # type: ignore[no-untyped-def]
    async def work(ctx: CaseContext) -> list:
        await writes.before(case, ctx)
        return ctx.before

    return with_context(info, work)


def undo_write(case: Case, info, before: list, status: int, body: Any) -> None:  # type: ignore[no-untyped-def]
    """Put the database back after curl ran a write, with verify's own ledger."""

    async def work(ctx: CaseContext) -> None:
        ctx.before = before
        response = httpx.Response(status, json=body, request=httpx.Request("POST", "x"))
        await writes.record(case, response, ctx)
        await cleanup.undo(ctx.session, ctx.ledger)
        assert ctx.session.undo_problems == []

    with_context(info, work)


def counts(info, tables: set[str]) -> dict[str, int]:  # type: ignore[no-untyped-def]
    async def work(ctx: CaseContext) -> dict[str, int]:
        return await cleanup.counts(ctx.session, tables)

    return with_context(info, work)


def test_every_curl_file_answers_what_verify_saw(
    kit_project, flagship_tools, kit_stack, tmp_path
) -> None:
    tools, catalog = flagship_tools
    target = target_of(kit_stack)
    suite = build_suite(kit_project, target, tools, catalog)
    files = sorted((kit_project.root / "curl").glob("*.sh"))
    assert {f.stem for f in files} == {c.tool for c in suite.cases}
    by_name = {c.tool: c for c in suite.cases}

    tables = {c.table for c in suite.cases}
    rows_before = counts(kit_stack, tables)
    read_answers = {
        f.stem: run_curl(f, by_name[f.stem], kit_stack, tmp_path)
        for f in files
        if by_name[f.stem].reads
    }
    recording = Recording()
    final = verify(suite.cases, target, usages=suite.usages, transport=recording)
    assert final.passed

    assert len(read_answers) >= 7
    for name, (status, body) in read_answers.items():
        assert status == 200 and body, name
        assert (status, body) == recording.answer_to(by_name[name]), name

    for path in files:
        case = by_name[path.stem]
        if case.reads:
            continue
        before = before_write(case, kit_stack)
        status, body = run_curl(path, case, kit_stack, tmp_path)
        try:
            seen_status, seen_body = recording.answer_to(case)
            assert status == seen_status, case.tool
            assert _shape(body) == _shape(seen_body), case.tool
            for row in body if isinstance(body, list) else [body]:
                for column, value in case.sent.items():
                    if column in row:
                        assert same(value, row[column]), (case.tool, column)
        finally:
            undo_write(case, kit_stack, before, status, body)
    assert counts(kit_stack, tables) == rows_before


def _shape(body: Any) -> Any:
    if isinstance(body, list):
        return [sorted(row) if isinstance(row, dict) else row for row in body]
    return sorted(body) if isinstance(body, dict) else body
