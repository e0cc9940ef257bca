"""`kit lint`."""

from __future__ import annotations

import click

from kit.cli import output, project_of
from kit.errors import EXIT_PROBLEMS
from kit.lint import lint_project


@click.command()
@click.option("--fix", is_flag=True, help="Let sqlfluff rewrite what it can fix.")
@click.pass_context
def lint(ctx: click.Context, fix: bool) -> None:
    """Lint the migrations and seed files with sqlfluff (postgres dialect).

    Findings print as file:line:column: CODE message. Exit code 1 when there are findings.

    \b
    Example:
        kit lint
        kit lint --fix
    """
    project = project_of(ctx)
    findings = lint_project(project, fix=fix)
    for finding in findings:
        output.echo(str(finding))
    if findings:
        output.warn(f"{len(findings)} finding(s); fix them or run `kit lint --fix`")
        ctx.exit(EXIT_PROBLEMS)
    output.say(f"[green]clean:[/green] {project.relative(project.migrations_dir)} and seed files")
