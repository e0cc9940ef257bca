"""The Supabase baseline: API roles as Supabase has them, `auth.*` reading PostgREST's claims,
and both modes of `[api] auto_expose_new_tables` for new tables in `public`."""

from __future__ import annotations

import psycopg

from kit.stack.baseline import apply_baseline
from kit.stack.database import connect
from kit.stack.postgres import PostgresServer

USER_ID = "6f1c0d1e-8d55-4c1e-9f5c-3f1f2c9a0b7d"
CLAIMS = f'{{"sub": "{USER_ID}", "role": "anon", "iss": "supabase-demo"}}'
ROLE = "select rolcanlogin, rolinherit, rolbypassrls from pg_roles where rolname = %s"


def privileges(conn: psycopg.Connection, table: str) -> dict[str, bool]:
    query = "select has_table_privilege(%s, %s, 'select')"
    return {
        role: conn.execute(query, (role, table)).fetchone() == (True,)
        for role in ("anon", "authenticated", "service_role")
    }


def test_roles_claims_and_both_exposure_modes(fresh_server: PostgresServer) -> None:
    with connect(fresh_server) as conn:
        for _ in range(2):  # idempotent
            apply_baseline(conn, auto_expose_new_tables=True, authenticator_password="pw-1")
        conn.execute("create table public.exposed (id int)")
        apply_baseline(conn, auto_expose_new_tables=False, authenticator_password="pw-1")
        conn.execute("create table public.explicit (id int)")

        assert privileges(conn, "public.exposed") == dict.fromkeys(
            ("anon", "authenticated", "service_role"), True
        )
        assert privileges(conn, "public.explicit") == dict.fromkeys(
            ("anon", "authenticated", "service_role"), False
        )
        assert conn.execute(ROLE, ("authenticator",)).fetchone() == (True, False, False)
        assert conn.execute(ROLE, ("service_role",)).fetchone() == (False, True, True)
        assert conn.execute(ROLE, ("anon",)).fetchone() == (False, True, False)
        members = conn.execute(
            "select array_agg(r.rolname order by r.rolname) from pg_auth_members m"
            " join pg_roles r on r.oid = m.roleid"
            " where m.member = 'authenticator'::regrole"
        ).fetchone()
        assert members == (["anon", "authenticated", "service_role"],)

        with conn.transaction(force_rollback=True):
            # What PostgREST sets per request: the claims as JSON, then the role.
            conn.execute("select set_config('request.jwt.claims', %s, true)", (CLAIMS,))
            conn.execute("set local role anon")
            claims = conn.execute("select auth.uid()::text, auth.role(), auth.jwt()->>'iss'")
            assert claims.fetchone() == (USER_ID, "anon", "supabase-demo")

    as_authenticator = fresh_server.dsn("authenticator", password="pw-1")
    with psycopg.connect(as_authenticator) as conn:
        assert conn.execute("select current_user").fetchone() == ("authenticator",)
