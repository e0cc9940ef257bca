"""The throwaway catalog server: an initdb copy speeds it up and never outlives a damage."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.generator import _template_dir, project_catalog
from kit.project import load_project
from kit.stack.postgres import PostgresServer

ROOT = Path(__file__).resolve().parent.parent


def test_catalog_from_a_clean_start_then_from_the_initdb_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    project = load_project(ROOT)
    first = project_catalog(project, ["maker_agent"])
    assert (_template_dir() / "PG_VERSION").is_file()
    assert not list(_template_dir().parent.glob("*.tmp"))

    def no_initdb(self: PostgresServer) -> None:
        if not self.initialized:
            raise AssertionError("initdb ran although a copy was there")

    monkeypatch.setattr(PostgresServer, "init", no_initdb)
    second = project_catalog(project, ["maker_agent"])
    assert second == first
    assert second.table("conversations") is not None
    assert "maker_agent" in second.roles


def test_a_damaged_copy_is_dropped_and_initdb_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    project = load_project(ROOT)
    project_catalog(project)
    (_template_dir() / "global" / "pg_control").write_bytes(b"not a control file")
    catalog = project_catalog(project)
    assert catalog.table("messages") is not None
    assert not _template_dir().exists()  # dropped
    project_catalog(project)
    assert (_template_dir() / "PG_VERSION").is_file()  # and made again by the next run
