"""`kit`: thin commands over the library. Typed errors become messages and exit codes here.

Exit codes: 0 all good, 1 checks or lint found problems, 2 could not run.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kit.cli import output
from kit.cli.lazy import LazyGroup
from kit.errors import KitError
from kit.project import Project, load_project


class KitGroup(LazyGroup):
    """Turns a `KitError` anywhere below into a clean message and its exit code."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except KitError as exc:
            output.error(exc)
            sys.exit(exc.exit_code)


@click.group(cls=KitGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--project",
    "project_path",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Project folder (with supabase/config.toml). Default: the nearest one above the CWD.",
)
@click.version_option(package_name="maker-kit")
@click.pass_context
def main(ctx: click.Context, project_path: Path | None) -> None:
    """Maker Kit: Supabase as the External System of Record of Maker agents.

    \b
    The path, in order (README: "Bring your own Supabase project"):
        kit init [DIR]    start a project, or adopt a Supabase CLI project
        kit stack up      the local stack: migrations and seed applied
        kit draft         tool_specs/*.yaml drafted from the database
        kit access        the agent's grants and policies, as a migration
        kit generate      paste-ready cURL, OpenAPI, Postman, function calling
        kit verify        every tool's exact request, run and checked

    \b
    Example:
        kit lint
        kit --project examples/json-chat generate
    """
    ctx.obj = project_path


def project_of(ctx: click.Context) -> Project:
    """The project the command works on (loaded lazily so `--help` never needs one)."""
    return load_project(ctx.find_root().obj)


# Command -> (where it lives, the first line of its help): imported only when run.
COMMANDS = {
    "init": (
        "kit.cli.init:init",
        "Start a project in FOLDER, or adopt the Supabase CLI project there.",
    ),
    "lint": (
        "kit.cli.lint:lint",
        "Lint the migrations and seed files with sqlfluff (postgres dialect).",
    ),
    "stack": (
        "kit.cli.stack:stack",
        "The local Supabase-shaped stack: embedded PostgreSQL and the REST API, no Docker.",
    ),
    "keys": ("kit.cli.keys:keys", "API keys (JWTs) for the REST API."),
    "draft": (
        "kit.cli.draft:draft",
        "Draft tool_specs/*.yaml from the tables and functions of the project's database.",
    ),
    "access": (
        "kit.cli.access:access",
        "Write supabase/migrations/<timestamp>_<role>_access.sql from the tool specs.",
    ),
    "generate": (
        "kit.cli.generate:generate",
        "Generate curl/, api/openapi*.json, Postman and function-calling JSON from tool_specs/.",
    ),
    "curl": (
        "kit.cli.generate:curl",
        "Print one paste-ready cURL of TOOL with the real URL and the agent's key filled in.",
    ),
    "postman-env": (
        "kit.cli.generate:postman_env",
        "Write a Postman environment for api/postman_collection.json from .env (agent key only).",
    ),
    "verify": (
        "kit.cli.verify:verify",
        "Prove every tool works: run its exact request against a stack and check the answer.",
    ),
    "mcp": (
        "kit.cli.mcp:mcp",
        "Serve the project's tools to MCP clients (Claude Desktop, Cursor, agent platforms).",
    ),
}


def _register() -> None:
    for name, (target, help_line) in COMMANDS.items():
        main.add_lazy(name, target, help_line)


_register()
