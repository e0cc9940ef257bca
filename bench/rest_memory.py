"""The gateway's resident memory around large responses and a pathological filter (issue 13).

    .venv/bin/python bench/rest_memory.py [--mb 50]

Brings the flagship's stack up (`kit.testing.running_stack`: the real `python -m kit.rest`
process), adds a view of about `--mb` megabytes (in `max_rows` rows), and prints the gateway's
RSS (from /proc) at each step: after warm-up reads, after the large JSON response, after the
same as CSV, after a 10,000-deep `or=` (refused with 400 before any work), and at the end.
"Returned" means the RSS came back within 10 MB of where it started.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import httpx
import psycopg

from kit.project import load_project
from kit.testing import running_stack

ROOT = Path(__file__).resolve().parent.parent


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    """Resident memory now (VmRSS) or at its highest so far (VmHWM), in MB."""
    with open(f"/proc/{pid}/status") as status:
        line = next(s for s in status if s.startswith(field))
    return int(line.split()[1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=50, help="size of the large response")
    args = parser.parse_args()
    with running_stack(load_project(ROOT)) as stack:
        rows = min(stack.project.api.max_rows or 1000, 1000)  # a read returns at most max_rows
        pad = args.mb * 1_000_000 // rows
        with psycopg.connect(stack.server.dsn(), autocommit=True) as conn:
            conn.execute(
                f"create view public.bench_big as select g as id, repeat('x', {pad}) as pad "
                f"from generate_series(1, {rows}) as g; "
                "grant select on public.bench_big to service_role"
            )
        info = stack.info()
        pid = stack.rest_pid.read()
        assert pid is not None
        headers = {"apikey": info.secret_key.reveal()}
        steps: list[tuple[str, float, str]] = []
        with httpx.Client(base_url=info.rest_url, headers=headers, timeout=120) as client:
            for _ in range(20):
                client.get("/bench_big?select=id&limit=5")
            start = rss_mb(pid)
            steps.append(("start (after 20 small reads)", start, ""))
            for label, accept in (("JSON", "application/json"), ("CSV", "text/csv")):
                r = client.get("/bench_big?select=*", headers={"Accept": accept})
                size = f"{r.status_code}, {len(r.content) / 1e6:.1f} MB"
                steps.append((f"after one {label} response", rss_mb(pid), size))
            deep = "(" + "or(" * 10_000 + "id.eq.1" + ")" * 10_000 + ")"
            r = client.get("/bench_big?select=id&or=" + deep)
            steps.append(("after a 10,000-deep or=", rss_mb(pid), f"{r.status_code}"))
            for _ in range(20):
                client.get("/bench_big?select=id&limit=5")
            steps.append(("end (20 more small reads)", rss_mb(pid), ""))
            peak = rss_mb(pid, "VmHWM")
    for label, mb, note in steps:
        print(f"{label:<32} RSS {mb:6.1f} MB   {note}")
    verdict = "returned" if steps[-1][1] < start + 10 else "NOT RETURNED"
    print(f"RSS {start:.1f} -> {steps[-1][1]:.1f} MB: {verdict}; peak {peak:.1f} MB")


if __name__ == "__main__":
    main()
