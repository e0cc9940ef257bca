"""`kit access`: the agent's least-privilege access as a migration, from the tool specs."""

from __future__ import annotations

import click

from kit.cli import output, project_of


@click.command()
@click.option(
    "--identity",
    "mode",
    type=click.Choice(["service", "user"]),
    default=None,
    help="service: a role of its own; user: acts for one user (JWT sub). Saved in kit.toml.",
)
@click.option(
    "--role",
    default=None,
    help="The agent's database role (service: maker_agent; "
    "user: authenticated). Saved in kit.toml.",
)
@click.option("--sub", default=None, help="identity user: the user id verify and curl act for.")
@click.option(
    "--db-url",
    default=None,
    help="Read this database (read-only) instead of the local stack or a throwaway one.",
)
@click.pass_context
def access(
    ctx: click.Context,
    mode: str | None,
    role: str | None,
    sub: str | None,
    db_url: str | None,
) -> None:
    """Write supabase/migrations/<timestamp>_<role>_access.sql from the tool specs.

    It creates the agent role if missing (granted to authenticator), grants exactly the tables,
    columns and functions the tools use and nothing else, and adds RLS policies for review
    (service identity) or lists the schema's policies that apply (acting for a user, whose JWT
    carries `sub` and the role `authenticated`, so auth.uid() policies apply unchanged).
    A newer run writes a new migration; an applied one is never edited.

    \b
    Example:
        kit access                                  # service identity, role maker_agent
        kit access --identity user --sub 6f1c...    # act for one user under auth.uid() policies
    """
    from kit.access import write_access
    from kit.access.identity import DEFAULT_ROLE, Identity, load_identity, save_identity

    project = project_of(ctx)
    identity = load_identity(project)
    if mode or role or sub:
        mode = mode or identity.mode
        default_role = identity.role if mode == identity.mode else DEFAULT_ROLE[mode]
        identity = Identity(role or default_role, mode, sub or identity.sub)
        output.say(f"wrote {project.relative(save_identity(project, identity))}")
    result = write_access(project, identity, db_url)
    for warning in result.warnings:
        output.warn(warning)
    if result.path is None and result.current is not None:
        output.say(f"{project.relative(result.current)} is up to date ({result.tools} tools)")
        return
    assert result.path is not None
    output.say(
        f"wrote {project.relative(result.path)} ({result.tools} tools, role {identity.role})"
    )
    output.say("next: review its policies, then `kit stack up` (local) or `supabase db push`")
