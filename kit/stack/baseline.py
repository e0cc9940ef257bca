"""The Supabase baseline: what a Supabase database has before the project's first migration.

Applied idempotently: roles, the auth/extensions schemas, auth.uid()/role()/jwt(), and the
default privileges on schema public in the mode `[api] auto_expose_new_tables` selects.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

import psycopg

EXPOSED = "03_default_privileges_exposed.sql"
EXPLICIT = "03_default_privileges_explicit.sql"


def baseline_files(auto_expose_new_tables: bool) -> list[str]:
    names = sorted(p.name for p in _folder().iterdir() if p.name.endswith(".sql"))
    common = [n for n in names if n not in (EXPOSED, EXPLICIT)]
    # Explicit mode is the exposed defaults revoked, as the Supabase CLI does it.
    return common + ([EXPOSED] if auto_expose_new_tables else [EXPOSED, EXPLICIT])


def apply_baseline(
    conn: psycopg.Connection, *, auto_expose_new_tables: bool, authenticator_password: str
) -> None:
    """Run every baseline file in one transaction; safe to run again."""
    with conn.transaction():
        for name in baseline_files(auto_expose_new_tables):
            conn.execute(_folder().joinpath(name).read_text())
        # A password cannot be a bind parameter in ALTER ROLE; format it as a literal.
        conn.execute(
            psycopg.sql.SQL("alter role authenticator with password {}").format(
                psycopg.sql.Literal(authenticator_password)
            )
        )


def _folder() -> Traversable:
    return files("kit.stack").joinpath("baseline_sql")
