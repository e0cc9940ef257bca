"""Apply `supabase/migrations/*.sql` and the seed files the way the Supabase CLI does.

Each pending migration runs in its own transaction, statement by statement, and is recorded in
`supabase_migrations.schema_migrations (version, statements, name)` so that
`supabase migration list --db-url` agrees. A failing statement rolls its whole migration back and
raises `MigrationError` with the file, the line and PostgreSQL's message. Seed files are recorded
in `supabase_migrations.seed_files (path, hash)` and run once; a changed seed only gets its new
hash recorded (the CLI's "Updating seed hash"), so seeds load on a fresh database or a reset.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pglast
import psycopg

from kit.errors import Location, MigrationError

FILENAME = re.compile(r"^(?P<version>\d{14})_(?P<name>.+)\.sql$")

HISTORY_DDL = """
create schema if not exists supabase_migrations;
create table if not exists supabase_migrations.schema_migrations (
    version text not null primary key,
    statements text[],
    name text
);
create table if not exists supabase_migrations.seed_files (
    path text not null primary key,
    hash text not null
);
"""


@dataclass(frozen=True)
class Migration:
    path: Path
    version: str
    name: str

    @classmethod
    def from_path(cls, path: Path) -> Migration:
        match = FILENAME.match(path.name)
        if match is None:
            raise MigrationError(
                "migration file name must be <14-digit timestamp>_<name>.sql",
                location=Location(path),
                hint="rename it like 20261122120000_add_table.sql (`supabase migration new` does)",
            )
        return cls(path, match["version"], match["name"])


@dataclass(frozen=True)
class Statement:
    text: str
    line: int  # 1-based line of the statement's first character in its file


def split_statements(sql: str) -> list[Statement]:
    """Statements of a SQL file with their lines; the scanner tolerates syntax errors so that
    PostgreSQL, not the splitter, reports them."""
    out = []
    for part in pglast.split(sql, with_parser=False, only_slices=True):
        text = sql[part].strip()
        if text:
            line = sql.count("\n", 0, part.start) + 1 + _leading_newlines(sql[part])
            out.append(Statement(text, line))
    return out


def applied_versions(conn: psycopg.Connection) -> set[str]:
    conn.execute(HISTORY_DDL)
    rows = conn.execute("select version from supabase_migrations.schema_migrations").fetchall()
    return {row[0] for row in rows}


def pending(conn: psycopg.Connection, files: list[Path]) -> list[Migration]:
    done = applied_versions(conn)
    migrations = [Migration.from_path(f) for f in files]
    return [m for m in sorted(migrations, key=lambda m: m.version) if m.version not in done]


def apply_migrations(conn: psycopg.Connection, files: list[Path]) -> list[Migration]:
    """Apply what is pending, in order; returns what was applied."""
    todo = pending(conn, files)
    for migration in todo:
        statements = split_statements(migration.path.read_text())
        with conn.transaction():
            for statement in statements:
                _execute(conn, migration.path, statement)
            conn.execute(
                "insert into supabase_migrations.schema_migrations (version, statements, name)"
                " values (%s, %s, %s)",
                (migration.version, [s.text for s in statements], migration.name),
            )
    return todo


def apply_seeds(conn: psycopg.Connection, files: list[Path], root: Path) -> list[Path]:
    """Run each seed file not yet recorded, record new hashes; returns what ran or changed."""
    conn.execute(HISTORY_DDL)
    ran = []
    for path in files:
        sql = path.read_text()
        digest = hashlib.sha256(sql.encode()).hexdigest()
        key = _relative(path, root)
        row = conn.execute(
            "select hash from supabase_migrations.seed_files where path = %s", (key,)
        ).fetchone()
        if row is not None and row[0] == digest:
            continue
        with conn.transaction():
            # A changed seed that ran before only gets its new hash, as the Supabase CLI does:
            # re-running inserts would duplicate rows. `kit stack reset` loads it afresh.
            if row is None:
                for statement in split_statements(sql):
                    _execute(conn, path, statement)
            conn.execute(
                "insert into supabase_migrations.seed_files (path, hash) values (%s, %s)"
                " on conflict (path) do update set hash = excluded.hash",
                (key, digest),
            )
        ran.append(path)
    return ran


def _execute(conn: psycopg.Connection, path: Path, statement: Statement) -> None:
    try:
        conn.execute(statement.text.encode())
    except psycopg.Error as exc:
        raise MigrationError(
            _message(exc),
            location=Location(path, _error_line(exc, statement)),
            hint="fix the statement and run again; nothing of this file was applied",
        ) from exc


def _message(exc: psycopg.Error) -> str:
    diag = exc.diag
    text = diag.message_primary or str(exc).strip()
    if diag.sqlstate:
        text = f"{text} (SQLSTATE {diag.sqlstate})"
    if diag.message_detail:
        text += f"; {diag.message_detail}"
    return text


def _error_line(exc: psycopg.Error, statement: Statement) -> int:
    position = exc.diag.statement_position
    if position:
        offset = int(position) - 1  # 1-based character offset within the statement
        return statement.line + statement.text.count("\n", 0, offset)
    # Errors inside a function body or DO block name their line in the context.
    match = re.search(r"line (\d+)", exc.diag.context or "")
    if match:
        return statement.line + int(match.group(1)) - 1
    return statement.line


def _leading_newlines(text: str) -> int:
    stripped = text.lstrip()
    return text[: len(text) - len(stripped)].count("\n")


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)
