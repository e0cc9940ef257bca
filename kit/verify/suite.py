"""A project's verify suite: its tools (the model `kit generate` renders) as cases.

The tools are resolved against the catalog of the project's migrations, exactly as `kit
generate` does, so verify runs the tools the committed cURL files describe; the live database
is compared with them as drift. `--tool` and `--table` select; unknown names get a
"did you mean".
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg

from kit.catalog import Catalog
from kit.errors import KitError, SpecError, TargetError
from kit.model import Tool, ToolSet
from kit.project import Project
from kit.specs import did_you_mean
from kit.verify.case import Case
from kit.verify.cases import case_for, seed_values, usage_of
from kit.verify.context import Session, TargetLike
from kit.verify.drift import Usage

OPENAPI = Path("api") / "openapi.json"


@dataclass(frozen=True)
class Suite:
    cases: tuple[Case, ...]
    usages: tuple[Usage, ...]  # every tool's, selected or not: drift covers the whole mapping
    append_only: Mapping[str, str] = field(default_factory=dict)  # table -> spec file


def require_reachable(target: TargetLike) -> None:
    """Fail early (exit 2) when the target cannot answer or lacks a key verify needs."""
    for attr, env in (
        ("agent_key", "MAKER_AGENT_KEY"),
        ("service_key", "SUPABASE_SERVICE_ROLE_KEY"),
        ("anon_key", "SUPABASE_ANON_KEY"),
    ):
        if not getattr(target, attr):
            raise TargetError(
                f"no {attr.replace('_', ' ')} for {target.name}",
                hint=f"set {env} in .env or pass --{attr.replace('_', '-')}; verify runs tools "
                "with the agent key and reads back and cleans up with the service key",
            )
    try:
        httpx.get(target.rest_url + "/", timeout=5)
    except httpx.HTTPError as exc:
        raise TargetError(
            f"cannot reach {target.api_url}: {type(exc).__name__}",
            hint="start the stack (`kit stack up`) or fix SUPABASE_URL / --url",
        ) from exc


def load_tools(project: Project, db_url: str | None = None) -> tuple[ToolSet, Catalog]:
    """The tool model and the catalog it was resolved against.

    With the target's database URL, and that database at exactly the project's migrations
    (same versions, same statements), its catalog is the migrations' catalog: read it there
    (~0.1 s) instead of applying the migrations to a throwaway server (~2 s). A live schema
    changed by hand fails to resolve and falls back to the throwaway, so drift is reported."""
    from kit.generator import build_tools, project_catalog
    from kit.model import resolve
    from kit.specs import load_specs, spec_paths

    loaded = load_specs(spec_paths(project.tool_specs_dir))  # parsed once: YAML is slow
    roles = {f.role for f in loaded.files if f.role}
    catalog = _migrated_catalog(project, db_url, roles) if db_url else None
    if catalog is not None:
        try:
            return resolve(loaded.files, catalog, loaded.problems), catalog
        except SpecError:
            pass
    catalog = project_catalog(project, roles)
    return build_tools(project, catalog=catalog), catalog


def _migrated_catalog(project: Project, db_url: str, roles: set[str]) -> Catalog | None:
    from kit.catalog import read_catalog
    from kit.stack.migrations import read_sql, split_statements
    from kit.stack.pending import Migration

    expected = {}
    for path in project.migration_files():
        migration = Migration.from_path(path)
        expected[migration.version] = [s.text for s in split_statements(read_sql(path))]
    try:
        with psycopg.connect(db_url, autocommit=True, connect_timeout=3) as conn:
            rows = conn.execute(
                "select version, statements from supabase_migrations.schema_migrations"
            ).fetchall()
            if {version: list(statements or []) for version, statements in rows} != expected:
                return None
            return read_catalog(conn, project.api.schemas, roles)
    except (psycopg.Error, KitError):
        return None


def select(tools: Sequence[Tool], names: Sequence[str], tables: Sequence[str]) -> list[Tool]:
    known = {t.name for t in tools}
    known_tables = {_bare(t.table) for t in tools}
    for name in names:
        if name not in known:
            raise KitError(
                f"no tool named `{name}`{did_you_mean(name, known)}",
                hint="tools: " + ", ".join(sorted(known)),
            )
    for table in tables:
        if _bare(table) not in known_tables:
            raise KitError(
                f"no tool works on table `{table}`{did_you_mean(table, known_tables)}",
                hint="tables with tools: " + ", ".join(sorted(known_tables)),
            )
    wanted_tables = {_bare(t) for t in tables}
    return [
        t
        for t in tools
        if (not names or t.name in names) and (not tables or _bare(t.table) in wanted_tables)
    ]


def build_suite(
    project: Project,
    target: TargetLike,
    tools: ToolSet,
    catalog: Catalog,
    *,
    names: Sequence[str] = (),
    tables: Sequence[str] = (),
) -> Suite:
    chosen = select(list(tools), names, tables)
    keys = {t.name: _primary_key(catalog, t) for t in chosen}
    seeds = asyncio.run(_seed_values(chosen, target, _declared_keys(catalog, chosen)))
    documented = _documented_schemas(project.root / OPENAPI)
    cases = tuple(
        case_for(
            tool,
            target,
            primary_key=keys[tool.name],
            values=seeds.get(tool.name),
            response_schema=documented.get(tool.name),
        )
        for tool in chosen
    )
    append_only = {
        _bare(table): _relative(Path(where.path), project.root)
        for table, where in tools.append_only.items()
    }
    return Suite(cases, tuple(usage_of(t) for t in tools), append_only)


async def _seed_values(
    tools: Sequence[Tool], target: TargetLike, keys: Mapping[str, Sequence[str]]
) -> dict[str, dict[str, Any]]:
    if not target.service_key:
        return {}
    async with httpx.AsyncClient(timeout=10) as client:
        session = Session(client, target)
        found = await asyncio.gather(*(seed_values(t, session, keys[t.name]) for t in tools))
    return {t.name: values for t, values in zip(tools, found, strict=True) if values}


def _documented_schemas(path: Path) -> dict[str, dict[str, Any]]:
    """Each operation's success schema from the generated OpenAPI, by operationId."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    found: dict[str, dict[str, Any]] = {}
    for methods in (document.get("paths") or {}).values():
        for operation in methods.values():
            if isinstance(operation, dict) and operation.get("operationId"):
                schema = _success_schema(operation)
                if schema is not None:
                    components = document.get("components") or {}
                    found[operation["operationId"]] = {**schema, "components": components}
    return found


def _success_schema(operation: dict[str, Any]) -> dict[str, Any] | None:
    for status, response in sorted((operation.get("responses") or {}).items()):
        if str(status).startswith("2"):
            for media in (response.get("content") or {}).values():
                if "schema" in media:
                    return dict(media["schema"])
    return None


def _declared_keys(catalog: Catalog, tools: Sequence[Tool]) -> dict[str, tuple[str, ...]]:
    """Each tool's table's primary key as declared (empty for a view or a keyless table)."""
    tables = {t.name: catalog.table(t.table) for t in tools}
    return {name: table.primary_key if table else () for name, table in tables.items()}


def _primary_key(catalog: Catalog, tool: Tool) -> tuple[str, ...]:
    table = catalog.table(tool.table)
    return table.primary_key if table is not None and table.primary_key else ("id",)


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def _bare(table: str) -> str:
    return table.removeprefix("public.")
