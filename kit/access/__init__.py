"""`kit access`: the agent's role, grants and policies as a migration, from the tool specs.

    tool_specs ─► tools (resolved against the project's database) ─► needs ─► migration text
                                              policies (pg_policies) ─┘

`write_access` writes `supabase/migrations/<timestamp>_<role>_access.sql` when the text differs
from the newest access migration (an applied migration is never edited); `access_drift` is what
`kit generate --check` asks.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kit.access.identity import Identity, load_identity
from kit.access.migration import HEADER, render
from kit.access.needs import needs_of
from kit.errors import KitError, SpecError
from kit.project import Project

if TYPE_CHECKING:
    from kit.model import ToolSet
    from kit.specs import SpecFile

__all__ = ["AccessResult", "access_drift", "latest_access", "plan_access", "write_access"]

_VERSION = re.compile(r"^(\d+)_")


@dataclass(frozen=True)
class AccessResult:
    identity: Identity
    text: str
    path: Path | None  # the file written, or None when the newest one already matches
    current: Path | None  # the newest access migration before this run
    warnings: tuple[str, ...] = ()
    tools: int = 0


def plan_access(
    project: Project, identity: Identity, db_url: str | None = None, conn: Any = None
) -> AccessResult:
    """Render the migration for `identity` from the specs and the project's database (`conn`:
    a connection already open on it)."""
    from kit.access.database import project_database
    from kit.access.policies import read_security
    from kit.catalog import read_catalog
    from kit.model import resolve
    from kit.specs import load_specs, spec_paths

    loaded = load_specs(spec_paths(project.tool_specs_dir))
    _check_roles(loaded.files, identity)
    # The grants are what this migration is about to give, so they are not checked here.
    files = [dataclasses.replace(f, role=None) for f in loaded.files]
    with ExitStack() as stack:
        if conn is None:
            conn, _ = stack.enter_context(project_database(project, db_url, seed=False))
        catalog = read_catalog(conn, project.api.schemas, [identity.role])
        security = read_security(conn, project.api.schemas)
    tools = resolve(files, catalog, loaded.problems)
    rendered = render(identity, needs_of(tools), catalog, security)
    current = latest_access(project, identity.role)
    return AccessResult(identity, rendered.text, None, current, rendered.warnings, tools=len(tools))


def write_access(
    project: Project, identity: Identity, db_url: str | None = None, conn: Any = None
) -> AccessResult:
    plan = plan_access(project, identity, db_url, conn)
    if plan.current is not None and plan.current.read_text(encoding="utf-8") == plan.text:
        return plan
    path = project.migrations_dir / f"{_next_version(project)}_{identity.role}_access.sql"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(plan.text, encoding="utf-8")
    return dataclasses.replace(plan, path=path)


def latest_access(project: Project, role: str | None = None) -> Path | None:
    """The newest migration `kit access` wrote (for `role`, when given)."""
    found = None
    for path in project.migration_files():
        match = HEADER.search(_head(path))
        if match and (role is None or match[1] == role):
            found = path
    return found


def access_drift(project: Project, tools: ToolSet) -> str | None:
    """Why the newest access migration no longer matches the tools, or None if it does (or
    the project has none: its grants are then hand-written and `generate` checks them)."""
    path = latest_access(project)
    if path is None:
        return None
    match = HEADER.search(_head(path))
    assert match is not None
    identity = load_identity(project)
    if match[1] != identity.role or match[2] != identity.mode:
        return (
            f"{project.relative(path)} is for {match[1]} ({match[2]}), kit.toml says "
            f"{identity.role} ({identity.mode})"
        )
    if needs_of(tools).fingerprint(identity.role, identity.mode) != match[3]:
        return f"{project.relative(path)} no longer grants what the tools use"
    return None


def _check_roles(files: Sequence[SpecFile], identity: Identity) -> None:
    problems = [
        KitError(
            f"`role: {f.role}` differs from the project's agent role {identity.role}",
            location=f.where("role"),
            hint=f"write `role: {identity.role}`, or run `kit access --role {f.role}`",
        )
        for f in files
        if f.role and f.role != identity.role
    ]
    if problems:
        raise SpecError(problems)


def _head(path: Path) -> str:
    with path.open(encoding="utf-8") as handle:
        return "".join(handle.readline() for _ in range(8))


def _next_version(project: Project) -> str:
    """Now in UTC, as `supabase migration new` names files, and after every existing one."""
    now = int(datetime.now(UTC).strftime("%Y%m%d%H%M%S"))
    versions = [int(m[1]) for p in project.migration_files() if (m := _VERSION.match(p.name))]
    return str(max([now, *(v + 1 for v in versions)]))
