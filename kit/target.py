"""Which stack a command talks to, and with which keys.

Looked up in this order, the first that gives an API URL wins:

1. explicit values (`--url`, `--anon-key`, ... flags);
2. `.env` of the project (and the process environment, which wins over the file), with either
   the `SUPABASE_*` names or the names `supabase status -o env` prints;
3. a running `supabase start` stack (`supabase status -o json`, only if the CLI answers);
4. the kit's own local stack (`kit stack up`), started here if the caller asks.

Keys missing from the winning source are filled from the explicit values; with a JWT secret
known and no agent key given, a key for the project's agent identity (`kit.toml`: its role and,
acting for a user, `sub`) is minted, with the project's signing key when it has one.
`Target.name` describes the source for reports and never holds a key.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dotenv import dotenv_values

from kit.access.identity import agent_token, load_identity
from kit.errors import TargetError
from kit.project import Project
from kit.secret import Secret

# Each field: the names that may carry it, first match wins.
NAMES: dict[str, tuple[str, ...]] = {
    "api_url": ("SUPABASE_URL", "API_URL"),
    "anon_key": ("SUPABASE_ANON_KEY", "SUPABASE_PUBLISHABLE_KEY", "ANON_KEY", "PUBLISHABLE_KEY"),
    "service_key": (
        "SUPABASE_SERVICE_ROLE_KEY",
        "SUPABASE_SECRET_KEY",
        "SERVICE_ROLE_KEY",
        "SECRET_KEY",
    ),
    "jwt_secret": ("SUPABASE_JWT_SECRET", "JWT_SECRET"),
    "agent_key": ("MAKER_AGENT_KEY",),
    "db_url": ("SUPABASE_DB_URL", "DB_URL"),
}
PROCESS_ENV_NAMES = {
    n for names in NAMES.values() for n in names if n.startswith(("SUPABASE_", "MAKER_"))
}
CLI_TIMEOUT = 15


@dataclass(frozen=True)
class Target:
    """A stack to talk to. `name` is for reports (never a key); the keys are `Secret`s."""

    name: str
    api_url: str
    anon_key: Secret | None = None
    service_key: Secret | None = None
    agent_key: Secret | None = None
    jwt_secret: Secret | None = None
    db_url: Secret | None = None

    @property
    def rest_url(self) -> str:
        return self.api_url.rstrip("/") + "/rest/v1"


def resolve_target(
    project: Project,
    *,
    url: str | None = None,
    anon_key: str | None = None,
    agent_key: str | None = None,
    service_key: str | None = None,
    env_file: Path | str | None = None,
    start: bool = False,
) -> Target:
    """The target for `project`; raises `TargetError` with a hint when none is usable."""
    explicit = _present({"anon_key": anon_key, "agent_key": agent_key, "service_key": service_key})
    env_path = Path(env_file) if env_file else project.env_file
    if env_file and not env_path.is_file():
        raise TargetError(
            f"no env file at {env_path}",
            hint="pass the path of an existing file, e.g. --env .env",
        )
    values = from_env(env_path)
    mint_agent = functools.partial(_agent, project)
    if url:
        # .env keys still help when they belong to the same URL (or name none).
        same = values.pop("api_url", url).rstrip("/") == url.rstrip("/")
        return _finish("--url", url, (values if same else {}) | explicit, mint_agent)
    if values.get("api_url"):
        api_url = values.pop("api_url")
        return _finish(f"{env_path.name} ({api_url})", api_url, values | explicit, mint_agent)
    status = supabase_status(project)
    if status is not None:
        return _finish("supabase start", status.pop("api_url"), status | explicit, mint_agent)
    own = kit_stack_values(project, start=start)
    if own is not None:
        return _finish("kit stack", own.pop("api_url"), own | explicit, mint_agent)
    raise TargetError(
        "no stack to talk to: no --url, no SUPABASE_URL in "
        f"{project.relative(env_path)}, no `supabase start` stack and no `kit stack` running",
        hint="run `kit stack up`, or put SUPABASE_URL and keys in .env, or pass --url",
    )


def from_env(env_file: Path) -> dict[str, str]:
    """The target's fields found in `env_file` and the environment. The environment wins, but
    only for the unambiguous names (`SUPABASE_*`, `MAKER_AGENT_KEY`): a shell's `SECRET_KEY` or
    `DB_URL` may belong to anything."""
    found = {k: v for k, v in dotenv_values(env_file).items() if v} if env_file.is_file() else {}
    found.update({k: v for k, v in os.environ.items() if v and k in PROCESS_ENV_NAMES})
    return _pick(found)


def supabase_status(project: Project) -> dict[str, str] | None:
    """Values of a running `supabase start` stack, or None when the CLI is absent or silent."""
    cli = project.root / "node_modules" / ".bin" / "supabase"
    if not cli.exists() or not _docker_reachable():
        return None
    try:
        done = subprocess.run(
            [str(cli), "status", "-o", "json", "--workdir", str(project.root)],
            capture_output=True,
            text=True,
            timeout=CLI_TIMEOUT,
            env={**os.environ, "SUPABASE_TELEMETRY_DISABLED": "1", "DO_NOT_TRACK": "1"},
        )
        data = json.loads(done.stdout) if done.returncode == 0 else None
    except (OSError, subprocess.TimeoutExpired, json.JSONDecodeError):
        return None
    if not isinstance(data, dict) or not data.get("API_URL"):
        return None
    return _pick({str(k): str(v) for k, v in data.items() if v})


def kit_stack_values(project: Project, *, start: bool) -> dict[str, str] | None:
    """The kit's own stack for `project`: its values if it runs (or was started here)."""
    from kit.stack.stack import Stack  # the stack pulls in process management; load it late

    stack = Stack(project)
    if not stack.is_up():
        if not start:
            return None
        stack.up()
    return _pick(stack.env_values())


def _docker_reachable() -> bool:
    """`supabase start` stacks live in Docker; without a daemon, skip the CLI's 1 s failure."""
    if os.environ.get("DOCKER_HOST"):
        return True
    sockets = [Path("/var/run/docker.sock"), Path.home() / ".docker" / "run" / "docker.sock"]
    return any(s.exists() for s in sockets)


def _agent(project: Project, secret: str | None) -> str | None:
    minted = agent_token(project, load_identity(project), secret)
    return minted[0] if minted else None


def _finish(
    name: str, api_url: str, values: dict[str, str], mint_agent: Callable[[str | None], str | None]
) -> Target:
    secret = values.get("jwt_secret")
    agent = values.get("agent_key") or mint_agent(secret)
    return Target(
        name=name,
        api_url=api_url.rstrip("/"),
        anon_key=_secret(values.get("anon_key")),
        service_key=_secret(values.get("service_key")),
        agent_key=_secret(agent),
        jwt_secret=_secret(secret),
        db_url=_secret(values.get("db_url")),
    )


def _pick(found: dict[str, str]) -> dict[str, str]:
    values = {}
    for field, names in NAMES.items():
        value = next((found[n] for n in names if found.get(n)), None)
        if value:
            values[field] = value
    return values


def _present(values: dict[str, str | None]) -> dict[str, str]:
    return {k: v for k, v in values.items() if v}


def _secret(value: str | None) -> Secret | None:
    return Secret(value) if value else None
