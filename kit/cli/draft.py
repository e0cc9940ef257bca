"""`kit draft`: tool specs drafted from the project's database."""

from __future__ import annotations

import click

from kit.cli import output, project_of


@click.command()
@click.option("--table", "tables", multiple=True, metavar="NAME", help="Draft this table.")
@click.option("--function", "functions", multiple=True, metavar="NAME", help="Draft this RPC.")
@click.option("--db-url", default=None, help="Read this database (read-only).")
@click.option("--force", is_flag=True, help="Replace specs even where a person edited them.")
@click.option(
    "--identity",
    "mode",
    type=click.Choice(["service", "user"]),
    default=None,
    help="Who the agent is (saved in kit.toml; see `kit access`).",
)
@click.option("--sub", default=None, help="identity user: the user whose rows give examples.")
@click.pass_context
def draft(
    ctx: click.Context,
    tables: tuple[str, ...],
    functions: tuple[str, ...],
    db_url: str | None,
    force: bool,
    mode: str | None,
    sub: str | None,
) -> None:
    """Draft tool_specs/*.yaml from the tables and functions of the project's database.

    Per table: List (filters on foreign keys and indexed columns), Get by primary key, Create
    (required = NOT NULL without a default), Update of the non-key columns; per function an
    RPC tool. Descriptions from COMMENT ON, else plain words; examples from existing rows.
    Reads the running local stack, --db-url, or a throwaway copy of the migrations and seed.
    A spec a person edited is never overwritten (--force to replace it).

    \b
    Example:
        kit draft
        kit draft --table todos --function search_todos
        kit draft --db-url "$SUPABASE_DB_URL"
    """
    from kit.access.identity import DEFAULT_ROLE, Identity, load_identity, save_identity
    from kit.draft import draft as run

    project = project_of(ctx)
    identity = load_identity(project)
    if mode or sub:
        mode = mode or identity.mode
        role = identity.role if mode == identity.mode else DEFAULT_ROLE[mode]
        identity = Identity(role, mode, sub or identity.sub)
        output.say(f"wrote {project.relative(save_identity(project, identity))}")
    result = run(project, identity, tables=tables, functions=functions, db_url=db_url, force=force)
    for path in result.written:
        output.say(f"wrote {project.relative(path)}")
    for path in result.kept:
        output.warn(f"kept {project.relative(path)}: edited by hand (--force replaces it)")
    for note in result.notes:
        output.note(note)
    output.say(f"{result.tools} tools drafted from {result.source}; next: `kit access`")
