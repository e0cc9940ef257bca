"""Shared helpers. The `kit_*` fixtures come from the kit's own pytest plugin (kit.testing)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kit.project import Project, load_project
from kit.stack.postgres import PostgresServer, free_port
from kit.stack.template import create_cluster
from kit.testing import scratch_dir

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fresh_server() -> Iterator[PostgresServer]:
    """An embedded PostgreSQL of the test's own with the Supabase baseline and nothing of a
    project, started and destroyed with it."""
    with scratch_dir("kit-fresh-") as home:
        server = PostgresServer(home / "data", port=free_port(), durable=False)
        create_cluster(server)  # a copy of the template: the baseline installed
        try:
            yield server
        finally:
            server.destroy()


@pytest.fixture
def project_copy(tmp_path: Path) -> Project:
    """A copy of the flagship project's SQL that a test may break."""
    root = tmp_path / "project"
    shutil.copytree(ROOT / "supabase", root / "supabase", ignore=shutil.ignore_patterns(".temp"))
    shutil.copytree(ROOT / "seed", root / "seed")
    shutil.copy(ROOT / ".sqlfluff", root / ".sqlfluff")
    return load_project(root)
