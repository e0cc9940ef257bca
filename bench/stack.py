"""Budgets of the local stack, measured through the real `kit` command on a project copy.

    .venv/bin/python bench/stack.py [--runs 3]

Prints, for each operation, the median wall time and its ratio to a bare `pg_ctl start` of the
same embedded PostgreSQL binaries measured in the same run (so a slow machine shows up in the
baseline, not as a regression), against a budget in that ratio (issue 10):

- cold up:  `kit stack up` with no data directory, until the REST API answers   (<= 5x)
- warm up:  `kit stack up` after `kit stack down`, data kept                     (<= 3x)
- reset:    `kit stack reset` of a running stack                                 (<= 5x)

The template cluster (`kit.stack.template`) is built before the first run, as any earlier
`kit stack up`, `kit generate` or test run on the machine leaves it: a cold `up` is a new
project's first start, not the kit's first start on the machine. So is the kit's bytecode: pip
compiles every module when it installs the kit, and any run writes what is missing, but a shell
with PYTHONDONTWRITEBYTECODE set (this project's sandbox) would have both processes of `up`
compile the kit from source on every start (~20-30 ms each), which is not what a user waits for.
"""

from __future__ import annotations

import argparse
import compileall
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from kit.stack.postgres import PostgresServer, free_port
from kit.stack.process import wait_until
from kit.stack.template import SPARES, create_cluster, spare_dir

ROOT = Path(__file__).resolve().parent.parent
BUDGETS = {"cold up": 5.0, "warm up": 3.0, "reset": 5.0}  # times a bare `pg_ctl start`


def copy_project(into: Path) -> Path:
    root = into / "project"
    shutil.copytree(ROOT / "supabase", root / "supabase", ignore=shutil.ignore_patterns(".temp"))
    shutil.copytree(ROOT / "seed", root / "seed")
    return root


def kit(root: Path, *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kit", "--project", str(root), "stack", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode != 0:
        raise SystemExit(f"kit stack {' '.join(args)} failed:\n{done.stderr}")


def timed(action: Callable[[], None]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def bare_pg_ctl_start(work: Path) -> float:
    server = PostgresServer(work / "bare" / "data", port=free_port())
    server.init()
    try:
        # Until `pg_ctl -w start` itself exits (it looks at the server every 100 ms); the kit
        # watches the server's pid file instead, and is timed with that in the stack figures.
        seconds = timed(lambda: server.starting(watch=False).wait())
        server.stop()
        return seconds
    finally:
        server.destroy()


def compile_the_kit() -> None:
    """The kit's `__pycache__`, as `pip install` leaves it (kept up to date: only stale files)."""
    import kit as package

    compileall.compile_dir(Path(package.__file__).parent, quiet=1)


def warm_the_template(work: Path) -> None:
    server = PostgresServer(work / "warm" / "data", port=free_port(), durable=False)
    try:
        create_cluster(server)  # builds the template (and its spares) unless they exist
    finally:
        server.destroy()
    wait_until(spares_ready, 60, 0.1)


def spares_ready() -> bool:
    return all(spare_dir(index).is_dir() for index in range(SPARES))


def measure_stack(work: Path) -> dict[str, float]:
    root = copy_project(work)
    ports = ["--api-port", str(free_port()), "--db-port", str(free_port())]
    wait_until(spares_ready, 60, 0.1)  # as on a machine where the kit ran before
    try:
        cold = timed(lambda: kit(root, "up", *ports))
        reset = timed(lambda: kit(root, "reset"))
        kit(root, "down")
        warm = timed(lambda: kit(root, "up", *ports))
    finally:
        kit(root, "down")
    return {"cold up": cold, "warm up": warm, "reset": reset}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    compile_the_kit()
    with tempfile.TemporaryDirectory(prefix="kit-bench-") as tmp:
        warm_the_template(Path(tmp))
    bare: list[float] = []
    results: dict[str, list[float]] = {name: [] for name in BUDGETS}
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="kit-bench-") as tmp:
            bare.append(bare_pg_ctl_start(Path(tmp)))
            for name, seconds in measure_stack(Path(tmp)).items():
                results[name].append(seconds)
    base = statistics.median(bare)
    print(f"bare pg_ctl start: {base:.3f} s (median of {runs})")
    print(f"{'operation':<10} {'median':>8} {'x pg_ctl':>9} {'budget':>7}  verdict")
    for name, budget in BUDGETS.items():
        value = statistics.median(results[name])
        verdict = "ok" if value / base <= budget else "OVER BUDGET"
        print(f"{name:<10} {value:>7.3f}s {value / base:>8.1f}x {budget:>6.1f}x  {verdict}")


if __name__ == "__main__":
    main()
