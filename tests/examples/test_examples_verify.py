"""Issue 7's "done when", in CI, for every project under examples/: its committed curl/ and api/
files are what `kit generate` makes of its migrations, and `kit verify` against a kit stack of
that example (its own database and REST API on free ports) is green: exit 0, every tool passed.

One stack per example, stopped after its tests. (Migrations applying and `kit lint` are
test_examples_apply.py; the flagship's verify is tests/verify/test_verify_flagship.py.)
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner

from kit.catalog import read_catalog
from kit.cli import main
from kit.generate import generate
from kit.project import Project, load_project
from kit.specs import load_specs, spec_paths
from kit.stack.database import provision
from kit.stack.postgres import PostgresServer, free_port
from kit.stack.stack import Stack, StackInfo
from kit.target import PROCESS_ENV_NAMES
from kit.testing import scratch_dir

from ..conftest import ROOT

EXAMPLES = sorted(p.parent.parent for p in (ROOT / "examples").glob("*/supabase/config.toml"))


@pytest.fixture(scope="module", params=EXAMPLES, ids=lambda p: p.name)
def example(request: pytest.FixtureRequest) -> Iterator[tuple[Project, StackInfo]]:
    """The example's own stack: provisioned database and REST API, on free ports."""
    project = load_project(request.param)
    with scratch_dir("kit-example-") as home:
        server = PostgresServer(home / "data", port=free_port(), durable=False)
        try:
            provision(project, server)
            stack = Stack(project, api_port=free_port(), state_dir=home, server=server)
            stack.up()
            try:
                yield project, stack.info()
            finally:
                stack.stop_rest()
        finally:
            server.destroy()


def test_generated_files_are_current(example: tuple[Project, StackInfo]) -> None:
    """`kit generate --check`, against the catalog of the database the migrations just built."""
    project, info = example
    roles = {f.role for f in load_specs(spec_paths(project.tool_specs_dir)).files if f.role}
    with psycopg.connect(info.db_url, autocommit=True) as conn:
        catalog = read_catalog(conn, project.api.schemas, roles)
    result = generate(project, None, check=True, catalog=catalog)
    assert [str(p) for p in result.stale] == []
    assert len(result.tools) > 0


def test_verify_is_green(
    example: tuple[Project, StackInfo], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, info = example
    for name in PROCESS_ENV_NAMES:  # a developer's SUPABASE_URL must not redirect the run
        monkeypatch.delenv(name, raising=False)
    env = tmp_path / ".env"
    env.write_text("".join(f"{k}={v}\n" for k, v in info.env_values().items()))
    report = tmp_path / "verify.json"
    started = time.perf_counter()
    result = CliRunner().invoke(
        main,
        ["--project", str(project.root), "verify", "--env", str(env), "--json", str(report)],
    )
    seconds = time.perf_counter() - started
    document = json.loads(report.read_text())
    failed = [
        f"{r['tool']} {c['name']}: {c['failure']['title']}"
        for r in [*document["results"], document["cleanup"]["result"]]
        for c in r["checks"]
        if c["outcome"] == "failed"
    ]
    assert failed == [] and result.exit_code == 0, result.output
    specs = load_specs(spec_paths(project.tool_specs_dir)).files
    assert {r["tool"] for r in document["results"]} == {t.name for f in specs for t in f.tools}
    assert document["summary"]["passed"] is True and document["summary"]["tools_failed"] == 0
    print(f"{project.root.name}: {document['summary']} in {seconds:.2f}s")
