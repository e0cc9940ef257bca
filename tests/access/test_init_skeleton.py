"""`kit init` on an empty folder gives a working project: its tools generate and verify green."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from kit.access import latest_access
from kit.cli import main
from kit.generator import generate
from kit.project import load_project
from kit.stack.postgres import free_port
from tests.access.conftest import Starter


def test_an_empty_folder_becomes_a_working_project(tmp_path: Path) -> None:
    root = tmp_path / "my-agent"
    made = CliRunner().invoke(main, ["init", str(root)])
    assert made.exit_code == 0, made.output
    project = load_project(root)
    assert project.project_id == "my-agent"
    assert sorted(p.name for p in (root / "tool_specs").iterdir()) == ["notes.yaml"]
    assert latest_access(project, "maker_agent") is not None
    assert "## Maker Kit" in (root / "README.md").read_text()
    assert ".env" in (root / ".gitignore").read_text().splitlines()
    again = CliRunner().invoke(main, ["init", str(root)])  # now a CLI project: adopted, kept
    assert again.exit_code == 0 and "adopted" in again.output
    skeleton = Starter(root, ["--api-port", str(free_port()), "--db-port", str(free_port())])
    try:
        skeleton.kit("stack", "up", *skeleton.ports)
        tools = generate(load_project(root), catalog=skeleton.catalog()).tools
        assert [t.name for t in tools] == ["CreateNote", "GetNote", "ListNotes", "UpdateNote"]
        assert "passed: 4/4 tools green" in skeleton.kit("verify").output
    finally:
        skeleton.kit("stack", "down", ok=False)
