"""A stack of the verify tests' own (for breaking), the flagship tools, and targets."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kit.project import Project
from kit.stack.postgres import free_port
from kit.stack.stack import Stack, StackInfo
from kit.target import Target
from kit.testing import provisioned, scratch_dir
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
def own_stack(kit_project: Project) -> Iterator[StackInfo]:
    """A provisioned database and REST API for tests that break the schema (never the shared
    session database)."""
    with provisioned(kit_project) as server, scratch_dir("kit-verify-stack-") as folder:
        stack = Stack(kit_project, api_port=free_port(), state_dir=folder, server=server)
        stack.up()
        try:
            yield stack.info()
        finally:
            stack.stop_rest()
