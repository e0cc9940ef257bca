"""The flagship's five tables, drafted from its database alone, generate and verify green."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kit.generator import generate
from kit.project import load_project
from kit.stack.postgres import free_port
from tests.access.conftest import Starter

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def flagship(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Starter]:
    """The flagship's migrations and seed only: no tool specs, no outputs."""
    root = tmp_path_factory.mktemp("flagship")
    shutil.copytree(ROOT / "supabase", root / "supabase", ignore=shutil.ignore_patterns(".temp"))
    shutil.copytree(ROOT / "seed", root / "seed")
    project = Starter(root, ["--api-port", str(free_port()), "--db-port", str(free_port())])
    try:
        project.kit("stack", "up", *project.ports)
        yield project
    finally:
        project.kit("stack", "down", ok=False)


def test_flagship_drafts_generate_and_verify_green(flagship: Flagship) -> None:
    drafted = flagship.kit("draft")
    assert "22 tools drafted from the local stack" in drafted.output
    names = sorted(p.stem for p in (flagship.root / "tool_specs").glob("*.yaml"))
    assert names == [
        "conversations",
        "generated_code",
        "memory_long_term",
        "messages",
        "user_preferences",
    ]
    flagship.kit("access")
    flagship.migrate()
    generated = generate(load_project(flagship.root), catalog=flagship.catalog())
    assert {"SearchMemories", "TouchMemory"} <= {t.name for t in generated.tools}
    verified = flagship.kit("verify")
    assert "passed: 22/22 tools green" in verified.output


Flagship = Starter
