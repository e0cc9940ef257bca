"""`kit keys mint`: a least-privilege API key signed with the project's JWT secret."""

from __future__ import annotations

import click

from kit.cli import output, project_of
from kit.errors import KitError
from kit.project import Project
from kit.stack.keys import AGENT_ROLE, LOCAL_JWT_SECRET, mint, parse_duration, project_jwt_secret
from kit.target import from_env


@click.group()
def keys() -> None:
    """API keys (JWTs) for the REST API.

    \b
    Example:
        kit keys mint --role maker_agent --exp 365d
    """


@keys.command("mint")
@click.option("--role", default=AGENT_ROLE, show_default=True, help="The database role.")
@click.option("--exp", "lifetime", default="365d", show_default=True, help="30m, 12h, 365d, 1y.")
@click.option(
    "--claim",
    "claims",
    multiple=True,
    metavar="NAME=VALUE",
    help="An extra claim (repeatable), e.g. --claim sub=agent-1.",
)
@click.pass_context
def mint_key(ctx: click.Context, role: str, lifetime: str, claims: tuple[str, ...]) -> None:
    """Print a JWT for ROLE signed with the configured JWT secret (HS256).

    The secret is, in order: [auth] jwt_secret in supabase/config.toml, SUPABASE_JWT_SECRET in
    .env (a hosted project's: Settings > API > JWT secret), else the well-known local secret.
    Only the key goes to stdout; where the secret came from goes to stderr.

    \b
    Example:
        kit keys mint --role maker_agent --exp 365d
        echo "MAKER_AGENT_KEY=$(kit keys mint)" >> .env
    """
    secret, source = configured_secret(project_of(ctx))
    token = mint(secret, role, exp=parse_duration(lifetime), extra_claims=_claims(claims))
    output.note(f"signed for role {role} with the JWT secret from {source}, valid {lifetime}")
    output.echo(token)


def configured_secret(project: Project) -> tuple[str, str]:
    """The JWT secret to sign with and where it came from (never the value)."""
    if project.jwt_secret:
        return project_jwt_secret(project), "supabase/config.toml [auth] jwt_secret"
    from_dotenv = from_env(project.env_file).get("jwt_secret")
    if from_dotenv:
        return from_dotenv, ".env SUPABASE_JWT_SECRET"
    return LOCAL_JWT_SECRET, "the well-known local stack (supabase start / kit stack)"


def _claims(pairs: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise KitError(f"invalid claim {pair!r}", hint="write it as NAME=VALUE: sub=agent-1")
        out[name] = value
    return out
