"""`kit verify` as users run it: exit codes, the console report (snapshot, normalized), the
JSON and JUnit files, and no key anywhere in what it prints.

Update the snapshot after an intended change with `KIT_SNAPSHOT_UPDATE=1 pytest tests/verify`.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kit.cli import main

SNAPSHOTS = Path(__file__).parent / "snapshots"


def kit_verify(project, info, *args: str, agent_key=None):  # type: ignore[no-untyped-def]
    flags = [
        "--url", info.api_url,
        "--anon-key", info.anon_key.reveal(),
        "--agent-key", (agent_key or info.agent_key).reveal(),
        "--service-key", info.service_role_key.reveal(),
    ]  # fmt: skip
    runner = CliRunner()
    return runner.invoke(main, ["--project", str(project.root), "verify", *flags, *args])


def normalized(text: str, info) -> str:  # type: ignore[no-untyped-def]
    text = text.replace(info.api_url, "http://127.0.0.1:PORT")
    text = re.sub(r"in \d+\.\d\ds", "in N.NNs", text)
    # the ms column: right-aligned digits before the result column
    return re.sub(r"(\d{3}) +\d+  (✓|✗)", lambda m: f"{m[1]}   ms  {m[2]}", text)


def test_green_run_exits_0_and_matches_the_snapshot(kit_project, kit_stack, tmp_path) -> None:
    report, junit = tmp_path / "verify.json", tmp_path / "verify.xml"
    result = kit_verify(
        kit_project, kit_stack, "--concurrency", "1", "--json", str(report), "--junit", str(junit)
    )
    assert result.exit_code == 0, result.output
    text = normalized(result.output, kit_stack)
    snapshot = SNAPSHOTS / "verify_green.txt"
    if os.environ.get("KIT_SNAPSHOT_UPDATE"):
        snapshot.write_text(text)
    assert text == snapshot.read_text()
    assert json.loads(report.read_text())["summary"]["passed"] is True
    assert "<testsuite" in junit.read_text()
    for key in (kit_stack.anon_key, kit_stack.agent_key, kit_stack.service_role_key):
        assert key.reveal() not in result.output + report.read_text() + junit.read_text()


def test_a_failing_check_exits_1_with_expected_received_and_a_reproduce_command(
    kit_project, kit_stack
) -> None:
    # The anon key as the agent's key: every tool is refused, as with a wrong key pasted.
    result = kit_verify(
        kit_project, kit_stack, "--tool", "GetMessages", agent_key=kit_stack.anon_key
    )
    assert result.exit_code == 1, result.output
    out = result.output
    assert "✗ GetMessages status_matches" in out
    assert "expected: 200 or 206" in out
    assert "received: 401" in out
    assert "missing GRANT SELECT on messages for role anon" in out
    assert "reproduce with: curl --globoff --request GET" in out
    assert '"Authorization: Bearer $MAKER_AGENT_KEY"' in out
    assert kit_stack.anon_key.reveal() not in out
    assert "FAILED: 0/1 tools green" in out


def test_an_unknown_tool_exits_2_with_a_suggestion(kit_project, kit_stack) -> None:
    result = kit_verify(kit_project, kit_stack, "--tool", "GetMesages")
    assert result.exit_code == 2
    assert "no tool named `GetMesages` — did you mean `GetMessages`?" in result.output


@pytest.mark.parametrize("table", ["messages"])
def test_table_selects_that_tables_tools(kit_project, kit_stack, table, tmp_path) -> None:
    report = tmp_path / "v.json"
    result = kit_verify(kit_project, kit_stack, "--table", table, "--json", str(report))
    assert result.exit_code == 0, result.output
    assert {r["tool"] for r in json.loads(report.read_text())["results"]} == {
        "GetMessages",
        "SaveMessage",
    }


def test_an_unreachable_stack_exits_2(kit_project, kit_stack) -> None:
    from kit.stack.postgres import free_port

    runner = CliRunner()
    result = runner.invoke(
        main,
        ["--project", str(kit_project.root), "verify", "--url", f"http://127.0.0.1:{free_port()}",
         "--anon-key", "a", "--agent-key", "b", "--service-key", "c"],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "cannot reach http://127.0.0.1:" in result.output
    assert "kit stack up" in result.output
