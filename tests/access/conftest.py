"""The starter project (tests/access/starter) taken through the whole path with the CLI."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner, Result

from kit.catalog import Catalog, read_catalog
from kit.cli import main
from kit.project import load_project
from kit.stack.postgres import free_port
from kit.stack.stack import Stack

STARTER = Path(__file__).parent / "starter"
ADA = "a0000000-0000-4000-8000-00000000000a"
BOB = "b0000000-0000-4000-8000-00000000000b"


@dataclass
class Starter:
    root: Path
    ports: list[str]
    timings: dict[str, float] = field(default_factory=dict)

    def kit(self, *args: str, ok: bool = True) -> Result:
        started = time.perf_counter()
        result = CliRunner().invoke(main, ["--project", str(self.root), *args])
        step = args[0] if args[0] != "stack" else f"stack {args[1]}"
        self.timings[step] = self.timings.get(step, 0.0) + time.perf_counter() - started
        if ok:
            assert result.exit_code == 0, f"kit {' '.join(args)}:\n{result.output}"
        return result

    def migrate(self) -> None:
        """`kit stack up` on the running stack: it applies the new access migration."""
        applied = self.kit("stack", "up", *self.ports)
        assert "_access.sql" in applied.output, applied.output

    def catalog(self) -> Catalog:
        """The live catalog: what `kit generate` reads from a throwaway copy, without the copy."""
        project = load_project(self.root)
        with psycopg.connect(Stack(project).info().db_url, autocommit=True) as conn:
            return read_catalog(conn, project.api.schemas, ["maker_agent", "authenticated"])


@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Starter]:
    root = tmp_path_factory.mktemp("starter")
    shutil.copytree(STARTER, root, dirs_exist_ok=True)
    project = Starter(root, ["--api-port", str(free_port()), "--db-port", str(free_port())])
    started = time.perf_counter()
    result = CliRunner().invoke(main, ["init", str(root)])
    assert result.exit_code == 0, result.output
    project.timings["init"] = time.perf_counter() - started
    try:
        # An ES256 signing key first, so the gateway trusts it (JWKS) from its first start and
        # every agent key of the path is signed with it.
        project.kit("keys", "new")
        project.kit("stack", "up", *project.ports)
        yield project
    finally:
        CliRunner().invoke(main, ["--project", str(root), "stack", "down"])
        total = sum(project.timings.values())
        steps = ", ".join(f"{k} {v:.1f}s" for k, v in project.timings.items())
        print(f"\nstarter path: {total:.1f}s ({steps})")
