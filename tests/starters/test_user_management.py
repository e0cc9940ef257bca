"""The user-management starter (profiles on auth.users with a sign-up trigger, an avatars bucket
with policies on storage.objects, the realtime publication, users seeded with bcrypt passwords
and identities) applies unchanged and behaves as on Supabase."""

from __future__ import annotations

import psycopg
import pytest

from kit.testing import as_role, run_as

from .conftest import Starter

ADA = "a1b2c3d4-0000-4000-8000-000000000001"
ALAN = "a1b2c3d4-0000-4000-8000-000000000002"


def test_every_migration_and_the_seed_apply(user_management: Starter) -> None:
    assert [m.version for m in user_management.done.migrations] == [
        "20240115093000",
        "20240115093100",
        "20240115093200",
    ]
    assert [s.path.name for s in user_management.done.seeds] == ["seed.sql"]


def test_the_sign_up_trigger_on_auth_users_fired_for_seeded_users(
    user_management: Starter,
) -> None:
    with user_management.connect() as conn:
        rows = conn.execute(
            "select id::text, username, full_name from public.profiles order by username"
        ).fetchall()
    assert rows == [(ADA, "ada", "Ada Lovelace"), (ALAN, "alan", "Alan Turing")]


def test_seeded_passwords_are_bcrypt_hashes_that_crypt_verifies(user_management: Starter) -> None:
    with user_management.connect() as conn:
        rows = conn.execute(
            "select encrypted_password like '$2a$%%',"
            " encrypted_password = crypt('password123', encrypted_password),"
            " encrypted_password = crypt('wrong', encrypted_password)"
            " from auth.users order by email"
        ).fetchall()
        identities = conn.execute("select count(*) from auth.identities").fetchone()
    assert rows == [(True, True, False), (True, True, False)]
    assert identities == (2,)


def test_storage_bucket_policies_and_helpers(user_management: Starter) -> None:
    with user_management.connect() as conn:
        bucket = conn.execute("select id, public from storage.buckets").fetchall()
        policies = conn.execute(
            "select count(*) from pg_policies"
            " where schemaname = 'storage' and tablename = 'objects'"
        ).fetchone()
        helpers = conn.execute(
            "select storage.foldername('a/b/c.png'), storage.filename('a/b/c.png'),"
            " storage.extension('a/b/c.png'), public.avatar_path(%s)",
            (ADA,),
        ).fetchone()
        tokens = conn.execute("select path_tokens from storage.objects").fetchone()
    assert bucket == [("avatars", True)]
    assert policies == (3,)
    assert helpers == (["a", "b"], "c.png", "png", "ada.png")
    assert tokens == ([ADA, "ada.png"],)


def test_an_upload_policy_on_storage_objects_holds_for_authenticated(
    user_management: Starter,
) -> None:
    insert = "insert into storage.objects (bucket_id, name, owner) values ('avatars', %s, %s)"
    with user_management.connect() as conn:
        with as_role(conn, "authenticated", {"sub": ADA}):
            conn.execute(insert, (f"{ADA}/new.png", ADA))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            with as_role(conn, "authenticated", {"sub": ADA}):
                conn.execute(insert, (f"{ALAN}/not-mine.png", ADA))


def test_profiles_are_in_the_realtime_publication(user_management: Starter) -> None:
    with user_management.connect() as conn:
        rows = conn.execute(
            "select schemaname, tablename from pg_publication_tables"
            " where pubname = 'supabase_realtime'"
        ).fetchall()
    assert rows == [("public", "profiles")]


def test_api_roles_cannot_read_auth_users(user_management: Starter) -> None:
    with user_management.connect() as conn:
        for role in ("anon", "authenticated"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                run_as(conn, role, "select * from auth.users")


def test_auth_uid_policies_let_a_user_update_only_their_profile(user_management: Starter) -> None:
    update = "update public.profiles set website = 'https://ada.dev' where id = %s returning id"
    with user_management.connect() as conn:
        with as_role(conn, "authenticated", {"sub": ADA}):
            own = conn.execute(update, (ADA,)).fetchall()
            other = conn.execute(update, (ALAN,)).fetchall()
    assert (len(own), len(other)) == (1, 0)


def test_deleting_a_user_cascades_to_the_profile(user_management: Starter) -> None:
    with user_management.connect() as conn, conn.transaction(force_rollback=True):
        conn.execute("delete from auth.users where id = %s", (ALAN,))
        left = conn.execute("select count(*) from public.profiles").fetchone()
    assert left == (1,)
