"""A stack of the verify tests' own (for breaking), the flagship tools, and targets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kit.project import Project
from kit.stack.database import provision
from kit.stack.postgres import PostgresServer, free_port
from kit.stack.stack import Stack, StackInfo
from kit.target import Target
from kit.verify.suite import load_tools


@pytest.fixture(scope="session")
def flagship_tools(kit_project: Project):  # type: ignore[no-untyped-def]
    return load_tools(kit_project)


def target_of(info: StackInfo, name: str = "kit stack (tests)") -> Target:
    return Target(
        name,
        info.api_url,
        anon_key=info.anon_key,
        service_key=info.service_role_key,
        agent_key=info.agent_key,
    )


@pytest.fixture(scope="module")
def own_stack(
    kit_project: Project, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[StackInfo]:
    """A provisioned database and REST API for tests that break the schema (never the shared
    session database)."""
    folder: Path = tmp_path_factory.mktemp("verify-own-stack")
    server = PostgresServer(folder / "data", port=free_port(), durable=False)
    try:
        provision(kit_project, server)
        stack = Stack(kit_project, api_port=free_port(), state_dir=folder, server=server)
        stack.up()
        try:
            yield stack.info()
        finally:
            stack.stop_rest()
    finally:
        server.destroy()
