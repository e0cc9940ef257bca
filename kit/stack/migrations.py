"""Apply `supabase/migrations` and the seed files exactly as the Supabase CLI (npm `supabase`
3.x, `migration up` / `db push`) does, so that a database either of them built is the same.

Per migration file, after `RESET ALL` (statements split by `sqlsplit`, the CLI's tokenizer):

- normally the statements and the history row go out as one pipeline (extended protocol, one
  Sync): one implicit transaction, all or nothing. A statement that cannot run in a
  transaction block (`CREATE INDEX CONCURRENTLY`, `VACUUM`, ...) ends the pipeline before it
  and runs on its own; the rest follows in a new pipeline.
- a file with its own transaction control (`BEGIN`, `COMMIT`, `ROLLBACK`, ...) or the first
  line `-- pg-delta: transaction=false` runs statement by statement in autocommit mode, then
  the history row; on an error the CLI sends `ROLLBACK` (or `RESET ALL`), so what was
  committed before the error stays.

History: `supabase_migrations.schema_migrations (version, statements, name)`, created when a
migration is pending. Pending means what `migration up` computes: local versions (sorted as
text) past the applied ones; a local file older than the newest applied one, or an applied
version with no file, is an error. Seeds: `supabase_migrations.seed_files (path, hash)` with the
sha256 of the file; each new seed runs in one explicit transaction; a changed seed only gets its
new hash (the CLI's "Updating seed hash"), so `kit stack reset` is how a seed loads again.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Sequence
from pathlib import Path
from typing import Any

import psycopg
from psycopg import errors, pq
from psycopg.generators import fetch_many, send

from kit.errors import Location, MigrationError
from kit.stack import sqlsplit
from kit.stack.pending import Migration, SeedRun, pending_migrations, seed_changes
from kit.stack.supabase_objects import missing_supabase_object

INSERT_VERSION = (
    "INSERT INTO supabase_migrations.schema_migrations(version, name, statements)"
    " VALUES($1, $2, $3)"
)
UPSERT_SEED = (
    "INSERT INTO supabase_migrations.seed_files(path, hash) VALUES($1, $2)"
    " ON CONFLICT (path) DO UPDATE SET hash = EXCLUDED.hash"
)
_HISTORY_DDL = (
    "SET LOCAL lock_timeout = '4s'",
    "CREATE SCHEMA IF NOT EXISTS supabase_migrations",
    "CREATE TABLE IF NOT EXISTS supabase_migrations.schema_migrations"
    " (version text NOT NULL PRIMARY KEY)",
    "ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS statements text[]",
    "ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS name text",
)
_SEED_DDL = (
    "SET LOCAL lock_timeout = '4s'",
    "CREATE SCHEMA IF NOT EXISTS supabase_migrations",
    "CREATE TABLE IF NOT EXISTS supabase_migrations.seed_files"
    " (path text NOT NULL PRIMARY KEY, hash text NOT NULL)",
)
_TEXT, _TEXT_ARRAY = 25, 1009


Statement = sqlsplit.Statement


def read_sql(path: Path) -> str:
    # Bytes as they are (no newline translation): the CLI records and hashes them unchanged.
    return path.read_bytes().decode("utf-8", errors="replace")


def split_statements(sql: str) -> list[Statement]:
    return sqlsplit.split(sql)


def applied_versions(conn: psycopg.Connection) -> list[str]:
    try:
        with conn.transaction():
            rows = conn.execute(
                "SELECT version FROM supabase_migrations.schema_migrations ORDER BY version"
            ).fetchall()
    except errors.UndefinedTable:
        return []
    return [row[0] for row in rows]


def pending(conn: psycopg.Connection, files: Sequence[Path]) -> list[Migration]:
    """What `supabase migration up` would apply; raises where it refuses."""
    return pending_migrations(files, applied_versions(conn))


def apply_migrations(conn: psycopg.Connection, files: Sequence[Path]) -> list[Migration]:
    """Apply what is pending, in version order; returns what was applied."""
    todo = pending(conn, files)
    if todo:
        _ensure_table(conn, "supabase_migrations.schema_migrations", 3, _HISTORY_DDL)
    for migration in todo:
        conn.execute("RESET ALL")
        _apply_file(conn, migration)
    return todo


def apply_seeds(conn: psycopg.Connection, files: Sequence[str | Path], root: Path) -> list[SeedRun]:
    """Run each seed not yet recorded with its current hash; returns what ran or had its hash
    updated. Recorded by its path relative to `root`, as the CLI records it."""
    todo = seed_changes(files, root, _recorded_seeds(conn))
    if todo:
        _ensure_table(conn, "supabase_migrations.seed_files", 2, _SEED_DDL)
    out = []
    for change in todo:
        path = root / change.rel
        sql = read_sql(path)
        note = "nothing of this seed was loaded"
        # BEGIN, the statements and the hash, COMMIT: the CLI's sequence, sent as it sends it.
        conn.execute("BEGIN")
        try:
            if not change.hash_only:
                for statement in split_statements(sql):
                    _simple(conn, path, sql, statement, note)
            try:
                conn.execute(_numbered(UPSERT_SEED), (change.rel, change.digest), prepare=False)
            except psycopg.Error as exc:
                raise _error(exc, path, sql, None, note) from exc
            conn.execute("COMMIT")
        except BaseException:
            _quietly(conn, "ROLLBACK")
            raise
        out.append(SeedRun(path, change.hash_only))
    return out


# -- one migration file ----------------------------------------------------------------------


def _apply_file(conn: psycopg.Connection, migration: Migration) -> None:
    path = migration.path
    sql = read_sql(path)
    statements = split_statements(sql)
    history = (migration.version, migration.name, [s.text for s in statements])
    marked = sqlsplit.no_transaction_marked(sql)
    if marked or any(sqlsplit.transaction_control(s.text) for s in statements):
        # Statement by statement, as the CLI runs such files; committed work stays on error.
        note = "statements before it that were committed stay applied, as with the Supabase CLI"
        try:
            for statement in statements:
                _simple(conn, path, sql, statement, note)
            conn.execute(_numbered(INSERT_VERSION), history, prepare=False)
        except BaseException:
            _quietly(conn, "RESET ALL" if marked else "ROLLBACK")
            raise
        if conn.info.transaction_status != pq.TransactionStatus.IDLE:
            _quietly(conn, "ROLLBACK")
            raise MigrationError(
                "the migration leaves a transaction open (BEGIN without COMMIT); the Supabase "
                "CLI reports success but its disconnect rolls it back, so nothing of it from "
                "that BEGIN on would be applied",
                location=Location(path),
                hint="end the transaction with COMMIT, or drop the BEGIN",
            )
        return
    batch: list[Statement] = []
    committed = False
    for statement in statements:
        if sqlsplit.non_transactional(statement.text):
            _pipeline(conn, path, sql, batch, None, committed)
            committed = committed or bool(batch)
            _simple(conn, path, sql, statement, _note(committed))
            batch, committed = [], True
        else:
            batch.append(statement)
    _pipeline(conn, path, sql, batch, history, committed)


def _note(committed: bool) -> str:
    if committed:
        return (
            "the statements before the last one that cannot run in a transaction block "
            "(CONCURRENTLY, VACUUM, ...) were committed, as the Supabase CLI does"
        )
    return "nothing of this file was applied"


def _simple(
    conn: psycopg.Connection, path: Path, sql: str, statement: Statement, note: str | None
) -> None:
    """One statement over the simple query protocol, as the CLI's `exec`."""
    try:
        conn.execute(statement.text, prepare=False)
    except psycopg.Error as exc:
        raise _error(exc, path, sql, statement, note) from exc


def _pipeline(
    conn: psycopg.Connection,
    path: Path,
    sql: str,
    batch: list[Statement],
    history: tuple[str, str, list[str]] | None,
    committed: bool,
) -> None:
    """The statements (and the history row) as one pipeline under one Sync: psycopg's
    `conn.pipeline()` cannot tell which statement failed, so libpq is driven directly."""
    if not batch and history is None:
        return
    failed = conn.wait(_pipeline_gen(conn.pgconn, batch, history))
    if failed is None:
        return
    index, exc = failed
    statement = batch[index] if index < len(batch) else None
    raise _error(exc, path, sql, statement, _note(committed))


Failure = tuple[int, psycopg.Error]


def _pipeline_gen(
    pg: Any, batch: list[Statement], history: tuple[str, str, list[str]] | None
) -> Generator[Any, Any, Failure | None]:
    """libpq in pipeline mode (psycopg's `conn.wait` drives the socket); the index and error
    of the first statement that failed, if one did."""
    pg.enter_pipeline_mode()
    try:
        for statement in batch:
            pg.send_query_params(statement.text.encode(), None)
        if history is not None:
            version, name, texts = history
            values = [version.encode(), name.encode(), _text_array(texts).encode()]
            pg.send_query_params(
                INSERT_VERSION.encode(), values, [_TEXT, _TEXT, _TEXT_ARRAY], [0, 0, 0]
            )
        pg.pipeline_sync()
        yield from send(pg)
        failed: Failure | None = None
        index = 0
        while True:
            results = yield from fetch_many(pg)
            if results and results[0].status == pq.ExecStatus.PIPELINE_SYNC:
                break
            for res in results:
                if res.status == pq.ExecStatus.FATAL_ERROR and failed is None:
                    failed = (index, errors.error_from_result(res))
            index += 1
    finally:
        pg.exit_pipeline_mode()
    return failed


def _text_array(items: list[str]) -> str:
    """A text[] literal, quoted as the CLI quotes it."""
    quoted = ('"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"' for s in items)
    return "{" + ",".join(quoted) + "}"


def _numbered(sql: str) -> str:
    return re.sub(r"\$\d", "%s", sql)


def _quietly(conn: psycopg.Connection, sql: str) -> None:
    try:
        conn.execute(sql)
    except psycopg.Error:
        pass


def _ensure_table(conn: psycopg.Connection, table: str, columns: int, ddl: tuple[str, ...]) -> None:
    """Create the CLI's history table unless it has its columns already (the CLI checks so)."""
    names = ["version", "name", "statements"] if columns == 3 else ["path", "hash"]
    row = conn.execute(
        "SELECT count(*) FROM pg_catalog.pg_attribute a"
        " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
        " WHERE a.attrelid = pg_catalog.to_regclass(%s) AND c.relkind IN ('r', 'p')"
        " AND NOT a.attisdropped AND a.attname = ANY(%s)",
        (table, names),
    ).fetchone()
    if row is not None and row[0] == columns:
        return
    with conn.transaction():
        for statement in ddl:
            conn.execute(statement)


def _recorded_seeds(conn: psycopg.Connection) -> dict[str, str]:
    try:
        with conn.transaction():
            rows = conn.execute("SELECT path, hash FROM supabase_migrations.seed_files").fetchall()
    except errors.UndefinedTable:
        return {}
    return {path: digest for path, digest in rows}


# -- errors ----------------------------------------------------------------------------------


def _error(
    exc: psycopg.Error, path: Path, sql: str, statement: Statement | None, note: str | None
) -> MigrationError:
    line = error_line(exc, sql, statement) if statement is not None else None
    missing = missing_supabase_object(exc)
    hint = "fix the statement and run again" + (f"; {note}" if note else "")
    if missing:
        hint = missing + "; " + hint
    return MigrationError(_message(exc), location=Location(path, line), hint=hint)


def _message(exc: psycopg.Error) -> str:
    diag = exc.diag
    text = diag.message_primary or str(exc).strip()
    if diag.sqlstate:
        text = f"{text} (SQLSTATE {diag.sqlstate})"
    if diag.message_detail:
        text += f"; {diag.message_detail}"
    return text


_DO_BODY = re.compile(r"\$(?:[A-Za-z_\x80-\U0010ffff][A-Za-z0-9_\x80-\U0010ffff]*)?\$")


def error_line(exc: psycopg.Error, sql: str, statement: Statement) -> int:
    """The file line of the error: PostgreSQL's position in the statement if it gave one,
    else the line inside a DO block it names, else the statement's first line of code (past
    any comments above it)."""
    position = exc.diag.statement_position
    if position:
        at = statement.offset + int(position) - 1  # a 1-based character offset
        return sql.count("\n", 0, at) + 1
    code = statement.offset + sqlsplit.skip_comments(statement.text)
    block = re.search(r"inline_code_block line (\d+)", exc.diag.context or "")
    body = _DO_BODY.search(sql, code, statement.offset + len(statement.text))
    if block and body:
        return sql.count("\n", 0, body.end()) + int(block[1])
    return sql.count("\n", 0, code) + 1
