"""`kit stack status -o env` writes lines as the Supabase CLI does (godotenv.Marshal)."""

from __future__ import annotations

from kit.cli.stack import _env_line, env_text
from kit.stack.keys import LOCAL_JWT_SECRET, StackKeys
from kit.stack.stack import StackInfo


def test_lines_are_sorted_quoted_and_complete() -> None:
    keys = StackKeys.for_secret(LOCAL_JWT_SECRET)
    info = StackInfo(
        api_url="http://127.0.0.1:54321",
        db_url="postgresql://postgres:postgres@127.0.0.1:54322/postgres",
        jwt_secret=keys.jwt_secret,
        anon_key=keys.anon_key,
        service_role_key=keys.service_role_key,
        publishable_key=keys.publishable_key,
        secret_key=keys.secret_key,
        agent_key=keys.agent_key,
    )
    lines = env_text(info).splitlines()
    assert lines == sorted(lines)
    assert [line.split("=", 1)[0] for line in lines] == [
        "ANON_KEY", "API_URL", "DB_URL", "JWT_SECRET",
        "PUBLISHABLE_KEY", "REST_URL", "SECRET_KEY", "SERVICE_ROLE_KEY",
    ]  # fmt: skip
    assert 'REST_URL="http://127.0.0.1:54321/rest/v1"' in lines
    assert f'JWT_SECRET="{LOCAL_JWT_SECRET}"' in lines
    assert "MAKER_AGENT_KEY" not in env_text(info), "only what `supabase status` prints"


def test_special_characters_are_escaped_like_godotenv() -> None:
    assert _env_line("K", 'a\\b"c!d$e`f\ng') == 'K="a\\\\b\\"c\\!d\\$e\\`f\\ng"'
    assert _env_line("PORT", "54321") == "PORT=54321"
