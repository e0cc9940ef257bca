"""Issue 11's path on a starter-style project: init → stack up → draft → access → generate →
verify, green in both identities, with no SQL and no YAML written by hand.

The tests run in order on one project and one stack (module scope): the service identity first,
then the same project switched to acting for one user.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import jwt
import psycopg
import pytest
from click.testing import CliRunner

from kit.access import access_drift, latest_access
from kit.access.needs import needs_of
from kit.cli import main
from kit.generator import build_tools, generate, paste_command
from kit.project import load_project
from kit.stack.signing import new_es256
from kit.stack.stack import Stack
from tests.access.conftest import ADA, BOB, Starter


def test_init_adopts_the_project_without_touching_its_migrations(starter: Starter) -> None:
    migrations = sorted(p.name for p in (starter.root / "supabase" / "migrations").iterdir())
    assert migrations == ["20240101000000_profiles.sql", "20240102000000_todos.sql"]
    ignored = (starter.root / ".gitignore").read_text().splitlines()
    assert {".env", ".kit/", "supabase/signing_keys.json"} <= set(ignored)
    assert (starter.root / "tool_specs").is_dir()


def test_service_identity_path_is_green(starter: Starter) -> None:
    starter.kit("draft")
    names = sorted(p.name for p in (starter.root / "tool_specs").glob("*.yaml"))
    assert names == ["profiles.yaml", "tags.yaml", "todo_tags.yaml", "todos.yaml"]
    starter.kit("access")
    assert latest_access(load_project(starter.root), "maker_agent") is not None
    starter.migrate()
    # `kit generate` is what the user runs (the user-identity test below runs it); here the
    # library call on the live catalog does the same work without a throwaway database.
    generated = generate(load_project(starter.root), catalog=starter.catalog())
    assert len(generated.tools) == 15 and generated.written
    verified = starter.kit("verify")
    assert "passed: 15/15 tools green" in verified.output


def test_every_grant_is_used_by_a_tool_and_nothing_else_is_allowed(starter: Starter) -> None:
    needs = needs_of(build_tools(load_project(starter.root), catalog=starter.catalog()))
    with _db(starter) as conn:
        expected = {
            (table.split(".")[1], verb, column)
            for table, t in needs.tables.items()
            for verb, columns in (("SELECT", t.select), ("INSERT", t.insert), ("UPDATE", t.update))
            for column in columns
        }
        assert _column_grants(conn, "maker_agent") == expected
        functions = conn.execute(
            "select routine_schema || '.' || routine_name from information_schema"
            ".routine_privileges where grantee = 'maker_agent'"
        ).fetchall()
        assert {name for (name,) in functions} == set(needs.functions) == {"public.search_todos"}
        # No tool deletes, so the role cannot; auth.users is no tool's table.
        for statement in ("delete from public.todos", "select id from auth.users"):
            assert _denied(conn, "maker_agent", statement), statement


def test_a_tool_taken_out_loses_its_grants(starter: Starter) -> None:
    (starter.root / "tool_specs" / "todo_tags.yaml").unlink()
    project = load_project(starter.root)
    drift = access_drift(project, build_tools(project, catalog=starter.catalog()))
    assert drift is not None and "maker_agent_access.sql no longer grants" in drift
    starter.kit("access")
    starter.migrate()
    assert access_drift(project, build_tools(project, catalog=starter.catalog())) is None
    with _db(starter) as conn:
        assert _denied(conn, "maker_agent", "select todo_id from public.todo_tags")
        assert not _denied(conn, "maker_agent", "select id from public.todos")


def test_acting_for_one_user_is_green_under_the_schemas_own_policies(starter: Starter) -> None:
    starter.kit("draft", "--identity", "user", "--sub", ADA)
    starter.kit("access")
    assert 'role = "authenticated"' in (starter.root / "kit.toml").read_text()
    starter.migrate()
    starter.kit("generate")
    readme = (starter.root / "curl" / "README.md").read_text()
    assert '`"role": "authenticated", "sub": "<user id>"`' in readme  # not a hard-coded maker_agent
    verified = starter.kit("verify")
    assert "passed: 15/15 tools green" in verified.output


@pytest.fixture(scope="module")
def list_todos(starter: Starter) -> tuple[str, str]:
    """`kit curl ListTodos` (through the library, on the live catalog) and its bearer."""
    command = paste_command(load_project(starter.root), "ListTodos", catalog=starter.catalog())
    token = command.split("Authorization: Bearer ", 1)[1].split("'")[0]
    return command.replace("{{limit}}", "20"), token


def test_curl_carries_the_declared_role_and_user(list_todos: tuple[str, str]) -> None:
    _, token = list_todos
    header = jwt.get_unverified_header(token)
    claims = jwt.decode(token, options={"verify_signature": False})
    assert header["alg"] == "ES256" and header["kid"]
    assert (claims["role"], claims["sub"]) == ("authenticated", ADA)


def test_another_users_rows_stay_invisible(starter: Starter, list_todos: tuple[str, str]) -> None:
    command, _ = list_todos
    assert "user_id=" not in command  # an optional filter: the agent adds it to the URL
    own = _run(command.replace("limit=20'", f"limit=20&user_id=eq.{ADA}'"))
    other = _run(command.replace("limit=20'", f"limit=20&user_id=eq.{BOB}'"))
    assert {row["user_id"] for row in own} == {ADA} and len(own) == 2
    assert other == []
    with _db(starter) as conn:  # Bob's todo is there: the service role sees it
        assert conn.execute(
            "select count(*) from public.todos where user_id = %s", (BOB,)
        ).fetchone() == (1,)


def test_a_token_signed_by_another_key_is_refused(list_todos: tuple[str, str]) -> None:
    command, token = list_todos
    kid = jwt.get_unverified_header(token)["kid"]
    claims = jwt.decode(token, options={"verify_signature": False})
    stranger = jwt.PyJWK.from_dict(new_es256().jwk, algorithm="ES256").key
    forged = jwt.encode(claims, stranger, algorithm="ES256", headers={"kid": kid})
    answer = _run(command.replace(token, forged).replace("{{user_id}}", ADA))
    assert answer["code"] == "PGRST301"


def _run(command: str) -> Any:
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=20)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _db(starter: Starter) -> psycopg.Connection[Any]:
    return psycopg.connect(Stack(load_project(starter.root)).info().db_url, autocommit=True)


def _column_grants(conn: psycopg.Connection[Any], role: str) -> set[tuple[str, str, str]]:
    rows = conn.execute(
        "select table_name, privilege_type, column_name from information_schema.column_privileges"
        " where grantee = %s and table_schema = 'public'",
        (role,),
    ).fetchall()
    return {(t, p, c) for t, p, c in rows}


def _denied(conn: psycopg.Connection[Any], role: str, statement: str) -> bool:
    try:
        with conn.transaction():
            conn.execute(f"set local role {role}")
            conn.execute(statement)
            raise _Rollback
    except psycopg.errors.InsufficientPrivilege:
        return True
    except _Rollback:
        return False


class _Rollback(Exception):
    pass


def test_init_around_a_database_url_drafts_from_it(starter: Starter, tmp_path: Path) -> None:
    db_url = Stack(load_project(starter.root)).info().db_url
    remote = tmp_path / "remote"
    made = CliRunner().invoke(main, ["init", str(remote), "--db-url", db_url])
    assert made.exit_code == 0, made.output
    assert "supabase db pull" in made.output
    assert not (remote / "supabase" / "migrations").exists()  # the user's step, not ours
    drafted = CliRunner().invoke(main, ["--project", str(remote), "draft", "--db-url", db_url])
    assert drafted.exit_code == 0, drafted.output
    assert "tools drafted from --db-url" in drafted.output
    assert (remote / "tool_specs" / "todos.yaml").is_file()
