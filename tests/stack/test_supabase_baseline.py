"""The kit's baseline against the facts of a Supabase database (tests/stack/supabase_reference.py,
from ../shared/reference/supabase-db.md): roles, schemas, pre-installed extensions and the
columns of the platform tables. Every difference must be listed, with its reason, in the README's
"Catalog differences" table, and every listed one must still exist."""

from __future__ import annotations

import re
from collections.abc import Iterator

import psycopg
import pytest

from kit.stack.baseline import apply_baseline
from kit.stack.postgres import PostgresServer, free_port
from kit.stack.template import create_cluster
from kit.testing import scratch_dir

from ..conftest import ROOT
from . import supabase_reference as ref

ATTRIBUTES = {
    "SUPERUSER": "rolsuper",
    "CREATEDB": "rolcreatedb",
    "CREATEROLE": "rolcreaterole",
    "REPLICATION": "rolreplication",
    "BYPASSRLS": "rolbypassrls",
    "LOGIN": "rolcanlogin",
    "INHERIT": "rolinherit",
}
DEFAULTS = {"INHERIT": True}  # every other attribute is off unless named
TYPES = {
    "bool": "boolean",
    "int": "integer",
    "timestamptz": "timestamp with time zone",
    "timestamp": "timestamp without time zone",
}
GENERATED = re.compile(r" ?GENERATED\(.*\) STORED")


def expected_attributes(spec: str) -> dict[str, bool]:
    words = spec.split()
    return {
        attr: (attr in words)
        if (attr in words or "NO" + attr in words)
        else DEFAULTS.get(attr, False)
        for attr in ATTRIBUTES
    }


def expected_columns(spec: str) -> list[tuple[str, str, bool, bool, bool]]:
    """(name, type, not null, has a default, generated) per column of the reference's notation."""
    columns = []
    for part in spec.split("; "):
        name, kind, *more = part.split(" ", 2)
        rest = GENERATED.sub("", more[0]) if more else ""
        flags, _, default = rest.partition("=")
        assert set(flags.split()) <= {"NN"}, f"cannot read the reference column {part!r}"
        kind = re.sub(r"^varchar\((\d+)\)$", r"character varying(\1)", kind)
        kind = re.sub(r"^timestamp\((\d)\)$", r"timestamp(\1) without time zone", kind)
        array = kind.endswith("[]")
        kind = TYPES.get(kind.removesuffix("[]"), kind.removesuffix("[]"))
        kind = kind.rsplit(".", 1)[-1] + ("[]" if array else "")
        has_default = default not in ("", "NULL")  # PostgreSQL stores no NULL default
        generated = bool(more) and GENERATED.search(more[0]) is not None
        columns.append((name, kind, "NN" in flags.split(), has_default, generated))
    return columns


def role_differences(conn: psycopg.Connection) -> Iterator[str]:
    columns = ", ".join(ATTRIBUTES.values())
    for role, facts in ref.ROLES.items():
        row = conn.execute(f"select {columns} from pg_roles where rolname = %s", (role,)).fetchone()
        if row is None:
            yield f"role {role} missing"
            continue
        actual = dict(zip(ATTRIBUTES, row, strict=True))
        for attr, wanted in expected_attributes(str(facts["attributes"])).items():
            if actual[attr] != wanted:
                yield f"role {role} {'' if actual[attr] else 'NO'}{attr}"
        granted = conn.execute(
            "select m.roleid::regrole::text from pg_auth_members m where m.member = %s::regrole",
            (role,),
        ).fetchall()
        held = {r[0] for r in granted}
        for member_of in sorted(set(str(facts.get("member_of", "")).split()) - held):
            yield f"role {role} not member of {member_of}"
        row = conn.execute(
            "select coalesce(rolconfig, '{}') from pg_roles where rolname = %s", (role,)
        ).fetchone()
        settings = dict(s.split("=", 1) for s in (row[0] if row else []))
        wanted_settings = dict(facts.get("settings", {}))  # type: ignore[call-overload]
        for name in sorted(settings.keys() | wanted_settings.keys()):
            if settings.get(name) != wanted_settings.get(name):
                yield f"role {role} setting {name}"


def schema_differences(conn: psycopg.Connection) -> Iterator[str]:
    owners = dict(
        conn.execute("select nspname, nspowner::regrole::text from pg_namespace").fetchall()
    )
    for schema, owner in ref.SCHEMAS.items():
        if schema not in owners:
            yield f"schema {schema} missing"
        elif owners[schema] != owner:
            yield f"schema {schema} owner {owners[schema]}"
    installed = dict(
        conn.execute(
            "select extname, extnamespace::regnamespace::text from pg_extension"
            " where extname <> 'plpgsql'"
        ).fetchall()
    )
    for name in sorted(installed.keys() | ref.EXTENSIONS.keys()):
        if name not in installed:
            yield f"extension {name} missing"
        elif name not in ref.EXTENSIONS:
            yield f"extension {name} pre-installed"
        elif installed[name] != ref.EXTENSIONS[name]:
            yield f"extension {name} in {installed[name]}"


def table_differences(conn: psycopg.Connection) -> Iterator[str]:
    kit_tables = {
        r[0]
        for r in conn.execute(
            "select c.oid::regclass::text from pg_class c"
            " where c.relnamespace::regnamespace::text in ('auth', 'storage', 'realtime')"
            " and c.relkind in ('r', 'p') and not c.relispartition"
        ).fetchall()
    }
    for table in sorted(kit_tables - ref.TABLES.keys()):
        yield f"table {table} extra"
    for table, spec in ref.TABLES.items():
        if table not in kit_tables:
            yield f"table {table} missing"
            continue
        actual = [
            (name, kind.rsplit(".", 1)[-1], notnull, hasdef and not generated, generated)
            for name, kind, notnull, hasdef, generated in conn.execute(
                "select attname, format_type(atttypid, atttypmod), attnotnull,"
                " atthasdef, attgenerated <> '' from pg_attribute"
                " where attrelid = %s::regclass and attnum > 0 and not attisdropped"
                " order by attnum",
                (table,),
            ).fetchall()
        ]
        if actual != expected_columns(spec):
            yield f"table {table} columns"


def listed_differences() -> dict[str, str]:
    text = (ROOT / "README.md").read_text()
    section = text.split("### Catalog differences", 1)[1].split("\n## ", 1)[0]
    return dict(re.findall(r"^\| `([^`]+)` \| (.+?) \|$", section, re.M))


@pytest.fixture(scope="module")
def differences() -> Iterator[set[str]]:
    """Of a database with the baseline only (a project's migrations may add extensions)."""
    with scratch_dir() as home:
        server = PostgresServer(home / "data", port=free_port(), durable=False)
        try:
            create_cluster(server)
            with psycopg.connect(server.dsn(), autocommit=True) as conn:
                apply_baseline(conn, auto_expose_new_tables=True, authenticator_password="pw")
                yield {
                    *role_differences(conn),
                    *schema_differences(conn),
                    *table_differences(conn),
                }
        finally:
            server.destroy()


def test_every_difference_from_supabase_is_listed_with_its_reason(differences: set[str]) -> None:
    listed = listed_differences()
    assert all(reason.strip() for reason in listed.values())
    unlisted = sorted(differences - listed.keys())
    assert not unlisted, f"differences missing from README 'Catalog differences': {unlisted}"
    stale = sorted(listed.keys() - differences)
    assert not stale, f"README 'Catalog differences' lists what no longer differs: {stale}"


def test_the_reference_notation_is_read_as_written() -> None:
    users = dict((c[0], c[1:]) for c in expected_columns(ref.TABLES["auth.users"]))
    assert users["confirmed_at"] == ("timestamp with time zone", False, False, True)
    assert users["is_sso_user"] == ("boolean", True, True, False)
    assert users["phone"] == ("text", False, False, False)  # `=NULL` is no default
    assert users["aud"] == ("character varying(255)", False, False, False)
    assert expected_attributes("LOGIN NOINHERIT")["INHERIT"] is False
    assert expected_attributes("NOLOGIN")["INHERIT"] is True
