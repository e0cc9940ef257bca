"""Target discovery: explicit values, then .env (both naming schemes), then running stacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kit.errors import TargetError
from kit.project import Project
from kit.stack.keys import LOCAL_JWT_SECRET, decode
from kit.target import resolve_target


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SUPABASE_URL", "SUPABASE_ANON_KEY", "SUPABASE_JWT_SECRET", "MAKER_AGENT_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("DOCKER_HOST", raising=False)


def write_env(project: Project, text: str) -> Path:
    project.env_file.write_text(text)
    return project.env_file


def test_supabase_names_in_env(project_copy: Project) -> None:
    write_env(
        project_copy,
        "SUPABASE_URL=https://abc.supabase.co/\n"
        "SUPABASE_PUBLISHABLE_KEY=sb_publishable_x\n"
        "SUPABASE_SECRET_KEY=sb_secret_y\n"
        f"SUPABASE_JWT_SECRET={'s' * 40}\n",
    )
    target = resolve_target(project_copy)
    assert target.api_url == "https://abc.supabase.co"
    assert target.rest_url == "https://abc.supabase.co/rest/v1"
    assert target.anon_key is not None and target.anon_key.reveal() == "sb_publishable_x"
    assert target.service_key is not None and target.service_key.reveal() == "sb_secret_y"
    assert target.agent_key is not None, "minted from the JWT secret"
    assert decode(target.agent_key, "s" * 40)["role"] == "maker_agent"
    assert "sb_" not in target.name and "abc.supabase.co" in target.name


def test_status_env_names_in_env(project_copy: Project) -> None:
    write_env(
        project_copy,
        'API_URL="http://127.0.0.1:54321"\nANON_KEY="a.b.c"\nSERVICE_ROLE_KEY="d.e.f"\n'
        f'JWT_SECRET="{LOCAL_JWT_SECRET}"\nDB_URL="postgresql://postgres:postgres@127.0.0.1:54322/postgres"\n',
    )
    target = resolve_target(project_copy)
    assert target.api_url == "http://127.0.0.1:54321"
    assert target.db_url is not None and target.db_url.reveal().endswith(":54322/postgres")
    assert target.jwt_secret is not None and target.jwt_secret.reveal() == LOCAL_JWT_SECRET
    assert "postgres:postgres" not in repr(target)


def test_explicit_values_win(project_copy: Project) -> None:
    write_env(project_copy, "SUPABASE_URL=http://a\nSUPABASE_ANON_KEY=from-env\n")
    same = resolve_target(project_copy, url="http://a", agent_key="given")
    assert same.name == "--url" and same.agent_key is not None
    assert same.agent_key.reveal() == "given"
    assert same.anon_key is not None and same.anon_key.reveal() == "from-env"
    other = resolve_target(project_copy, url="http://b", anon_key="mine")
    assert other.anon_key is not None and other.anon_key.reveal() == "mine"
    assert other.agent_key is None, "keys of another URL's .env are not borrowed"


def test_process_environment_wins_over_env_file(
    project_copy: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_env(project_copy, "SUPABASE_URL=http://from-file\nSECRET_KEY=ignored\n")
    monkeypatch.setenv("SUPABASE_URL", "http://from-shell")
    monkeypatch.setenv("SECRET_KEY", "a-django-secret")
    target = resolve_target(project_copy)
    assert target.api_url == "http://from-shell"
    assert target.service_key is not None and target.service_key.reveal() == "ignored"


def test_nothing_usable_raises_with_hint(project_copy: Project) -> None:
    with pytest.raises(TargetError) as caught:
        resolve_target(project_copy)
    assert "kit stack up" in (caught.value.hint or "")


def test_missing_explicit_env_file_is_an_error(project_copy: Project) -> None:
    with pytest.raises(TargetError) as caught:
        resolve_target(project_copy, env_file=project_copy.root / ".env.hosted")
    assert ".env.hosted" in caught.value.message


def fake_supabase_cli(project: Project, script: str) -> None:
    """A stand-in for `node_modules/.bin/supabase`: a real `supabase start` needs Docker, which
    this machine lacks; what is under test is how its `status -o json` answer is read."""
    cli = project.root / "node_modules" / ".bin" / "supabase"
    cli.parent.mkdir(parents=True)
    cli.write_text("#!/bin/sh\n" + script)
    cli.chmod(0o755)


def test_running_supabase_start_stack_is_found(
    project_copy: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOCKER_HOST", "tcp://127.0.0.1:1")
    status = {
        "API_URL": "http://127.0.0.1:54321",
        "REST_URL": "http://127.0.0.1:54321/rest/v1",
        "DB_URL": "postgresql://postgres:postgres@127.0.0.1:54322/postgres",
        "PUBLISHABLE_KEY": "sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH",
        "SECRET_KEY": "sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz",
        "JWT_SECRET": LOCAL_JWT_SECRET,
        "ANON_KEY": "a.b.c",
        "SERVICE_ROLE_KEY": "d.e.f",
    }
    fake_supabase_cli(project_copy, f"cat <<'EOF'\n{json.dumps(status, indent=2)}\nEOF\n")
    target = resolve_target(project_copy)
    assert target.name == "supabase start"
    assert target.anon_key is not None and target.anon_key.reveal() == "a.b.c"
    assert target.agent_key is not None
    assert decode(target.agent_key, LOCAL_JWT_SECRET)["role"] == "maker_agent"


def test_silent_supabase_cli_falls_through(
    project_copy: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOCKER_HOST", "tcp://127.0.0.1:1")
    fake_supabase_cli(project_copy, "echo 'Cannot connect to the Docker daemon' >&2; exit 1\n")
    with pytest.raises(TargetError):
        resolve_target(project_copy)
