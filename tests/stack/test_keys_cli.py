"""`kit keys mint` signs with the configured secret: config.toml, then .env, then the local one."""

from __future__ import annotations

from click.testing import CliRunner

from kit.cli import main
from kit.project import Project
from kit.stack.keys import LOCAL_JWT_SECRET, decode


def mint(project: Project, *args: str) -> tuple[str, str]:
    result = CliRunner().invoke(main, ["--project", str(project.root), "keys", "mint", *args])
    assert result.exit_code == 0, result.output
    return result.stdout.strip(), result.stderr


def test_mints_a_maker_agent_key_with_the_local_secret(project_copy: Project) -> None:
    token, note = mint(project_copy)
    claims = decode(token, LOCAL_JWT_SECRET)
    assert claims["role"] == "maker_agent"
    assert "well-known local" in note and LOCAL_JWT_SECRET not in note


def test_env_secret_and_lifetime_and_claims(project_copy: Project) -> None:
    hosted = "h" * 48
    project_copy.env_file.write_text(f"SUPABASE_JWT_SECRET={hosted}\n")
    token, note = mint(project_copy, "--role", "reader", "--exp", "1h", "--claim", "sub=agent-7")
    claims = decode(token, hosted)
    assert (claims["role"], claims["sub"]) == ("reader", "agent-7")
    assert ".env SUPABASE_JWT_SECRET" in note and hosted not in note


def test_config_secret_wins(project_copy: Project) -> None:
    config = project_copy.supabase_dir / "config.toml"
    text = config.read_text().replace("[auth]\n", '[auth]\njwt_secret = "env(MY_JWT)"\n', 1)
    config.write_text(text)
    project_copy.env_file.write_text(f"MY_JWT={'c' * 40}\nSUPABASE_JWT_SECRET={'h' * 40}\n")
    token, _ = mint(project_copy)
    assert decode(token, "c" * 40)["role"] == "maker_agent"


def test_bad_duration_exits_2_with_a_hint(project_copy: Project) -> None:
    result = CliRunner().invoke(
        main, ["--project", str(project_copy.root), "keys", "mint", "--exp", "soon"]
    )
    assert result.exit_code == 2
    assert "invalid duration 'soon'" in result.stderr and "365d" in result.stderr
