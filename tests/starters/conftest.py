"""Starter-style Supabase projects the kit did not write (tests/fixtures/starters/), each
provisioned once per module on a fresh server, as `kit stack up` provisions it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from kit.project import load_project
from kit.stack.database import Provisioned, connect, provision
from kit.stack.postgres import PostgresServer, free_port
from kit.testing import scratch_dir

from ..conftest import ROOT

STARTERS = ROOT / "tests" / "fixtures" / "starters"


class Starter:
    def __init__(self, root: Path, server: PostgresServer, done: Provisioned) -> None:
        self.root, self.server, self.done = root, server, done

    def connect(self) -> psycopg.Connection:
        return connect(self.server)


def provisioned_starter(name: str) -> Iterator[Starter]:
    with scratch_dir(f"kit-starter-{name}-") as home:
        server = PostgresServer(home / "data", port=free_port(), durable=False)
        try:
            done = provision(load_project(STARTERS / name), server)
            yield Starter(STARTERS / name, server, done)
        finally:
            server.destroy()


@pytest.fixture(scope="module")
def user_management() -> Iterator[Starter]:
    yield from provisioned_starter("user-management")


@pytest.fixture(scope="module")
def todos() -> Iterator[Starter]:
    yield from provisioned_starter("todos")
