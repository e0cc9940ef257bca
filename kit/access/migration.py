"""Render the access migration: the agent role, exactly the grants its tools use, and RLS
policies for review.

The header line `-- kit-access: role=R identity=I uses=H` records what it was rendered from;
`kit generate --check` compares `H` with the tools of today (`kit.access.access_drift`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kit.access.identity import SERVICE, Identity
from kit.access.needs import Needs, TableNeeds
from kit.access.policies import COMMANDS, KIT_PREFIX, TableSecurity
from kit.access.sqltext import columns, comment, ident, literal, qualified, signature
from kit.catalog import Catalog, Table

HEADER = re.compile(r"^-- kit-access: role=(\S+) identity=(\S+) uses=([0-9a-f]+)$", re.M)
_NEXTVAL = re.compile(r"^nextval\('(.+)'::regclass\)$")
_CLAUSES = {
    "select": "using (true)",
    "insert": "with check (true)",
    "update": "using (true) with check (true)",
    "delete": "using (true)",
}


@dataclass(frozen=True)
class Rendered:
    text: str
    warnings: tuple[str, ...]


def render(
    identity: Identity, needs: Needs, catalog: Catalog, security: dict[str, TableSecurity]
) -> Rendered:
    role = identity.role
    warnings: list[str] = []
    out = [
        f"-- Access of the agent role {role}, rendered by `kit access` from tool_specs/:",
        *comment(_mode_words(identity)),
        "-- It grants exactly what the tools use and nothing else. Review the policies; to change",
        "-- them, edit the specs and run `kit access` again: it writes a new migration (an",
        "-- applied one is never edited).",
        f"-- kit-access: role={role} identity={identity.mode} "
        f"uses={needs.fingerprint(role, identity.mode)}",
        "",
    ]
    schemas = sorted({name.split(".")[0] for name in [*needs.tables, *needs.functions]})
    if identity.mode == SERVICE:
        out += _role(role, schemas, catalog.schemas)
    else:
        out += [f"grant usage on schema {ident(s)} to {ident(role)};" for s in schemas] + [""]
    for name, table_needs in sorted(needs.tables.items()):
        table = catalog.table(name)
        if table is not None:
            sec = security.get(name, TableSecurity())
            out += _table(identity, table, table_needs, sec, warnings)
    out += _functions(role, needs, catalog)
    return Rendered("\n".join(out).rstrip() + "\n", tuple(warnings))


def _mode_words(identity: Identity) -> str:
    if identity.mode == SERVICE:
        return (
            "Service identity: one agent with a role of its own; the policies below say which "
            "rows it reaches."
        )
    return (
        f"Acting for one user: the agent's JWT names role {identity.role} and carries the user's "
        "id as `sub`, so the schema's own auth.uid() policies decide which rows it reaches."
    )


def _role(role: str, schemas: list[str], exposed: Iterable[str]) -> list[str]:
    r = ident(role)
    lines = [
        "do $$",
        "begin",
        f"    if not exists (select from pg_catalog.pg_roles where rolname = {literal(role)}) then",
        f"        create role {r} nologin noinherit;",
        "    end if;",
        "end;",
        "$$;",
        f"grant {r} to authenticator;",
        "-- Start from nothing, so a tool taken out of the specs loses its grants too.",
    ]
    for schema in sorted(set(exposed) - {"graphql_public"}):
        for kind in ("tables", "sequences", "functions"):
            lines.append(f"revoke all on all {kind} in schema {ident(schema)} from {r};")
    lines += [f"grant usage on schema {ident(s)} to {r};" for s in schemas]
    # pgvector and other extension types live in `extensions`, as on Supabase.
    return [*lines, f"grant usage on schema extensions to {r};", ""]


def _table(
    identity: Identity, table: Table, needs: TableNeeds, sec: TableSecurity, warnings: list[str]
) -> list[str]:
    role = ident(identity.role)
    used = "; ".join(f"{cmd}: {', '.join(sorted(n))}" for cmd, n in sorted(needs.tools.items()))
    lines = comment(f"{table.qualified} ({used})")
    target = f"on {qualified(table.schema, table.name)} to {role};"
    for verb, wanted in (("select", needs.select), ("insert", needs.insert)):
        lines += _grant(verb, table, wanted, target)
    lines += _grant("update", table, needs.update, target)
    if needs.delete:
        lines.append(f"grant delete {target}")
    lines += [f"grant usage on sequence {s} to {role};" for s in _sequences(table, needs)]
    lines += _policies(identity, table, needs, sec, warnings)
    return [*lines, ""]


def _grant(verb: str, table: Table, wanted: set[str], target: str) -> list[str]:
    known = [c for c in table.column_names if c in wanted]
    return [columns(known, f"grant {verb}", target)] if known else []


def _sequences(table: Table, needs: TableNeeds) -> list[str]:
    """Sequences behind serial columns an insert leaves to their default."""
    if not needs.insert:
        return []
    return [
        match[1]
        for column in table.columns
        if (match := _NEXTVAL.match(column.default or "")) and column.name not in needs.insert
    ]


def _policies(
    identity: Identity, table: Table, needs: TableNeeds, sec: TableSecurity, warnings: list[str]
) -> list[str]:
    role = identity.role
    if not sec.rls:
        return [f"-- RLS is off on {table.qualified}: the grants alone decide what {role} sees."]
    lines = _drop_kit_policies(table, role) if identity.mode == SERVICE else []
    for command in (c for c in COMMANDS if c in needs.tools):
        existing = sec.applying(role, command, named=identity.mode == SERVICE)
        if existing:
            names = ", ".join(p.name for p in existing)
            lines += comment(f"{command}: the schema's policies apply ({names}).")
        elif identity.mode == SERVICE:
            lines += _kit_policy(table, role, command)
        else:
            tools = ", ".join(sorted(needs.tools[command]))
            warnings.append(
                f"{table.qualified}: no {command.upper()} policy applies to {role}; "
                f"{tools} will be refused or see no rows"
            )
            lines.append(f"-- review: no {command} policy applies to {role}; add one.")
    return lines


def _kit_policy(table: Table, role: str, command: str) -> list[str]:
    name = ident(f"{KIT_PREFIX}{role}_{command}")
    return [
        *comment(
            f"review: {role} may {command} every row of {table.name}; narrow `true` to the "
            "rows the agent should reach."
        ),
        f"create policy {name} on {qualified(table.schema, table.name)}",
        f"for {command} to {ident(role)} {_CLAUSES[command]};",
    ]


def _drop_kit_policies(table: Table, role: str) -> list[str]:
    """Drop the policies an earlier access migration made, so this one replaces them."""
    pattern = literal(f"{KIT_PREFIX}{role}_%")
    where = f"schemaname = {literal(table.schema)} and tablename = {literal(table.name)}"
    return [
        "do $$",
        "declare p record;",
        "begin",
        "    for p in select policyname from pg_catalog.pg_policies",
        f"        where {where} and policyname like {pattern}",
        "    loop",
        f"        execute format('drop policy %I on {qualified(table.schema, table.name)}', "
        "p.policyname);",
        "    end loop;",
        "end;",
        "$$;",
    ]


def _functions(role: str, needs: Needs, catalog: Catalog) -> list[str]:
    lines = []
    for name, tools in sorted(needs.functions.items()):
        lines += comment(
            f"{name} ({', '.join(sorted(tools))}). review: unless it is SECURITY DEFINER it runs "
            "with the agent's rights, so the tables it reads need the grants above."
        )
        lines += [
            f"grant execute on function {signature(fn.schema, fn.signature)} to {ident(role)};"
            for fn in catalog.function(name)
        ]
    return [*lines, ""] if lines else []
