"""`generate(project)`: tool specs + the database catalog -> every output file.

The catalog comes from a throwaway embedded PostgreSQL with the project's migrations applied
(no seed), so `kit generate` works on a clean clone with nothing running and nothing cached that
could make `--check` wrong. Output is deterministic: the same inputs give byte-identical files.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kit.catalog import Catalog, read_catalog
from kit.errors import KitError, SpecError, TargetError
from kit.model import ToolSet, resolve
from kit.project import Project
from kit.render import render_all
from kit.secret import Secret
from kit.specs import Loaded, load_specs, spec_paths

if TYPE_CHECKING:
    from kit.target import Target


@dataclass
class Timings:
    load: float = 0.0
    catalog: float = 0.0
    model: float = 0.0
    render: float = 0.0
    write: float = 0.0

    @property
    def total(self) -> float:
        return self.load + self.catalog + self.model + self.render + self.write


@dataclass(frozen=True)
class GenerateResult:
    tools: ToolSet
    files: tuple[Path, ...]  # every output, written or not
    written: tuple[Path, ...] = ()
    stale: tuple[Path, ...] = ()  # --check: missing, different, or no longer generated
    removed: tuple[Path, ...] = ()
    warnings: tuple[KitError, ...] = ()
    timings: Timings = field(default_factory=Timings)

    @property
    def ok(self) -> bool:
        return not self.stale


def generate(
    project: Project,
    out_dir: Path | None = None,
    *,
    check: bool = False,
    catalog: Catalog | None = None,
) -> GenerateResult:
    """Write (or with `check`, compare) every output under `out_dir` (default: project root)."""
    timings = Timings()
    tools = build_tools(project, catalog=catalog, timings=timings)
    started = time.perf_counter()
    rendered = render_all(tools, project.root / "templates")
    timings.render = time.perf_counter() - started
    started = time.perf_counter()
    root = out_dir or project.root
    outputs = {root / rel: text for rel, text in rendered.items()}
    extra = _orphans(root, outputs)
    differing = [path for path, text in outputs.items() if _read(path) != text]
    result_files = tuple(outputs)
    if check:
        stale = tuple(sorted(differing + extra))
        timings.write = time.perf_counter() - started
        return GenerateResult(
            tools, result_files, stale=stale, warnings=tools.warnings, timings=timings
        )
    for path in differing:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(outputs[path], encoding="utf-8")
    for path in extra:
        path.unlink()
    timings.write = time.perf_counter() - started
    return GenerateResult(
        tools,
        result_files,
        written=tuple(differing),
        removed=tuple(extra),
        warnings=tools.warnings,
        timings=timings,
    )


def build_tools(
    project: Project, *, catalog: Catalog | None = None, timings: Timings | None = None
) -> ToolSet:
    """The tool model of a project (what `kit verify` runs); raises `SpecError` on mistakes."""
    timings = timings or Timings()
    started = time.perf_counter()
    loaded = _load(project)
    timings.load = time.perf_counter() - started
    started = time.perf_counter()
    if catalog is None:
        catalog = project_catalog(project, _roles(loaded))
    timings.catalog = time.perf_counter() - started
    started = time.perf_counter()
    tools = resolve(loaded.files, catalog, loaded.problems)
    timings.model = time.perf_counter() - started
    return tools


def project_catalog(project: Project, roles: Iterable[str] = ()) -> Catalog:
    """The catalog of the project's migrations, from a throwaway server (destroyed after).

    The server is a copy of the cached template cluster (`kit.stack.template`): only the empty
    cluster with the Supabase baseline is kept, never anything of a project, so the copy cannot
    make `--check` wrong."""
    from kit.stack.database import connect, provision
    from kit.stack.postgres import PostgresServer, free_port

    with tempfile.TemporaryDirectory(prefix="kit-catalog-") as folder:
        server = PostgresServer(Path(folder) / "data", port=free_port(), durable=False)
        try:
            provision(project, server, seed=False)
            with connect(server) as conn:
                return read_catalog(conn, project.api.schemas, roles)
        finally:
            server.destroy()


def _load(project: Project) -> Loaded:
    paths = spec_paths(project.tool_specs_dir)
    if not paths:
        raise SpecError(
            [
                KitError(
                    f"no tool specs in {project.relative(project.tool_specs_dir)}/",
                    hint="add one YAML file per table, e.g. tool_specs/conversations.yaml",
                )
            ]
        )
    return load_specs(paths)


def _roles(loaded: Loaded) -> set[str]:
    return {f.role for f in loaded.files if f.role}


def _orphans(root: Path, outputs: dict[Path, str]) -> list[Path]:
    """cURL files of tools that no longer exist."""
    folder = root / "curl"
    return sorted(p for p in folder.glob("*.sh") if p not in outputs) if folder.is_dir() else []


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def paste_command(
    project: Project,
    tool_name: str,
    env_file: Path | None = None,
    *,
    allow_service_role: bool = False,
    catalog: Catalog | None = None,
) -> str:
    """The cURL of one tool with the target's REST URL, anon key and agent key filled in."""
    from kit.model import AGENT_KEY, ANON_KEY
    from kit.render.curl import command
    from kit.specs import did_you_mean
    from kit.target import resolve_target

    tools = build_tools(project, catalog=catalog)
    tool = tools.tool(tool_name)
    if tool is None:
        names = [t.name for t in tools]
        raise KitError(
            f"no tool named `{tool_name}`{did_you_mean(tool_name, names)}",
            hint="tools: " + ", ".join(names),
        )
    target = resolve_target(project, env_file=env_file)
    bearer = _bearer(target, allow_service_role)
    if target.anon_key is None:
        raise TargetError(
            f"no anon key for {target.name}",
            hint="set SUPABASE_ANON_KEY (or SUPABASE_PUBLISHABLE_KEY) in .env",
        )
    keys = {ANON_KEY: target.anon_key.reveal(), AGENT_KEY: bearer.reveal()}
    request = tool.request
    filled = type(request)(
        request.method,
        request.path,
        request.query,
        tuple((k, _fill_keys(v, keys)) for k, v in request.headers),
        request.body,
    )
    return command(filled, base=target.rest_url)


def _bearer(target: Target, allow_service_role: bool) -> Secret:
    key = target.agent_key
    if key is None and allow_service_role and target.service_key is not None:
        key = target.service_key
    if key is None:
        raise TargetError(
            f"no agent key for {target.name}",
            hint="set MAKER_AGENT_KEY in .env (`kit keys mint maker_agent`), or "
            "SUPABASE_JWT_SECRET so the kit mints one",
        )
    if _is_service_role(key, target) and not allow_service_role:
        raise TargetError(
            "refusing to put the service_role key into a tool: it bypasses row level security, "
            "so the agent could read and change every row of every table",
            hint="use a maker_agent key (`kit keys mint maker_agent`, or set SUPABASE_JWT_SECRET)"
            "; pass --allow-service-role only if you mean it",
        )
    return key


def _is_service_role(key: Secret, target: Target) -> bool:
    import jwt

    raw = key.reveal()
    if raw.startswith("sb_secret_") or (
        target.service_key is not None and key == target.service_key
    ):
        return True
    try:
        claims = jwt.decode(raw, options={"verify_signature": False})
    except jwt.PyJWTError:
        return False
    return claims.get("role") == "service_role"


def _fill_keys(value: str, keys: dict[str, str]) -> str:
    for name, key in keys.items():
        value = value.replace("{{" + name + "}}", key)
    return value
