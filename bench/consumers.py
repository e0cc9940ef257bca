"""The tools that consume the kit's output, run on the flagship and every example.

    .venv/bin/python bench/consumers.py [--project examples/json-chat] [--max-examples 20]

Per project, a stack of its own (temporary folder, free ports) and, in this order:

- curlconverter (npm): each curl/<Tool>.sh converted to JSON; a problem is a non-zero exit, a
  warning, or a method, URL, header or body that differs from the file's
- Spectral (npm, `spectral:oas` with the committed .spectral.yaml) and Redocly (npm, the
  committed redocly.yaml) on api/openapi.json: every result counts
- Newman (npm): api/postman_collection.json in collection order with an environment rendered
  from the stack (what `kit postman-env` writes): failed tests and requests, and the exit code
- curl, after a reset to the seed data: every tool's command (its examples filled in, as
  `kit curl` prints it) run by bash with the real curl in sorted file order: a status other
  than the tool's success statuses counts
- Schemathesis (PyPI), after another reset, on api/openapi.json against the stack, phases
  examples, coverage and fuzzing, with the committed schemathesis.toml and the hook of
  bench/schemathesis_hooks.py (integers sent without a fraction, as PostgREST takes them):
  distinct failures

Prints one line per project with the counts (all zero is the goal), then one line proving
Newman exits non-zero when a request fails (the flagship's collection with a wrong key).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from kit.generator import build_tools
from kit.model import AGENT_KEY, ANON_KEY, ToolSet
from kit.model.tool import success_statuses
from kit.project import load_project
from kit.render.curl import command
from kit.render.openapi import dump
from kit.render.postman import environment
from kit.stack.stack import StackInfo
from kit.testing import running_stack

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "node_modules" / ".bin"
SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"


def run(
    *args: str | Path, stdin: str | None = None, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], input=stdin, capture_output=True, text=True, cwd=cwd, timeout=900,
        env=env,
    )  # fmt: skip


def parse(text: str) -> dict[str, Any]:
    """A committed cURL file as method, url, headers and body (bash words)."""
    words = shlex.split(text.replace("\\\n", ""), comments=True)
    out: dict[str, Any] = {"method": "GET", "url": None, "headers": {}, "body": None}
    it = iter(words[1:])
    for word in it:
        if word == "--request":
            out["method"] = next(it)
        elif word == "--header":
            key, _, value = next(it).partition(": ")
            out["headers"][key] = value
        elif word == "--data-raw":
            out["body"] = next(it)
        elif not word.startswith("--"):
            out["url"] = word
    return out


def curlconverter(root: Path) -> int:
    problems = 0
    for path in sorted((root / "curl").glob("*.sh")):
        text = path.read_text()
        done = run(BIN / "curlconverter", "--language", "json", "-", stdin=text)
        expected = parse(text)
        try:
            got = json.loads(done.stdout)
        except ValueError:
            got = {}
        data = got.get("data")
        body = expected["body"]
        same_body = data == body or (
            isinstance(data, dict | list) and body is not None and data == json.loads(body)
        )
        if (
            done.returncode
            or done.stderr.strip()
            or got.get("method", "").upper() != expected["method"]
            or got.get("raw_url") != expected["url"]
            or got.get("headers") != expected["headers"]
            or not same_body
        ):
            problems += 1
            print(f"  curlconverter {path.name}: {done.stderr.strip()[:200]}", file=sys.stderr)
    return problems


def spectral(root: Path) -> int:
    done = run(
        BIN / "spectral", "lint", "-q", "-f", "json", "-r", ROOT / ".spectral.yaml",
        root / "api" / "openapi.json",
    )  # fmt: skip
    results = json.loads(done.stdout or "[]")
    for r in results:
        print(f"  spectral {r.get('code')}: {r.get('message')} {r.get('path')}", file=sys.stderr)
    return len(results)


def redocly(root: Path) -> int:
    done = run(
        BIN / "redocly", "lint", "--config", ROOT / "redocly.yaml", "--format", "json",
        root / "api" / "openapi.json",
    )  # fmt: skip
    found = re.search(r"\{.*\}\s*$", done.stdout, re.S)
    problems = json.loads(found.group(0)).get("problems", []) if found else [None]
    for p in problems:
        print(f"  redocly {p and p.get('ruleId')}: {p and p.get('message')}", file=sys.stderr)
    return len(problems)


def newman(root: Path, env: dict[str, Any], folder: Path) -> tuple[int, int]:
    """(failed tests + failed requests, exit code)."""
    env_path, report = folder / "env.json", folder / "newman.json"
    env_path.write_text(dump(env))
    done = run(
        BIN / "newman", "run", root / "api" / "postman_collection.json", "-e", env_path,
        "--reporters", "json", "--reporter-json-export", report,
    )  # fmt: skip
    failures = json.loads(report.read_text())["run"]["failures"] if report.exists() else [None]
    for f in failures:
        where = f and f.get("source", {}).get("name")
        print(f"  newman {where}: {f and f.get('error', {}).get('message')}", file=sys.stderr)
    return len(failures), done.returncode


def curl_sorted(tools: ToolSet, info: StackInfo) -> int:
    """Each tool's command, examples and keys filled, by bash and curl in file-name order."""
    keys = {ANON_KEY: info.anon_key.reveal(), AGENT_KEY: info.agent_key.reveal()}
    problems = 0
    for tool in sorted(tools, key=lambda t: t.name):
        request = tool.request.fill(tool.examples() | keys)
        script = command(request, base=info.api_url + "/rest/v1")
        done = run("bash", "-c", script + " --silent --write-out '\n%{http_code}'")
        body, _, status_text = done.stdout.rpartition("\n")
        status = int(status_text.strip() or 0)
        if status not in success_statuses(tool):
            problems += 1
            print(f"  curl {tool.name}: {status} {body[:300]}", file=sys.stderr)
    return problems


def schemathesis(root: Path, info: StackInfo, max_examples: int, scratch: Path) -> int:
    done = run(
        SCHEMATHESIS, "--config-file", ROOT / "schemathesis.toml", "run",
        root / "api" / "openapi.json", "--url", info.api_url + "/rest/v1",
        "-H", f"apikey: {info.anon_key.reveal()}",
        "-H", f"Authorization: Bearer {info.agent_key.reveal()}",
        "--phases", "examples,coverage,fuzzing", "--max-examples", str(max_examples),
        "--no-color", cwd=scratch,  # its .schemathesis/ cache stays out of the project
        env={**os.environ, "SCHEMATHESIS_HOOKS": str(ROOT / "bench" / "schemathesis_hooks.py")},
    )  # fmt: skip
    found = re.search(r"(\d+) unique failures?", done.stdout)
    if found:
        print(done.stdout[-6000:], file=sys.stderr)
        return int(found.group(1))
    if done.returncode:
        print(done.stdout[-3000:] + done.stderr[-2000:], file=sys.stderr)
        return 1
    return 0


def measure(name: str, root: Path, max_examples: int) -> bool:
    project = load_project(root)
    tools = build_tools(project)
    counts: dict[str, int] = {}
    counts["curlconverter"] = curlconverter(root)
    counts["spectral"] = spectral(root)
    counts["redocly"] = redocly(root)
    with running_stack(project, durable=True) as stack, tempfile.TemporaryDirectory() as scratch:
        # Each runner starts from the seed data, as a user runs one of them on a fresh stack.
        info = stack.info()
        env = environment(
            name, info.api_url + "/rest/v1", info.anon_key.reveal(), info.agent_key.reveal()
        )
        failed, code = newman(root, env, Path(scratch))
        counts["newman"] = failed + (1 if code and not failed else 0)
        stack.reset()
        counts["curl"] = curl_sorted(tools, info)
        stack.reset()
        counts["schemathesis"] = schemathesis(root, info, max_examples, Path(scratch))
        if name == "flagship":
            broken = environment(name, env["values"][0]["value"], "x", "not-a-key")
            _, refused_exit = newman(root, broken, Path(scratch))
    print(f"{name:<16} " + "  ".join(f"{tool} {n}" for tool, n in counts.items()), flush=True)
    if name == "flagship":
        print(f"{'':<16} newman exit code with a wrong key: {refused_exit}", flush=True)
    return not any(counts.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", action="append", default=[])
    parser.add_argument("--max-examples", type=int, default=20)
    args = parser.parse_args()
    names = args.project or [".", *sorted(str(p) for p in (ROOT / "examples").iterdir())]
    ok = True
    for name in names:
        root = (ROOT / name).resolve()
        ok &= measure("flagship" if root == ROOT else root.name, root, args.max_examples)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
