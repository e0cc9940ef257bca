"""`kit generate` and `kit curl`: thin commands over `kit.generator` and the cURL renderer."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kit.cli import output, project_of
from kit.errors import EXIT_PROBLEMS
from kit.project import Project


def _warn_if_stack_behind(project: Project) -> None:
    """The outputs come from a throwaway database; the stack the user runs may lag behind."""
    from rich.markup import escape

    from kit.stack.behind import pending_files, running_stack_url, warning

    url = running_stack_url(project)
    pending = pending_files(project, url) if url else None
    if pending:
        output.warn(escape(warning(pending, "the running kit stack's database")))


@click.command()
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if any output is stale.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write the outputs here instead of the project root.",
)
@click.pass_context
def generate(ctx: click.Context, check: bool, out_dir: Path | None) -> None:
    """Generate curl/, api/openapi*.json, Postman and function-calling JSON from tool_specs/.

    Column types come from the database: the project's migrations are applied to a throwaway
    embedded PostgreSQL, whose catalog is read and which is then deleted.

    \b
    Example:
        kit generate
        kit generate --check    # in CI: exit 1 naming each stale file
    """
    from kit.access import access_drift
    from kit.generator import generate as run

    project = project_of(ctx)
    _warn_if_stack_behind(project)
    result = run(project, out_dir, check=check)
    for warning in result.warnings:
        output.warn(f"{warning.message}" + (f" ({warning.hint})" if warning.hint else ""))
    # The access migration is an input (applied before the catalog is read), not an output:
    # it is reported, never rewritten; `kit access` writes a new one.
    drift = access_drift(project, result.tools)
    if drift and not check:
        output.warn(f"{drift}; run `kit access` (it writes a new migration)")
    if check:
        for path in result.stale:
            output.say(f"stale: {project.relative(path)}")
        if drift:
            output.say(f"stale: {drift}; run `kit access`")
            sys.exit(EXIT_PROBLEMS)
        if result.stale:
            output.say(f"{len(result.stale)} file(s) out of date; run `kit generate`")
            sys.exit(EXIT_PROBLEMS)
        output.say(f"{len(result.files)} files up to date ({len(result.tools)} tools)")
        return
    for path in result.written:
        output.say(f"wrote {project.relative(path)}")
    for path in result.removed:
        output.say(f"removed {project.relative(path)}")
    t = result.timings
    output.say(
        f"{len(result.tools)} tools, {len(result.files)} files, {len(result.written)} changed "
        f"in {t.total:.2f}s (catalog {t.catalog:.2f}s)"
    )


ENV_FILE = click.option(
    "--env",
    "env_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The .env with SUPABASE_URL and keys (default: the project's .env).",
)


@click.command()
@click.argument("tool_name", metavar="TOOL")
@ENV_FILE
@click.option(
    "--allow-service-role",
    is_flag=True,
    help="Allow the service_role key as the bearer: it bypasses row level security.",
)
@click.pass_context
def curl(
    ctx: click.Context, tool_name: str, env_file: Path | None, allow_service_role: bool
) -> None:
    """Print one paste-ready cURL of TOOL with the real URL and the agent's key filled in.

    The committed curl/<Tool>.sh files hold placeholders; this prints the command to paste into
    the Maker compose bar. Tool parameters stay {{placeholders}} for the agent to fill.

    \b
    Example:
        kit curl ListConversations --env .env
    """
    from kit.generator import paste_command

    project = project_of(ctx)
    output.echo(paste_command(project, tool_name, env_file, allow_service_role=allow_service_role))


@click.command("postman-env")
@ENV_FILE
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path(".kit/postman_environment.json"),
    show_default=True,
    help="Where to write it (keep it out of git: it holds keys).",
)
@click.pass_context
def postman_env(ctx: click.Context, env_file: Path | None, out_file: Path) -> None:
    """Write a Postman environment for api/postman_collection.json from .env (agent key only).

    It holds the REST URL, the anon key and the agent's key: never the service_role key, and
    never commit it (the default place, .kit/, is ignored by git).

    \b
    Example:
        kit postman-env --env .env
        npx newman run api/postman_collection.json -e .kit/postman_environment.json
    """
    from kit.generator import postman_environment

    project = project_of(ctx)
    path = out_file if out_file.is_absolute() else project.root / out_file
    postman_environment(project, path, env_file)
    output.say(f"wrote {project.relative(path)} (keys inside: do not commit it)")
