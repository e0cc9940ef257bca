"""`kit stack up | down | status | reset | logs`: the local stack, with no Docker."""

from __future__ import annotations

import gc
import json
import re
import sys
from typing import TYPE_CHECKING

import click

from kit.cli import output, project_of
from kit.errors import StackError

if TYPE_CHECKING:  # the stack pulls in psycopg, pglast and httpx: load them only when used
    from kit.project import Project
    from kit.stack.pending import Provisioned
    from kit.stack.stack import Stack, StackInfo

PORT = click.IntRange(1, 65535)


def _stack(ctx: click.Context, api_port: int | None = None, db_port: int | None = None) -> Stack:
    from kit.stack.stack import Stack

    return Stack(project_of(ctx), api_port=api_port, db_port=db_port)


@click.group()
def stack() -> None:
    """The local Supabase-shaped stack: embedded PostgreSQL and the REST API, no Docker.

    Ports and keys follow `supabase start` (API 54321, database 54322, the well-known local
    keys), so one .env serves both. State lives in the git-ignored .kit/ folder.

    \b
    Example:
        kit stack up
        kit stack status -o env > .env
        kit stack down
    """


@stack.result_callback()
def _done(*_: object, **__: object) -> None:
    # The process exits next: with the heap frozen, the interpreter's closing garbage
    # collections skip psycopg's and the kit's objects (~0.1 s of the `up` the user waits for).
    gc.freeze()


API_PORT = click.option(
    "--api-port",
    type=PORT,
    help="Port of the REST API. Default: the running stack's, else [api] port (54321).",
)
DB_PORT = click.option(
    "--db-port",
    type=PORT,
    help="Port of the database. Default: the running stack's, else [db] port (54322).",
)


@stack.command()
@API_PORT
@DB_PORT
@click.pass_context
def up(ctx: click.Context, api_port: int | None, db_port: int | None) -> None:
    """Start the database and the REST API in the background; on a running stack, apply the
    new migrations (as `supabase migration up`).

    The first start creates the database, then applies the Supabase baseline, the migrations
    and the seed; later starts and `up` on a running stack apply only new migrations (a
    changed seed loads with `kit stack reset`).

    \b
    Example:
        kit stack up
        kit stack up --api-port 8000 --db-port 8001
    """
    local = _stack(ctx, api_port, db_port)
    done = local.up(meanwhile=output.prepare)  # rich loads while the gateway starts
    if done.already_running:
        output.note("the stack is already running")
    _report(done, local.project)
    output.say(f"[green]up:[/green] API {local.api_url}  database 127.0.0.1:{local.db_port}")


@stack.command()
@click.pass_context
def down(ctx: click.Context) -> None:
    """Stop the REST API and the database; the data stays for the next `up`.

    \b
    Example:
        kit stack down
    """
    _stack(ctx).down()
    output.say("[green]down:[/green] no stack process left")


@stack.command()
@click.option(
    "-o",
    "--output",
    "fmt",
    type=click.Choice(["pretty", "env", "json"]),
    default="pretty",
    help="env and json print what `supabase status -o env|json` prints, keys included.",
)
@click.pass_context
def status(ctx: click.Context, fmt: str) -> None:
    """Show whether the stack runs, its URLs and keys. Exit code 2 when it is not running.

    \b
    Example:
        kit stack status
        kit stack status -o env > .env
    """
    local = _stack(ctx)
    state = local.status()
    if not state.running:
        raise StackError("; ".join(state.problems), hint="start it with `kit stack up`")
    info = local.info()
    if fmt == "env":
        output.echo(env_text(info))
    elif fmt == "json":
        output.echo(json.dumps(info.env_values(), indent=2, sort_keys=True))
    else:
        _pretty(info, state.db_pid, state.rest_pid)


@stack.command()
@API_PORT
@DB_PORT
@click.pass_context
def reset(ctx: click.Context, api_port: int | None, db_port: int | None) -> None:
    """Recreate the database from the migrations and the seed, as `supabase db reset` does,
    and start the stack (on the ports given, moving it if it runs on others).

    \b
    Example:
        kit stack reset
        kit stack reset --api-port 8000 --db-port 8001
    """
    local = _stack(ctx, api_port, db_port)
    done = local.reset(meanwhile=output.prepare)
    _report(done, local.project)
    output.say("[green]reset:[/green] database rebuilt")


@stack.command()
@click.argument("service", type=click.Choice(["db", "rest"]), default="rest")
@click.option("-n", "--lines", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("-f", "--follow", is_flag=True, help="Keep printing new lines until Ctrl-C.")
@click.pass_context
def logs(ctx: click.Context, service: str, lines: int, follow: bool) -> None:
    """Print the last lines of the database's or the REST API's log.

    \b
    Example:
        kit stack logs db
        kit stack logs rest -n 200 --follow
    """
    from kit.stack.process import follow_lines

    path = _stack(ctx).log_file(service)
    if not path.exists():
        raise StackError(f"no {service} log yet at {path}", hint="start the stack: kit stack up")
    text = path.read_text(errors="replace")
    for line in text.splitlines()[-lines:]:
        output.echo(line)
    if follow:
        try:
            for line in follow_lines(path, len(text.encode())):
                output.echo(line)
                sys.stdout.flush()  # a reader at the other end of a pipe sees each line now
        except KeyboardInterrupt:
            pass


def env_text(info: StackInfo) -> str:
    """`KEY="value"` lines, sorted, escaped as the Supabase CLI writes them (godotenv.Marshal)."""
    return "\n".join(sorted(_env_line(k, v) for k, v in info.env_values().items()))


def _env_line(name: str, value: str) -> str:
    if re.fullmatch(r"[+-]?\d+", value):
        return f"{name}={int(value)}"  # godotenv writes integers bare
    for char in '\\\n\r"!$`':
        value = value.replace(char, {"\n": "\\n", "\r": "\\r"}.get(char, "\\" + char))
    return f'{name}="{value}"'


def _report(done: Provisioned, project: Project) -> None:
    from rich.markup import escape

    for warning in done.warnings:
        output.warn(escape(warning))
    for migration in done.migrations:
        output.note(f"applied migration {migration.path.name}")
    for seed in done.seeds:
        if seed.hash_only:
            output.note(
                f"seed {project.relative(seed.path)} changed: only its new hash is recorded "
                "(as the Supabase CLI does); `kit stack reset` loads it afresh"
            )
        else:
            output.note(f"loaded seed {project.relative(seed.path)}")


def _pretty(info: StackInfo, db_pid: int | None, rest_pid: int | None) -> None:
    # Keys stay masked here; `-o env` prints them for programs.
    rows = [
        ("API URL", info.api_url),
        ("REST URL", info.rest_url),
        ("DB URL", info.db_url),  # the well-known local password, as `supabase status` shows
        ("Publishable key", str(info.publishable_key)),
        ("Secret key", str(info.secret_key)),
        ("anon key", str(info.anon_key)),
        ("service_role key", str(info.service_role_key)),
        ("processes", f"database pid {db_pid}, REST pid {rest_pid}"),
    ]
    output.say("[green]the local stack is running[/green]")
    for label, value in rows:
        output.say(f"  {label:>16}: {value}")
    output.say("  keys in full: kit stack status -o env")
