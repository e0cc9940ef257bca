"""Helpers for the stack tests: run `kit` as a user would, and find every process a stack left."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kit.project import Project, load_project
from kit.stack.postgres import free_port
from kit.testing import scratch_dir

from ..conftest import ROOT


@dataclass
class CliStack:
    """A project copy whose stack the tests drive through the real `kit` command."""

    project: Project
    api_port: int
    db_port: int

    @property
    def root(self) -> Path:
        return self.project.root

    def kit(self, *args: str, ports: bool = False) -> subprocess.CompletedProcess[str]:
        flags = ["--api-port", str(self.api_port), "--db-port", str(self.db_port)] if ports else []
        return subprocess.run(
            [sys.executable, "-m", "kit", "--project", str(self.root), "stack", *args, *flags],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200"},
        )

    def up(self) -> subprocess.CompletedProcess[str]:
        done = self.kit("up", ports=True)
        assert done.returncode == 0, done.stderr
        return done

    def pids(self) -> set[int]:
        """Every live process that belongs to this stack (by data path, REST port, or parent)."""
        return stack_processes(self.root, self.api_port)


@pytest.fixture(scope="module")
def shared_stack() -> Iterator[CliStack]:
    """One project copy for a module's tests, which each start from `up` (a no-op when it runs):
    a stack start is the slow part, so tests share one where they can."""
    yield from _cli_stack()


@pytest.fixture
def cli_stack() -> Iterator[CliStack]:
    """A project copy of the test's own, for tests that break it."""
    yield from _cli_stack()


def _cli_stack() -> Iterator[CliStack]:
    # Outside pytest's tmp root: see `kit.testing.scratch_dir`.
    with scratch_dir("kit-cli-stack-") as home:
        root = home / "project"
        skip = shutil.ignore_patterns(".temp")
        shutil.copytree(ROOT / "supabase", root / "supabase", ignore=skip)
        shutil.copytree(ROOT / "seed", root / "seed")
        api_port, db_port = free_port(), free_port()
        # The copy's own defaults too, so nothing here ever touches the real 54321/54322.
        config = root / "supabase" / "config.toml"
        text = config.read_text().replace("\nport = 54321\n", f"\nport = {api_port}\n", 1)
        config.write_text(text.replace("\nport = 54322\n", f"\nport = {db_port}\n", 1))
        stack = CliStack(load_project(root), api_port, db_port)
        assert (stack.project.api.port, stack.project.db.port) == (api_port, db_port)
        yield stack
        stack.kit("down")
        assert stack.pids() == set(), "the tests left stack processes behind"


def stack_processes(root: Path, api_port: int) -> set[int]:
    table = _process_table()
    marker_env = f"KIT_REST_PORT={api_port}".encode()
    roots = {
        pid
        for pid, (_, cmdline, environ) in table.items()
        if str(root) in cmdline or marker_env in environ.split(b"\0")
    }
    # Add descendants (PostgreSQL's backends do not carry the data path in their title).
    family, grew = set(roots), True
    while grew:
        more = {pid for pid, (ppid, _, _) in table.items() if ppid in family} - family
        family |= more
        grew = bool(more)
    return family


def _process_table() -> dict[int, tuple[int, str, bytes]]:
    table = {}
    me = os.getpid()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == me:
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(") ", 1)[1].split()
            if stat[0] == "Z":
                continue
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            environ = (entry / "environ").read_bytes()
        except (OSError, IndexError):
            continue
        table[int(entry.name)] = (int(stat[1]), cmdline, environ)
    return table
