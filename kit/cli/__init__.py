"""`kit`: thin commands over the library. Typed errors become messages and exit codes here.

Exit codes: 0 all good, 1 checks or lint found problems, 2 could not run.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kit.cli import output
from kit.errors import KitError
from kit.project import Project, load_project


class KitGroup(click.Group):
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
    Example:
        kit lint
        kit --project examples/json-chat generate
    """
    ctx.obj = project_path


def project_of(ctx: click.Context) -> Project:
    """The project the command works on (loaded lazily so `--help` never needs one)."""
    return load_project(ctx.find_root().obj)


def _register() -> None:
    from kit.cli.generate import curl, generate
    from kit.cli.keys import keys
    from kit.cli.lint import lint
    from kit.cli.stack import stack
    from kit.cli.verify import verify

    main.add_command(lint)
    main.add_command(stack)
    main.add_command(keys)
    main.add_command(generate)
    main.add_command(curl)
    main.add_command(verify)


_register()
