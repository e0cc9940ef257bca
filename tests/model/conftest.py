"""The flagship project's catalog, read once from the session's provisioned PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from kit.catalog import Catalog, read_catalog
from kit.model import ToolSet, resolve
from kit.project import Project
from kit.specs import load_specs, spec_paths
from kit.stack.postgres import PostgresServer


@pytest.fixture(scope="session")
def flagship_catalog(kit_project: Project, kit_postgres: PostgresServer) -> Catalog:
    with psycopg.connect(kit_postgres.dsn(), autocommit=True) as conn:
        return read_catalog(conn, kit_project.api.schemas, ["maker_agent"])


@pytest.fixture(scope="session")
def flagship_tools(kit_project: Project, flagship_catalog: Catalog) -> ToolSet:
    loaded = load_specs(spec_paths(kit_project.tool_specs_dir))
    return resolve(loaded.files, flagship_catalog, loaded.problems)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text.lstrip("\n"), encoding="utf-8")
    return path
