"""`kit lint`: the repository is clean, and a finding names file, line and column."""

from __future__ import annotations

from click.testing import CliRunner

from kit.cli import main
from kit.lint import lint_project
from kit.project import Project

from .conftest import ROOT


def test_repository_is_lint_clean() -> None:
    result = CliRunner().invoke(main, ["--project", str(ROOT), "lint"])
    assert result.exit_code == 0, result.output


def test_finding_names_file_line_and_column(project_copy: Project) -> None:
    bad = project_copy.migrations_dir / "20991231000000_shouting.sql"
    bad.write_text("-- ok\nCREATE TABLE public.loud (id INT);\n")
    findings = lint_project(project_copy)
    assert findings, "upper-case keywords are a finding"
    first = findings[0]
    assert first.path == "supabase/migrations/20991231000000_shouting.sql"
    assert (first.line, first.column) == (2, 1)
    assert first.code == "CP01"
    result = CliRunner().invoke(main, ["--project", str(project_copy.root), "lint"])
    assert result.exit_code == 1
    assert "supabase/migrations/20991231000000_shouting.sql:2:1: CP01" in result.output
