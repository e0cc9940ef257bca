"""Specs + catalog -> `ToolSet`. Pure: every mistake becomes a problem with file:line:column.

The catalog decides every type; a spec only names tables, columns, operators and functions,
and each name is checked here with a "did you mean" for near misses.
"""

from __future__ import annotations

from collections.abc import Sequence

from kit.catalog import Catalog, Table
from kit.catalog.catalog import qualify
from kit.errors import KitError, Location, SpecError
from kit.model.builder import ToolBuilder
from kit.model.lint import TOOLS_MAX, lint
from kit.model.problems import Problems
from kit.model.schemas import table_schemas
from kit.model.tool import Tool, ToolSet
from kit.specs import SpecFile, ToolSpec, did_you_mean


def resolve(
    files: Sequence[SpecFile],
    catalog: Catalog,
    earlier: Sequence[KitError] = (),
    *,
    tool_limit: int | None = TOOLS_MAX,
) -> ToolSet:
    """The tool model; raises `SpecError` listing `earlier` problems and every new one.

    `tool_limit=None` skips the tool-count check (benchmarks of synthetic projects only).
    """
    problems = Problems(earlier)
    tools: list[Tool] = []
    tables: dict[str, Table] = {}
    first_seen: dict[str, Location] = {}
    append_only: dict[str, Location] = {}
    for spec_file in files:
        table = _table(spec_file, catalog, problems)
        if table is None:
            continue
        tables.setdefault(table.qualified, table)
        _check_role(spec_file, catalog, problems)
        if spec_file.append_only:
            append_only[table.qualified] = spec_file.where("append_only")
        for spec in spec_file.tools:
            _check_append_only(spec_file, spec, problems)
            where = spec_file.where(*spec.path, "name")
            if spec.name in first_seen:
                problems.add(
                    f"duplicate tool name `{spec.name}`",
                    where,
                    hint=f"first defined at {first_seen[spec.name]}; tool names are unique "
                    "across the project",
                )
            first_seen.setdefault(spec.name, where)
            tool = ToolBuilder(spec_file, spec, table, catalog, problems).build()
            if tool is not None:
                tools.append(tool)
    warnings = lint(tools, problems, tool_limit=tool_limit)
    if problems:
        raise SpecError(list(problems))
    ordered = tuple(sorted(tools, key=lambda t: t.name))
    return ToolSet(
        tools=ordered,
        tables=tuple(table_schemas(tables[name]) for name in sorted(tables)),
        warnings=tuple(warnings),
        append_only=append_only,
        role=next((f.role for f in files if f.role), "maker_agent"),
    )


def _table(spec_file: SpecFile, catalog: Catalog, problems: Problems) -> Table | None:
    table = catalog.table(spec_file.table)
    if table is not None:
        return table
    names = [t.name if t.schema == "public" else t.qualified for t in catalog.tables.values()]
    schema = qualify(spec_file.table).split(".")[0]
    hint = (
        f"schema `{schema}` is not among the exposed schemas ({', '.join(catalog.schemas)}); "
        "add it to [api] schemas in supabase/config.toml"
        if schema not in catalog.schemas
        else "tables come from supabase/migrations; known: " + ", ".join(sorted(names))
    )
    problems.add(
        f"unknown table `{spec_file.table}`{did_you_mean(spec_file.table, names)}",
        spec_file.where("table"),
        hint=hint,
    )
    return None


def _check_role(spec_file: SpecFile, catalog: Catalog, problems: Problems) -> None:
    if spec_file.role and spec_file.role not in catalog.roles:
        problems.add(
            f"unknown role `{spec_file.role}`",
            spec_file.where("role"),
            hint="create the role (and its grants) in a migration, or remove `role:`",
        )


def _check_append_only(spec_file: SpecFile, spec: ToolSpec, problems: Problems) -> None:
    if spec_file.append_only and spec.operation in ("update", "upsert", "delete"):
        problems.add(
            f"{spec.name}: {'a' if spec.operation == 'delete' else 'an'} {spec.operation} tool "
            f"on append-only table `{spec_file.table}`",
            spec_file.where(*spec.path, "operation"),
            hint=f"`append_only: true` ({spec_file.where('append_only')}) says its rows are "
            "never changed or removed; record a change as a new row, or drop the option",
        )
