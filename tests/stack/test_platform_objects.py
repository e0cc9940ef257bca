"""A project shaped like real Supabase projects applies unchanged and its platform objects behave
as on Supabase: a sign-up trigger on auth.users, profiles cascading from users, seeded users and
identities, storage policies with storage.foldername(), the delete guard, the publication."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from kit.project import load_project
from kit.testing import provisioned, run_as

ADA = "a1b2c3d4-0000-4000-8000-000000000001"
PROJECT = Path(__file__).parent / "platform_project"


@pytest.fixture(scope="module")
def conn() -> Iterator[psycopg.Connection]:
    with provisioned(load_project(PROJECT)) as server:
        with psycopg.connect(server.dsn(), autocommit=True) as connection:
            yield connection


def test_seeded_user_fired_the_sign_up_trigger(conn: psycopg.Connection) -> None:
    profile = conn.execute("select id::text, username from public.profiles").fetchall()
    assert profile == [(ADA, "ada")]
    email = conn.execute("select email from auth.identities where user_id = %s", (ADA,))
    assert email.fetchall() == [("ada@example.com",)]  # generated, lower-cased
    password = conn.execute(
        "select encrypted_password = crypt('password123', encrypted_password),"
        " encrypted_password like '$2a$%%' from auth.users"
    )
    assert password.fetchall() == [(True, True)]
    published = conn.execute(
        "select tablename from pg_publication_tables where pubname = 'supabase_realtime'"
    )
    assert published.fetchall() == [("profiles",)]


def test_deleting_a_user_cascades(conn: psycopg.Connection) -> None:
    with conn.transaction(force_rollback=True):
        conn.execute("delete from auth.users where id = %s", (ADA,))
        left = conn.execute(
            "select (select count(*) from public.profiles), (select count(*) from auth.identities)"
        )
        assert left.fetchone() == (0, 0)


@pytest.mark.parametrize("role", ["anon", "authenticated"])
def test_api_roles_cannot_read_auth_users(conn: psycopg.Connection, role: str) -> None:
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="table users"):
        run_as(conn, role, "select * from auth.users")


def test_storage_policies_use_the_folder_helpers(conn: psycopg.Connection) -> None:
    own = f"insert into storage.objects (bucket_id, name) values ('avatars', '{ADA}/me.png')"
    with conn.transaction(force_rollback=True):
        conn.execute(
            "select set_config('request.jwt.claims', %s, true), set_config('role', "
            "'authenticated', true)",
            (f'{{"sub": "{ADA}", "role": "authenticated"}}',),
        )
        conn.execute(own)
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            with conn.transaction():
                conn.execute(
                    "insert into storage.objects (bucket_id, name) values ('avatars', 'x/y.png')"
                )
    helpers = conn.execute(
        "select storage.foldername('a/b/c.tar.gz'), storage.filename('a/b/c.tar.gz'),"
        " storage.extension('a/b/c.tar.gz')"
    )
    assert helpers.fetchone() == (["a", "b"], "c.tar.gz", "gz")


def test_storage_rows_are_deleted_only_on_purpose(conn: psycopg.Connection) -> None:
    with conn.transaction(force_rollback=True):
        conn.execute("insert into storage.objects (bucket_id, name) values ('avatars', 'a/b.png')")
        listed = conn.execute("select name, id is null from storage.search('', 'avatars')")
        assert listed.fetchall() == [("a", True)]  # a folder
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="Storage API"):
            with conn.transaction():
                conn.execute("delete from storage.objects")
        conn.execute("set local storage.allow_delete_query = 'true'")
        assert conn.execute("delete from storage.objects").rowcount == 1


def test_realtime_send_warns_instead_of_failing(conn: psycopg.Connection) -> None:
    notices: list[str] = []
    conn.add_notice_handler(lambda d: notices.append(d.message_primary or ""))
    conn.execute("select realtime.send('{\"x\": 1}', 'ping', 'room:1', false)")
    assert any("no Realtime server" in n for n in notices)
