"""Budgets of `kit generate` (issue 5), and where the time goes.

    .venv/bin/python bench/generate.py [--runs 3]

- flagship cold: `kit generate --check` as a fresh process on the repository: Python start-up,
  a throwaway PostgreSQL, the migrations, the catalog, every renderer            (< 2 s)
- synthetic:     200 tables x 5 tools (1000 tools) through the library, catalog included (< 10 s)

For both, the median split: load (YAML), catalog (throwaway server + migrations + catalog
queries), model (resolve), render. The synthetic project is over OpenAI's 128 tools per request,
so its tool-count check is off for the timing (everything else is checked).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kit.generator import Timings, project_catalog
from kit.model import resolve
from kit.project import load_project
from kit.render import render_all
from kit.specs import load_specs, spec_paths

ROOT = Path(__file__).resolve().parent.parent
BUDGETS = {"flagship cold": 2.0, "synthetic": 10.0}
TABLES, TOOLS = 200, 5


def flagship_cold() -> float:
    started = time.perf_counter()
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "kit"), "--project", str(ROOT), "generate", "--check"],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def split(root: Path, tool_limit: int | None) -> Timings:
    timings = Timings()
    started = time.perf_counter()
    project = load_project(root)
    loaded = load_specs(spec_paths(project.tool_specs_dir))
    timings.load = time.perf_counter() - started
    started = time.perf_counter()
    catalog = project_catalog(project, {f.role for f in loaded.files if f.role})
    timings.catalog = time.perf_counter() - started
    started = time.perf_counter()
    tools = resolve(loaded.files, catalog, loaded.problems, tool_limit=tool_limit)
    timings.model = time.perf_counter() - started
    started = time.perf_counter()
    render_all(tools)
    timings.render = time.perf_counter() - started
    return timings


def synthetic_project(root: Path) -> Path:
    (root / "supabase" / "migrations").mkdir(parents=True)
    (root / "tool_specs").mkdir()
    (root / "supabase" / "config.toml").write_text('project_id = "synthetic"\n')
    sql = "".join(_table_sql(i) for i in range(TABLES))
    (root / "supabase" / "migrations" / "20260101000000_tables.sql").write_text(sql)
    for i in range(TABLES):
        (root / "tool_specs" / f"t{i:03}.yaml").write_text(_spec(i))
    return root


def _table_sql(i: int) -> str:
    return (
        f"create table public.t{i:03} (id uuid primary key default gen_random_uuid(), "
        "owner text not null, title varchar(200), status text not null default 'open' "
        "check (status in ('open', 'done')), score float, meta jsonb, "
        "created_at timestamptz default now());\n"
    )


def _spec(i: int) -> str:
    n = f"T{i:03}"
    return f"""table: t{i:03}
tools:
  - name: List{n}
    operation: list
    description: List rows of t{i:03} of one owner, newest first.
    filters: [{{name: owner}}, {{name: status}}]
    order: [created_at.desc]
    limit: {{default: 20, max: 100}}
  - name: Get{n}
    operation: get
    description: One row by id.
    filters: [{{name: id}}]
  - name: Create{n}
    operation: create
    description: Create a row.
    columns: [{{name: owner}}, {{name: title}}, {{name: status, required: false}}]
  - name: Rename{n}
    operation: update
    description: Rename a row.
    filters: [{{name: id}}]
    columns: [{{name: title}}]
  - name: Delete{n}
    operation: delete
    description: Delete a row.
    filters: [{{name: id}}]
"""


def report(name: str, totals: list[float], splits: list[Timings]) -> bool:
    median = statistics.median(totals)
    budget = BUDGETS[name]
    parts = {
        part: statistics.median(getattr(t, part) for t in splits)
        for part in ("load", "catalog", "model", "render")
    }
    detail = ", ".join(f"{k} {v:.2f}s" for k, v in parts.items())
    ok = median < budget
    print(f"{name:14} {median:6.2f}s  budget {budget:4.1f}s  {'ok' if ok else 'OVER'}  ({detail})")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    cold = [flagship_cold() for _ in range(runs)]
    ok = report("flagship cold", cold, [split(ROOT, 128) for _ in range(runs)])
    with tempfile.TemporaryDirectory(prefix="kit-bench-") as folder:
        root = synthetic_project(Path(folder))
        splits = [split(root, None) for _ in range(runs)]
        ok &= report("synthetic", [t.total for t in splits], splits)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
