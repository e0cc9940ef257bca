"""`kit verify`: run every tool's exact request against a stack and check what comes back."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kit.cli import output, project_of
from kit.errors import EXIT_OK, EXIT_PROBLEMS

FILE = click.Path(dir_okay=False, path_type=Path)


@click.command()
@click.option("--env", "env_file", type=FILE, help="The .env with SUPABASE_URL and keys.")
@click.option("--url", help="API URL of the stack (without /rest/v1).")
@click.option("--anon-key", help="The anon (publishable) key the tools send as apikey.")
@click.option("--agent-key", help="The maker_agent key the tools send as bearer.")
@click.option("--service-key", help="The service_role key verify reads back and cleans up with.")
@click.option("--tool", "tools", multiple=True, metavar="NAME", help="Verify this tool only.")
@click.option("--table", "tables", multiple=True, metavar="NAME", help="Only this table's tools.")
@click.option("--fail-fast", is_flag=True, help="Stop starting tools after the first failure.")
@click.option("--json", "json_file", type=FILE, help="Also write the report as JSON here.")
@click.option("--junit", "junit_file", type=FILE, help="Also write JUnit XML here (for CI).")
@click.option(
    "--concurrency",
    type=click.IntRange(1, 64),
    default=8,
    show_default=True,
    help="Tools in flight at once (1: one after the other).",
)
@click.pass_context
def verify(
    ctx: click.Context,
    env_file: Path | None,
    url: str | None,
    anon_key: str | None,
    agent_key: str | None,
    service_key: str | None,
    tools: tuple[str, ...],
    tables: tuple[str, ...],
    fail_fast: bool,
    json_file: Path | None,
    junit_file: Path | None,
    concurrency: int,
) -> None:
    """Prove every tool works: run its exact request against a stack and check the answer.

    Per tool: the status PostgREST returns for the operation, the body against the documented
    schema, filters, limit and order, writes read back with the service key, and the same
    request refused without a key and with the anon key. Rows verify creates are removed and
    row counts compared. Target: --url/keys, else .env, else a `supabase start` stack, else
    the kit's own stack (started if not running). Exit 0 all green, 1 a check failed, 2 could
    not run.

    \b
    Example:
        kit verify
        kit verify --tool SaveMessage --fail-fast
        kit verify --env .env.hosted --junit reports/verify.xml
    """
    from kit.target import resolve_target
    from kit.verify import Options, verify_project
    from kit.verify.report import Handler
    from kit.verify.report.console import ConsoleReport
    from kit.verify.report.json import JsonReport
    from kit.verify.report.junit import JUnitReport

    project = project_of(ctx)
    target = resolve_target(
        project,
        url=url,
        anon_key=anon_key,
        agent_key=agent_key,
        service_key=service_key,
        env_file=env_file,
        start=True,
    )
    if target.db_url is not None:  # checks against an old schema would mislead
        from rich.markup import escape

        from kit.stack.behind import pending_files, warning

        pending = pending_files(project, target.db_url.reveal())
        if pending:
            output.warn(escape(warning(pending, "the target database")))
    handlers: list[Handler] = [ConsoleReport(output.console)]
    handlers += [JsonReport(json_file)] if json_file else []
    handlers += [JUnitReport(junit_file)] if junit_file else []
    options = Options(fail_fast=fail_fast, concurrency=concurrency)
    final = verify_project(
        project, target, tools=tools, tables=tables, options=options, handlers=handlers
    )
    sys.exit(EXIT_OK if final.passed else EXIT_PROBLEMS)
