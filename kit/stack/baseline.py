"""The Supabase baseline: what a Supabase database has before the project's first migration.

Two parts. The install files (`baseline_sql/`, every file but the two default-privilege ones)
create the Supabase roles and the platform schemas (auth, storage, realtime, ...); they run once
per database, normally into the cached template cluster (`kit.stack.template`) that every new
server copies. The configuration is cheap and runs on every start: the default privileges on
schema public in the mode `[api] auto_expose_new_tables` selects, and the login roles' password.
"""

from __future__ import annotations

import functools
import hashlib
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where used: `kit stack up` reads content_hash before psycopg loads
    import psycopg

EXPOSED = "90_default_privileges_exposed.sql"
EXPLICIT = "91_default_privileges_explicit.sql"
# The roles the Supabase CLI gives the database password (`postgres`'s is the server's own).
LOGIN_ROLES = (
    "authenticator",
    "pgbouncer",
    "supabase_auth_admin",
    "supabase_storage_admin",
    "supabase_replication_admin",
    "supabase_read_only_user",
)
# In a data directory: the passwords_key of the login roles' password (the template has the
# default one set, so a copy for a server with that password skips six SCRAM hashes, ~45 ms).
PASSWORDS_SET = "kit_login_passwords"
# In a data directory: the configuration_key applied to it (a copy of the template has none).
CONFIGURED = "kit_baseline_configured"


def install_files() -> list[str]:
    names = sorted(p.name for p in _folder().iterdir() if p.name.endswith(".sql"))
    return [n for n in names if n not in (EXPOSED, EXPLICIT)]


def baseline_files(auto_expose_new_tables: bool) -> list[str]:
    # Explicit mode is the exposed defaults revoked, as the Supabase CLI does it.
    return install_files() + ([EXPOSED] if auto_expose_new_tables else [EXPOSED, EXPLICIT])


@functools.cache  # read once per process: ~70 files, the C sources among them
def content_hash() -> str:
    """Changes whenever a baseline file, or an extension it installs, does: the template
    cluster is keyed by it."""
    digest = hashlib.sha256()
    stack = Path(__file__).parent
    for path in sorted([*(stack / "baseline_sql").rglob("*"), *(stack / "extensions").rglob("*")]):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(stack)).encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def is_installed(conn: psycopg.Connection) -> bool:
    row = conn.execute("select to_regclass('auth.users') is not null").fetchone()
    return bool(row and row[0])


def install_baseline(conn: psycopg.Connection) -> None:
    """The install files, in one transaction (a database from an older kit gets what it lacks)."""
    with conn.transaction():
        for name in install_files():
            conn.execute(_folder().joinpath(name).read_text())


def apply_baseline(
    conn: psycopg.Connection,
    *,
    auto_expose_new_tables: bool,
    authenticator_password: str,
    passwords: bool = True,
) -> None:
    """Install the baseline if the database lacks it, then configure it; safe to run again.

    `authenticator_password` goes to every role in LOGIN_ROLES, as the CLI gives them all the
    database password (unless `passwords` is False: they have it already)."""
    if not is_installed(conn):
        install_baseline(conn)
    with conn.transaction():
        for name in baseline_files(auto_expose_new_tables)[len(install_files()) :]:
            conn.execute(_folder().joinpath(name).read_text())
        if passwords:
            set_login_passwords(conn, authenticator_password)


def set_login_passwords(conn: psycopg.Connection, password: str) -> None:
    from psycopg import sql

    for role in LOGIN_ROLES:
        # A password cannot be a bind parameter in ALTER ROLE; format it as a literal.
        conn.execute(
            sql.SQL("alter role {} with password {}").format(
                sql.Identifier(role), sql.Literal(password)
            )
        )


def passwords_key(password: str) -> str:
    """Identifies the login roles' password (what PASSWORDS_SET holds)."""
    digest = hashlib.sha256(content_hash().encode())
    digest.update("\0".join((*LOGIN_ROLES, password)).encode())
    return digest.hexdigest()


def configuration_key(*, auto_expose_new_tables: bool, authenticator_password: str) -> str:
    """Identifies one configuration: a database that has it needs no `apply_baseline` again
    (its six `ALTER ROLE ... PASSWORD` cost ~50 ms of SCRAM hashing on every start)."""
    digest = hashlib.sha256(content_hash().encode())
    digest.update(f"{auto_expose_new_tables}\0{authenticator_password}".encode())
    return digest.hexdigest()


def _folder() -> Traversable:
    return files("kit.stack").joinpath("baseline_sql")
