"""`kit generate`: all outputs written, byte-identical runs, `--check` naming each stale file,
nothing written on error; `kit curl` filling in the target and refusing the service_role key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kit.catalog import Catalog
from kit.cli import main
from kit.errors import SpecError, TargetError
from kit.generator import generate, paste_command
from kit.project import Project, load_project
from kit.stack.keys import LOCAL_JWT_SECRET, mint
from tests.model.conftest import flagship_catalog, flagship_tools

__all__ = ["flagship_catalog", "flagship_tools"]

ROOT = Path(__file__).resolve().parent.parent
OUTPUTS = {
    "api/openapi.json",
    "api/openapi-3.0.json",
    "api/postman_collection.json",
    "api/openai_tools.json",
    "api/anthropic_tools.json",
    "curl/README.md",
}


@pytest.fixture
def project(tmp_path: Path) -> Project:
    root = tmp_path / "project"
    (root / "supabase").mkdir(parents=True)
    shutil.copy(ROOT / "supabase" / "config.toml", root / "supabase" / "config.toml")
    shutil.copytree(ROOT / "tool_specs", root / "tool_specs")
    return load_project(root)


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for folder in ("api", "curl")
        for p in sorted((root / folder).rglob("*"))
        if p.is_file()
    }


def test_writes_every_output_and_runs_are_byte_identical(
    project: Project, flagship_catalog: Catalog
) -> None:
    first = generate(project, catalog=flagship_catalog)
    rels = {project.relative(p) for p in first.files}
    assert OUTPUTS <= rels
    assert {f"curl/{t.name}.sh" for t in first.tools} <= rels
    assert set(first.written) == set(first.files)
    before = snapshot(project.root)
    second = generate(project, catalog=flagship_catalog)
    assert second.written == () and snapshot(project.root) == before
    assert generate(project, catalog=flagship_catalog, check=True).ok


def test_committed_outputs_match_a_fresh_generation(
    tmp_path: Path, flagship_catalog: Catalog
) -> None:
    result = generate(load_project(ROOT), tmp_path, catalog=flagship_catalog)
    assert snapshot(tmp_path) == snapshot(ROOT)  # the same files, byte for byte
    for name, data in snapshot(ROOT).items():  # placeholders only, never a key
        assert (
            b"eyJ" not in data and b"sb_secret_" not in data and b"sb_publishable_" not in data
        ), name
    assert len(result.files) == len(snapshot(tmp_path))


def test_check_names_stale_missing_and_orphan_files(
    project: Project, flagship_catalog: Catalog
) -> None:
    generate(project, catalog=flagship_catalog)
    root = project.root
    (root / "api" / "openapi.json").write_text("{}\n")
    (root / "curl" / "GetMessages.sh").unlink()
    (root / "curl" / "OldTool.sh").write_text("curl 'https://example.com'\n")
    result = generate(project, catalog=flagship_catalog, check=True)
    assert {project.relative(p) for p in result.stale} == {
        "api/openapi.json",
        "curl/GetMessages.sh",
        "curl/OldTool.sh",
    }
    assert (root / "api" / "openapi.json").read_text() == "{}\n"  # --check writes nothing
    fixed = generate(project, catalog=flagship_catalog)
    assert project.relative(root / "curl" / "OldTool.sh") in {
        project.relative(p) for p in fixed.removed
    }
    assert generate(project, catalog=flagship_catalog, check=True).ok


def test_nothing_is_written_on_error(project: Project, flagship_catalog: Catalog) -> None:
    spec = project.tool_specs_dir / "conversations.yaml"
    spec.write_text(spec.read_text().replace("select: [id, title,", "select: [id, titel,"))
    with pytest.raises(SpecError) as caught:
        generate(project, catalog=flagship_catalog)
    assert "did you mean `title`?" in str(caught.value)
    assert not (project.root / "api").exists() and not (project.root / "curl").exists()


def test_cli_check_on_the_repository_from_a_cold_start() -> None:
    """The real thing: a throwaway PostgreSQL, the migrations, the catalog, every renderer."""
    result = CliRunner().invoke(main, ["--project", str(ROOT), "generate", "--check"])
    assert result.exit_code == 0, result.output
    assert "files up to date" in result.output


def test_cli_check_exits_1_naming_stale_files(project: Project, flagship_catalog: Catalog) -> None:
    generate(project, catalog=flagship_catalog)
    (project.root / "curl" / "README.md").write_text("old\n")
    (project.root / "supabase" / "migrations").mkdir()
    for sql in sorted((ROOT / "supabase" / "migrations").glob("*.sql")):
        shutil.copy(sql, project.root / "supabase" / "migrations" / sql.name)
    result = CliRunner().invoke(main, ["--project", str(project.root), "generate", "--check"])
    assert result.exit_code == 1
    assert "stale: curl/README.md" in result.output


def test_cli_reports_every_spec_error_with_exit_2(project: Project) -> None:
    spec = project.tool_specs_dir / "conversations.yaml"
    spec.write_text(
        spec.read_text().replace("titel", "x").replace("select: [id, title,", "select: [id, titel,")
    )
    (project.tool_specs_dir / "broken.yaml").write_text("table: [\n")
    (project.root / "supabase" / "migrations").mkdir()
    for sql in sorted((ROOT / "supabase" / "migrations").glob("*.sql")):
        shutil.copy(sql, project.root / "supabase" / "migrations" / sql.name)
    result = CliRunner().invoke(main, ["--project", str(project.root), "generate"])
    assert result.exit_code == 2
    assert "tool_specs/broken.yaml:2:1: YAML syntax error" in result.output.replace(
        str(project.root) + "/", ""
    )
    assert "unknown column `titel` in table conversations — did you mean `title`?" in result.output


def env_file(tmp_path: Path, **values: str) -> Path:
    path = tmp_path / "test.env"
    path.write_text("".join(f"{k}={v}\n" for k, v in values.items()))
    return path


def test_kit_curl_fills_url_and_keys(tmp_path: Path, flagship_catalog: Catalog) -> None:
    agent = mint(LOCAL_JWT_SECRET, "maker_agent")
    env = env_file(
        tmp_path,
        SUPABASE_URL="http://127.0.0.1:54321",
        SUPABASE_ANON_KEY="anon-key",
        MAKER_AGENT_KEY=agent,
    )
    text = paste_command(load_project(ROOT), "SaveMessage", env, catalog=flagship_catalog)
    # the committed files' shape: --globoff kept although no {{...}} is left in the URL
    assert text.startswith(
        "curl --location --globoff --request POST 'http://127.0.0.1:54321/rest/v1/messages?"
    )
    assert "--header 'apikey: anon-key'" in text
    assert f"--header 'Authorization: Bearer {agent}'" in text
    assert '"{{content}}"' in text  # parameters stay for the agent to fill


def test_kit_curl_refuses_the_service_role_key_unless_allowed(
    tmp_path: Path, flagship_catalog: Catalog
) -> None:
    service = mint(LOCAL_JWT_SECRET, "service_role")
    env = env_file(
        tmp_path,
        SUPABASE_URL="http://127.0.0.1:54321",
        SUPABASE_ANON_KEY="anon-key",
        SUPABASE_SERVICE_ROLE_KEY=service,
        MAKER_AGENT_KEY=service,
    )
    project = load_project(ROOT)
    with pytest.raises(TargetError) as caught:
        paste_command(project, "ListConversations", env, catalog=flagship_catalog)
    assert "bypasses row level security" in caught.value.message
    assert "--allow-service-role" in (caught.value.hint or "")
    text = paste_command(
        project, "ListConversations", env, allow_service_role=True, catalog=flagship_catalog
    )
    assert f"Bearer {service}" in text


def test_kit_curl_cli(tmp_path: Path) -> None:
    env = env_file(
        tmp_path,
        SUPABASE_URL="http://127.0.0.1:54321",
        SUPABASE_ANON_KEY="anon-key",
        SUPABASE_JWT_SECRET=LOCAL_JWT_SECRET,
    )
    runner = CliRunner()
    ok = runner.invoke(main, ["--project", str(ROOT), "curl", "GetPreferences", "--env", str(env)])
    assert ok.exit_code == 0, ok.output
    assert ok.output.startswith(
        "curl --location --globoff 'http://127.0.0.1:54321/rest/v1/user_preferences?"
    )
    assert f"Bearer {mint(LOCAL_JWT_SECRET, 'maker_agent')}" in ok.output
    typo = runner.invoke(main, ["--project", str(ROOT), "curl", "GetPreference", "--env", str(env)])
    assert typo.exit_code == 2 and "did you mean `GetPreferences`?" in typo.output
