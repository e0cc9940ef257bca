"""Render the access migration: the agent role, exactly the grants its tools use, and RLS
policies for review. Identifiers are quoted by psycopg's `sql.Identifier`, never by hand.

The header line `-- kit-access: role=R identity=I uses=H` records what it was rendered from;
`kit generate --check` compares `H` with the tools of today (see `drift`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from psycopg import sql

from kit.access.identity import SERVICE, Identity
from kit.access.needs import Needs, TableNeeds
from kit.access.policies import COMMANDS, KIT_PREFIX, TableSecurity
from kit.catalog import Catalog, Table

HEADER = re.compile(r"^-- kit-access: role=(\S+) identity=(\S+) uses=([0-9a-f]+)$", re.M)
_NEXTVAL = re.compile(r"^nextval\('(.+)'::regclass\)$")


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
        f"-- Access of the agent role {role} ({_mode_words(identity)}), rendered by `kit access`",
        "-- from tool_specs/: it grants exactly what the tools use and nothing else. Review the",
        "-- policies; to change them, edit the specs and run `kit access` again (it writes a new",
        "-- migration; an applied one is never edited).",
        f"-- kit-access: role={role} identity={identity.mode} "
        f"uses={needs.fingerprint(role, identity.mode)}",
        "",
    ]
    schemas = sorted({name.split(".")[0] for name in [*needs.tables, *needs.functions]})
    if identity.mode == SERVICE:
        out += _role(role, schemas, catalog.schemas)
    else:
        out += [_q("grant usage on schema {} to {};", s, role) for s in schemas]
        out.append("")
    for name, table_needs in sorted(needs.tables.items()):
        table = catalog.table(name)
        if table is None:
            continue
        sec = security.get(name, TableSecurity())
        out += _table(identity, table, table_needs, sec, warnings)
    out += _functions(role, needs, catalog)
    return Rendered("\n".join(out).rstrip() + "\n", tuple(warnings))


def _mode_words(identity: Identity) -> str:
    if identity.mode == SERVICE:
        return "service identity: one agent, its own role, policies below"
    return "acting for one user: its JWT carries the user's id as sub, the schema's policies apply"


def _role(role: str, schemas: list[str], exposed: Iterable[str]) -> list[str]:
    create = sql.SQL(
        "do $$\nbegin\n    if not exists (select from pg_catalog.pg_roles where rolname = {}) "
        "then\n        create role {} nologin noinherit;\n    end if;\nend;\n$$;"
    ).format(sql.Literal(role), sql.Identifier(role))
    lines = [_text(create), _q("grant {} to authenticator;", role)]
    # Start from nothing in every exposed schema, so a tool taken out loses its grants too.
    for schema in sorted(set(exposed) - {"graphql_public"}):
        lines += [
            _q("revoke all on all tables in schema {} from {};", schema, role),
            _q("revoke all on all sequences in schema {} from {};", schema, role),
            _q("revoke all on all functions in schema {} from {};", schema, role),
        ]
    lines += [_q("grant usage on schema {} to {};", s, role) for s in schemas]
    # Vector and other extension types live in `extensions`, as on Supabase.
    lines += [_q("grant usage on schema {} to {};", "extensions", role), ""]
    return lines


def _table(
    identity: Identity, table: Table, needs: TableNeeds, sec: TableSecurity, warnings: list[str]
) -> list[str]:
    role = identity.role
    tools = "; ".join(f"{cmd}: {', '.join(sorted(n))}" for cmd, n in sorted(needs.tools.items()))
    lines = [f"-- {table.qualified} ({tools})"]
    for verb, columns in (("select", needs.select), ("insert", needs.insert)):
        lines += _grant(verb, table, columns, role)
    lines += _grant("update", table, needs.update, role)
    if needs.delete:
        lines.append(_q("grant delete on table {}.{} to {};", table.schema, table.name, role))
    for sequence in _sequences(table, needs):
        lines.append(f"grant usage on sequence {sequence} to {_ident(role)};")
    lines += _policies(identity, table, needs, sec, warnings)
    return [*lines, ""]


def _grant(verb: str, table: Table, columns: set[str], role: str) -> list[str]:
    known = [c for c in table.column_names if c in columns]
    if not known:
        return []
    cols = sql.SQL(", ").join(sql.Identifier(c) for c in known)
    stmt = sql.SQL("grant {} ({}) on table {}.{} to {};").format(
        sql.SQL(verb),
        cols,
        sql.Identifier(table.schema),
        sql.Identifier(table.name),
        sql.Identifier(role),
    )
    return [_text(stmt)]


def _sequences(table: Table, needs: TableNeeds) -> list[str]:
    """Sequences behind serial columns an insert leaves to their default."""
    if not needs.insert:
        return []
    found = []
    for column in table.columns:
        match = _NEXTVAL.match(column.default or "")
        if match and column.name not in needs.insert:
            found.append(match[1])
    return found


def _policies(
    identity: Identity, table: Table, needs: TableNeeds, sec: TableSecurity, warnings: list[str]
) -> list[str]:
    role = identity.role
    used = [c for c in COMMANDS if c in needs.tools]
    if not sec.rls:
        return [
            f"-- RLS is off on {table.qualified}: the grants above alone decide what {role} sees."
        ]
    lines: list[str] = []
    if identity.mode == SERVICE:
        lines.append(_drop_kit_policies(table, role))
    for command in used:
        existing = sec.applying(role, command)
        if existing:
            names = ", ".join(p.name for p in existing)
            lines.append(f"-- {command}: the schema's policies apply ({names}).")
            continue
        if identity.mode != SERVICE:
            tools = ", ".join(sorted(needs.tools[command]))
            warnings.append(
                f"{table.qualified}: no {command.upper()} policy applies to {role}; "
                f"{tools} will be refused or see no rows"
            )
            lines.append(f"-- review: no {command} policy applies to {role}; add one.")
            continue
        lines += _kit_policy(table, role, command)
    return lines


def _kit_policy(table: Table, role: str, command: str) -> list[str]:
    name = f"{KIT_PREFIX}{role}_{command}"
    clauses = {
        "select": "using (true)",
        "insert": "with check (true)",
        "update": "using (true) with check (true)",
        "delete": "using (true)",
    }
    stmt = sql.SQL("create policy {} on {}.{} for {} to {} ").format(
        sql.Identifier(name),
        sql.Identifier(table.schema),
        sql.Identifier(table.name),
        sql.SQL(command),
        sql.Identifier(role),
    )
    return [
        f"-- review: {role} may {command} every row of {table.name}; narrow `true` to the rows",
        "-- the agent should reach.",
        _text(stmt) + clauses[command] + ";",
    ]


def _drop_kit_policies(table: Table, role: str) -> str:
    """Drop the policies an earlier access migration made, so this one replaces them."""
    body = sql.SQL(
        "do $$\ndeclare p record;\nbegin\n    for p in select policyname"
        " from pg_catalog.pg_policies\n        where schemaname = {} and tablename = {}"
        " and policyname like {}\n    loop\n"
        "        execute format('drop policy %I on %I.%I', p.policyname, {}, {});\n"
        "    end loop;\nend;\n$$;"
    ).format(
        sql.Literal(table.schema),
        sql.Literal(table.name),
        sql.Literal(f"{KIT_PREFIX}{role}_%"),
        sql.Literal(table.schema),
        sql.Literal(table.name),
    )
    return _text(body)


def _functions(role: str, needs: Needs, catalog: Catalog) -> list[str]:
    lines = []
    for name, tools in sorted(needs.functions.items()):
        lines.append(f"-- {name} ({', '.join(sorted(tools))})")
        for fn in catalog.function(name):
            lines.append(f"grant execute on function {fn.signature} to {_ident(role)};")
    return [*lines, ""] if lines else []


def _q(template: str, *names: str) -> str:
    return _text(sql.SQL(template).format(*(sql.Identifier(n) for n in names)))


def _ident(name: str) -> str:
    return _text(sql.Identifier(name))


def _text(composed: sql.Composable) -> str:
    # Rendering identifiers needs no connection for plain names; psycopg quotes when needed.
    return composed.as_string(None)
