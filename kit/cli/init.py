"""`kit init`: start a project, or adopt a Supabase CLI project."""

from __future__ import annotations

from pathlib import Path

import click

from kit.cli import output


@click.command()
@click.argument(
    "folder", type=click.Path(file_okay=False, path_type=Path), default=Path("."), required=False
)
@click.option(
    "--db-url",
    default=None,
    help="A database (e.g. a hosted project's) to draft "
    "tools from when there is no supabase/ folder.",
)
def init(folder: Path, db_url: str | None) -> None:
    """Start a project in FOLDER, or adopt the Supabase CLI project there.

    An empty folder gets supabase/config.toml as `supabase init` writes it, an example table
    (migration and seed), its tool specs and access migration, .gitignore (.env, .kit/, the
    signing keys) and a README block. A folder with supabase/config.toml keeps its migrations;
    it gets tool_specs/ and the .gitignore lines. With --db-url and no supabase/ folder, the
    project is made around that database (`supabase db pull` is your step if you want its
    schema as migrations).

    \b
    Example:
        kit init my-agent && cd my-agent && kit stack up && kit verify
        kit init                        # in a Supabase CLI project: adopt it
        kit init --db-url "$SUPABASE_DB_URL"
    """
    from kit.scaffold import init_project

    result = init_project(folder, db_url=db_url)
    words = {"new": "started", "adopted": "adopted", "remote": "made around --db-url"}
    for path in result.created:
        output.say(f"wrote {path}")
    output.say(f"project {words[result.kind]}: {folder}; next:")
    for step in result.next_steps:
        output.say(f"  {step}")
