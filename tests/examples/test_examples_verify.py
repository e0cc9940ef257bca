"""Issue 7's "done when", in CI, for every project under examples/: its committed curl/ and api/
files are what `kit generate` makes of its migrations, and `kit verify` against a kit stack of
that example (its own database and REST API on free ports) is green: exit 0, every tool passed.

One stack per example, stopped after its tests. (Migrations applying and `kit lint` are
test_examples_apply.py; the flagship's verify is tests/verify/test_verify_flagship.py.)
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner

from kit.catalog import read_catalog
from kit.cli import main
from kit.generator import generate
from kit.project import Project, load_project
from kit.specs import load_specs, spec_paths
from kit.stack.database import provision
from kit.stack.postgres import PostgresServer, free_port
from kit.stack.stack import Stack, StackInfo
from kit.target import PROCESS_ENV_NAMES, Target
from kit.testing import scratch_dir
from kit.verify import Handler, verify
from kit.verify.events import CleanupFinished, Event, ToolResult
from kit.verify.suite import build_suite, load_tools

from ..conftest import ROOT

EXAMPLES = sorted(p.parent.parent for p in (ROOT / "examples").glob("*/supabase/config.toml"))

# The tools issue 7 asks of each example (they may have more).
ISSUE_TOOLS = {
    "ai-chatbot": {
        "ListChats",
        "LoadChatMessages",
        "SaveMessage",
        "VoteMessage",
        "ListDocumentVersions",
        "SaveDocumentVersion",
        "SearchKnowledge",
        "QueueBackgroundQuery",
        "PollBackgroundQuery",
    },
    "collab-sessions": {
        "CreateSession",
        "ResumeSession",
        "PauseSession",
        "CompleteSession",
        "ListSessions",
        "GetSessionSummary",
        "StoreMemory",
        "RetrieveMemory",
        "QueryMemories",
        "ListMemories",
        "StoreConversationChunk",
        "SearchConversationChunks",
        "BatchStoreMemories",
    },
    "json-chat": {
        "PostMessage",
        "PostStructuredMessage",
        "ListMessages",
        "EditMessage",
        "StoreMemory",
        "RecallMemories",
        "GetAgentState",
        "SetAgentState",
        "CreateCheckpoint",
        "RestoreCheckpoint",
        "ListSessions",
    },
    "multi-agent": {
        "CreateAgent",
        "ListTeamAgents",
        "StartConversation",
        "SaveMessage",
        "ListMessages",
        "StoreMemory",
        "SearchMemories",
        "ListMemoryLog",
        "TagMemory",
    },
}


@pytest.fixture(scope="module", params=EXAMPLES, ids=lambda p: p.name)
def example(request: pytest.FixtureRequest) -> Iterator[tuple[Project, StackInfo]]:
    """The example's own stack: provisioned database and REST API, on free ports."""
    project = load_project(request.param)
    with scratch_dir("kit-example-") as home:
        server = PostgresServer(home / "data", port=free_port(), durable=False)
        try:
            provision(project, server)
            stack = Stack(project, api_port=free_port(), state_dir=home, server=server)
            stack.up()
            try:
                yield project, stack.info()
            finally:
                stack.stop_rest()
        finally:
            server.destroy()


def test_generated_files_are_current(example: tuple[Project, StackInfo]) -> None:
    """`kit generate --check`, against the catalog of the database the migrations just built,
    and every tool issue 7 asks for is there."""
    project, info = example
    roles = {f.role for f in load_specs(spec_paths(project.tool_specs_dir)).files if f.role}
    with psycopg.connect(info.db_url, autocommit=True) as conn:
        catalog = read_catalog(conn, project.api.schemas, roles)
    result = generate(project, None, check=True, catalog=catalog)
    assert [str(p) for p in result.stale] == []
    assert {tool.name for tool in result.tools} >= ISSUE_TOOLS[project.root.name]


def test_verify_is_green(
    example: tuple[Project, StackInfo], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, info = example
    for name in PROCESS_ENV_NAMES:  # a developer's SUPABASE_URL must not redirect the run
        monkeypatch.delenv(name, raising=False)
    env = tmp_path / ".env"
    env.write_text("".join(f"{k}={v}\n" for k, v in info.env_values().items()))
    report = tmp_path / "verify.json"
    started = time.perf_counter()
    result = CliRunner().invoke(
        main,
        ["--project", str(project.root), "verify", "--env", str(env), "--json", str(report)],
    )
    seconds = time.perf_counter() - started
    document = json.loads(report.read_text())
    failed = [
        f"{r['tool']} {c['name']}: {c['failure']['title']}"
        for r in [*document["results"], document["cleanup"]["result"]]
        for c in r["checks"]
        if c["outcome"] == "failed"
    ]
    assert failed == [] and result.exit_code == 0, result.output
    specs = load_specs(spec_paths(project.tool_specs_dir)).files
    assert {r["tool"] for r in document["results"]} == {t.name for f in specs for t in f.tools}
    assert document["summary"]["passed"] is True and document["summary"]["tools_failed"] == 0
    print(f"{project.root.name}: {document['summary']} in {seconds:.2f}s")


MULTI_AGENT = ROOT / "examples" / "multi-agent"


@pytest.mark.parametrize("example", [MULTI_AGENT], ids=["multi-agent"], indirect=True)
def test_append_only_is_what_keeps_the_memory_log_green_and_is_proven(
    example: tuple[Project, StackInfo],
) -> None:
    """Without `append_only: true`, the log rows StoreMemory causes fail the cleanup; with it,
    a log that lets verify delete them (its trigger disabled) fails `append_only_kept`."""
    project, info = example
    target = Target(
        "kit stack (tests)",
        info.api_url,
        anon_key=info.anon_key,
        service_key=info.service_role_key,
        agent_key=info.agent_key,
    )
    tools, catalog = load_tools(project, info.db_url)
    suite = build_suite(project, target, tools, catalog)
    assert suite.append_only == {"memory_log": "tool_specs/memory_log.yaml"}

    def red_checks(append_only: dict[str, str]) -> dict[str, str]:
        report = ListReport()
        verify(suite.cases, target, usages=suite.usages, handlers=[report], append_only=append_only)
        return {c.name: c.failure.received for c in report.cleanup.checks if c.failure}

    undeclared = red_checks({})
    assert set(undeclared) == {"created_rows_removed", "row_counts_unchanged"}
    assert "memory_log is append-only: delete is not allowed" in undeclared["created_rows_removed"]

    with psycopg.connect(info.db_url, autocommit=True) as conn:
        conn.execute("alter table public.memory_log disable trigger memory_log_append_only")
        try:
            violated = red_checks(dict(suite.append_only))
        finally:
            conn.execute("alter table public.memory_log enable trigger memory_log_append_only")
    assert set(violated) == {"append_only_kept"}
    assert (
        "verify's DELETE removed it, so the table is not append-only"
        in (violated["append_only_kept"])
    )


class ListReport(Handler):
    """Keeps the cleanup result of a run."""

    cleanup: ToolResult

    def handle(self, event: Event) -> None:
        if isinstance(event, CleanupFinished):
            self.cleanup = event.result
