"""The stand-ins for extensions Supabase offers that cannot run locally: each creates as real
migrations create it, its objects exist, and what would need the missing service fails when
called, naming the extension and the README row. Nothing pretends to have worked. pgjwt and
pg_hashids are real, in SQL: they need no service."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

README_ROW = "Differences from a Supabase database"

# extension → a call that needs the service the local stack lacks
SERVICE_CALLS = {
    "pg_net": "select net.http_post('https://example.com/hook', '{\"a\": 1}'::jsonb)",
    "http": "select extensions.http_get('https://example.com')",
    "pg_graphql": "select graphql.resolve('{ todos { id } }')",
    "pgsodium": "select pgsodium.crypto_secretbox_keygen()",
    "pg_jsonschema": "select extensions.jsonb_matches_schema('{\"type\": \"object\"}', '{}')",
}
# Control files that fix the schema (as the real ones do): `with schema extensions` is refused
# on Supabase too, so migrations write them plainly.
FIXED_SCHEMA = {"supabase_vault", "pgsodium"}
ALL = [*SERVICE_CALLS, "pg_cron", "supabase_vault", "pgjwt", "pg_hashids"]


@pytest.fixture
def conn(kit_db_url: str) -> Iterator[psycopg.Connection]:
    """A connection in a transaction that is always rolled back, with pgcrypto for pgjwt."""
    with psycopg.connect(kit_db_url) as conn, conn.transaction(force_rollback=True):
        conn.execute("create schema if not exists extensions")
        conn.execute("create extension if not exists pgcrypto with schema extensions")
        # The baseline pre-installs these, as `supabase start` does; gone until the rollback.
        conn.execute("drop extension if exists pg_net, supabase_vault")
        yield conn


@pytest.mark.parametrize("name", ALL)
def test_creates_both_ways_migrations_write_it(conn: psycopg.Connection, name: str) -> None:
    if name not in FIXED_SCHEMA:
        with conn.transaction(force_rollback=True):
            conn.execute(f"create extension if not exists {name} with schema extensions")
            where = "select extnamespace::regnamespace::text from pg_extension where extname = %s"
            assert conn.execute(where, (name,)).fetchone() == ("extensions",)
    conn.execute(f"create extension {name}")
    conn.execute(f"create extension if not exists {name} with schema extensions")  # a no-op now
    conn.execute(f"drop extension {name}")  # and it leaves cleanly


@pytest.mark.parametrize("name", list(SERVICE_CALLS))
def test_service_calls_fail_naming_the_extension(conn: psycopg.Connection, name: str) -> None:
    where = "" if name in FIXED_SCHEMA else " with schema extensions"
    conn.execute(f"create extension {name}{where}")
    with pytest.raises(psycopg.errors.FeatureNotSupported) as caught:
        conn.execute(SERVICE_CALLS[name])
    assert str(caught.value).startswith(f"{name}: ")
    assert README_ROW in (caught.value.diag.message_hint or "")
    assert f'"{name}" row' in (caught.value.diag.message_hint or "")


def test_pg_cron_records_jobs_and_warns_they_never_run(conn: psycopg.Connection) -> None:
    warnings: list[str] = []
    conn.add_notice_handler(
        lambda diag: warnings.append(f"{diag.severity}: {diag.message_primary}")
    )
    conn.execute("create extension pg_cron with schema extensions")
    job = conn.execute("select cron.schedule('nightly', '0 3 * * *', 'vacuum')").fetchone()
    assert warnings == [
        f"WARNING: pg_cron: job {job[0]} (nightly) is recorded but never runs "
        "in the Maker Kit local stack"
    ]
    # Same name again updates the job, as pg_cron does; unnamed jobs and the 3-argument form.
    again = conn.execute("select cron.schedule('nightly', '30 seconds', 'select 1')").fetchone()
    assert again == job
    conn.execute("select cron.schedule('*/5 * * * *', 'select 2')")
    conn.execute("select cron.alter_job(%s, active => false)", job)
    rows = conn.execute("select jobname, schedule, active from cron.job order by jobid").fetchall()
    assert rows == [("nightly", "30 seconds", False), (None, "*/5 * * * *", True)]
    assert conn.execute("select count(*) from cron.job_run_details").fetchone() == (0,)
    assert conn.execute("select cron.unschedule('nightly')").fetchone() == (True,)
    with pytest.raises(psycopg.errors.InvalidParameterValue, match="invalid schedule"):
        conn.execute("select cron.schedule('x', 'every day', 'select 1')")


def test_vault_secrets_round_trip(conn: psycopg.Connection) -> None:
    conn.execute("create extension supabase_vault")
    created = conn.execute("select vault.create_secret('s3cr3t ü', 'api_key', 'the key')")
    secret_id = created.fetchone()[0]
    read = "select name, description, decrypted_secret from vault.decrypted_secrets where id = %s"
    assert conn.execute(read, (secret_id,)).fetchone() == ("api_key", "the key", "s3cr3t ü")
    conn.execute("select vault.update_secret(%s, 'rotated')", (secret_id,))
    assert conn.execute(read, (secret_id,)).fetchone() == ("api_key", "the key", "rotated")
    stored = conn.execute("select secret from vault.secrets where id = %s", (secret_id,))
    assert stored.fetchone() != ("rotated",)  # not in clear text in the table
    with pytest.raises(psycopg.errors.UniqueViolation):
        conn.execute("select vault.create_secret('other', 'api_key')")


def test_pgjwt_signs_and_verifies_for_real(conn: psycopg.Connection) -> None:
    conn.execute("create extension pgjwt with schema extensions")
    conn.execute("set local search_path = extensions")
    payload = '{"sub":"1234567890","name":"John Doe","iat":1516239022}'
    token = conn.execute("select sign(%s, 'your-256-bit-secret')", (payload,)).fetchone()[0]
    # The HS256 example of RFC 7519's common test vector (jwt.io).
    assert token == (
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwi"
        "aWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
    )
    verify = "select valid from verify(%s, %s)"
    assert conn.execute(verify, (token, "your-256-bit-secret")).fetchone() == (True,)
    assert conn.execute(verify, (token, "other")).fetchone() == (False,)
    expired = conn.execute("select sign('{\"exp\": 1}', 'k', 'HS512')").fetchone()[0]
    assert conn.execute("select valid from verify(%s, 'k', 'HS512')", (expired,)).fetchone() == (
        False,
    )


def test_http_helpers_that_need_no_network_work(conn: psycopg.Connection) -> None:
    conn.execute("create extension http with schema extensions")
    row = conn.execute(
        "select extensions.urlencode('a b/ü~'), extensions.urlencode('{\"q\": \"x y\"}'::jsonb)"
    ).fetchone()
    assert row == ("a%20b%2F%C3%BC~", "q=x%20y")


def test_pg_hashids_gives_the_real_ids(conn: psycopg.Connection) -> None:
    conn.execute("create extension pg_hashids with schema extensions")
    conn.execute("set local search_path = extensions")
    alphabet = "abcdefghijABCDxFGHIJ1234567890"
    # pg_hashids' own regression outputs, then hashids.org's examples.
    row = conn.execute(
        "select id_encode(1001), id_encode(1234567, 'This is my salt'),"
        " id_encode(1234567, 'This is my salt', 10), id_encode(1234567, 'This is my salt', 10, %s),"
        " id_encode(array[683, 94108, 123, 5], 'this is my salt'),"
        " id_encode(1, 'this is my salt', 8)",
        (alphabet,),
    ).fetchone()
    assert row == ("jNl", "Pdzxp", "PlRPdzxpR7", "3GJ956J9B9", "aBMswoO2UB3Sj", "gB0NV05e")
    row = conn.execute(
        "select id_decode('3GJ956J9B9', 'This is my salt', 10, %s),"
        " id_decode('aBMswoO2UB3Sj', 'this is my salt'), id_decode_once('jNl'),"
        " id_decode('jNl', 'another salt')",
        (alphabet,),
    ).fetchone()
    assert row == ([1234567], [683, 94108, 123, 5], 1001, [])


def test_a_non_superuser_creates_them_and_schedules_its_own_jobs(conn: psycopg.Connection) -> None:
    # Supabase's `postgres` is no superuser: supautils lets it create these; here they are trusted.
    conn.execute("create role kit_app_owner")
    conn.execute("grant create on database postgres to kit_app_owner")
    conn.execute("grant usage, create on schema extensions to kit_app_owner")
    conn.execute("set local role kit_app_owner")
    for name in ALL:
        conn.execute(f"create extension if not exists {name}")
    conn.execute("select cron.schedule('mine', '0 * * * *', 'select 1')")
    assert conn.execute("select jobname, username from cron.job").fetchall() == [
        ("mine", "kit_app_owner")
    ]
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(
            "select cron.schedule_in_database('x', '0 * * * *', 'select 1', 'postgres', 'postgres')"
        )
