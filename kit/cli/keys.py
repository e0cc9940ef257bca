"""`kit keys`: the agent's API key (JWT), signed with the project's signing key or JWT secret."""

from __future__ import annotations

import click

from kit.cli import output, project_of
from kit.errors import KitError
from kit.project import Project
from kit.stack.keys import LOCAL_JWT_SECRET, parse_duration, project_jwt_secret
from kit.target import from_env


@click.group()
def keys() -> None:
    """API keys (JWTs) for the REST API.

    \b
    Example:
        kit keys new                      # an ES256 signing key for the project
        kit keys mint --exp 365d          # the agent's key, for the identity in kit.toml
        kit keys mint --sub 6f1c...       # acting for one user
    """


@keys.command("mint")
@click.option("--role", default=None, help="The database role (default: kit.toml's agent role).")
@click.option("--sub", default=None, help="Act for this user: the JWT's `sub` (auth.uid()).")
@click.option("--hs256", is_flag=True, help="Sign with the legacy JWT secret, not a signing key.")
@click.option("--exp", "lifetime", default="365d", show_default=True, help="30m, 12h, 365d, 1y.")
@click.option(
    "--claim",
    "claims",
    multiple=True,
    metavar="NAME=VALUE",
    help="An extra claim (repeatable), e.g. --claim sub=agent-1.",
)
@click.pass_context
def mint_key(
    ctx: click.Context,
    role: str | None,
    sub: str | None,
    hs256: bool,
    lifetime: str,
    claims: tuple[str, ...],
) -> None:
    """Print the agent's JWT: the role (and `sub`) of kit.toml's identity unless given.

    Signed with the project's first signing key (ES256, its `kid` in the header; `kit keys
    new`) when it has one, else with the JWT secret: [auth] jwt_secret in supabase/config.toml,
    SUPABASE_JWT_SECRET in .env (a hosted project's legacy secret), else the well-known local
    one. Only the key goes to stdout; how it was signed goes to stderr.

    \b
    Example:
        kit keys mint --exp 365d
        kit keys mint --role authenticated --sub 6f1c0b2e-0000-4000-8000-000000000001
        echo "MAKER_AGENT_KEY=$(kit keys mint)" >> .env
    """
    from dataclasses import replace

    from kit.access.identity import USER, agent_token, load_identity

    project = project_of(ctx)
    identity = load_identity(project)
    if role:
        identity = replace(identity, role=role)
    if sub:
        identity = replace(identity, mode=USER, sub=sub)
    secret, source = configured_secret(project)
    minted = agent_token(
        project, identity, secret, parse_duration(lifetime), _claims(claims), hs256=hs256
    )
    assert minted is not None  # a secret is always known: the local one at worst
    token, how = minted
    how = f"{how} from {source}" if how == "the JWT secret" else how
    who = f" acting for {identity.sub}" if identity.sub else ""
    output.note(f"signed for role {identity.role}{who} with {how}, valid {lifetime}")
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


@keys.command("new")
@click.pass_context
def new_key(ctx: click.Context) -> None:
    """Create an ES256 signing key for the project and say where its parts go.

    The private JWK is appended to the file `[auth] signing_keys_path` names (set to
    ./signing_keys.json in supabase/config.toml if unset, as `supabase gen signing-key` advises)
    and that file is git-ignored. The local stack (and `supabase start`) then accept tokens it
    signs; import it into the hosted project so the platform does too. Only the public JWK is
    printed.

    \b
    Example:
        kit keys new && kit stack down && kit stack up && kit keys mint
    """
    from kit.stack.signing_setup import add_signing_key

    project = project_of(ctx)
    added = add_signing_key(project)
    for line in added.changes:
        output.say(line)
    output.say("public JWK (what the project's JWKS will list):")
    output.echo(added.public_jwk)
    output.say(
        f"hosted project: Dashboard > Project Settings > JWT Keys > Create standby key > Import "
        f"an existing private key: paste the key with kid {added.kid} from "
        f"{project.relative(added.path)}, then rotate it to current. Keep that file out of git."
    )
    output.say("local stack: restart it (`kit stack down && kit stack up`) to load the key.")
