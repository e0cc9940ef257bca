"""SQL lint: sqlfluff (postgres dialect, the project's `.sqlfluff`) over migrations and seeds."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlfluff.core import FluffConfig, Linter

from kit.errors import LintError
from kit.project import Project


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    column: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.code} {self.message}"


def lint_files(project: Project) -> list[Path]:
    return project.migration_files() + project.seed_files()


def lint_project(project: Project, *, fix: bool = False) -> list[Finding]:
    """Every finding in the project's SQL, sorted by file and position."""
    try:
        # Supabase is PostgreSQL: the dialect is fixed; rules come from the project's .sqlfluff.
        config = FluffConfig.from_path(str(project.root), overrides={"dialect": "postgres"})
    except Exception as exc:  # sqlfluff raises its own config errors; name the file
        raise LintError(f"invalid sqlfluff configuration: {exc}", hint="check .sqlfluff") from exc
    linter = Linter(config=config)
    paths = [str(p) for p in lint_files(project)]
    result = linter.lint_paths(tuple(paths), fix=fix, apply_fixes=fix)
    findings = []
    for linted in (f for path in result.paths for f in path.files):
        for violation in linted.get_violations():
            findings.append(
                Finding(
                    project.relative(Path(linted.path)),
                    violation.line_no,
                    violation.line_pos,
                    violation.rule_code(),
                    violation.desc(),
                )
            )
    return sorted(findings, key=lambda f: (f.path, f.line, f.column))
