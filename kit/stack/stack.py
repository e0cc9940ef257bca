"""The kit's local stack: embedded PostgreSQL plus the REST gateway, in the background.

State lives under the project's git-ignored `.kit/`:

    .kit/db/data/            PostgreSQL's data directory (its own postmaster.pid inside)
    .kit/db/postgres.log     the database log
    .kit/rest.pid, rest.log  the REST gateway (`python -m kit.rest`); rest.gate opens its start
    .kit/stack.json          the ports of the running stack, so status/down need no flags

`up` is idempotent and recovers from a crash (stale pid files, a killed database); on a running
stack it applies the pending migrations, as `supabase migration up` does. `down` stops both
processes and removes the pid files, keeping the data; `reset` rebuilds the database from
migrations and seeds, on the ports asked for. What a failed `up` or `reset` started, it stops.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from kit.errors import StackError
from kit.project import Project
from kit.secret import Secret
from kit.stack.keys import (
    LOCAL_PUBLISHABLE_KEY,
    LOCAL_SECRET_KEY,
    StackKeys,
    check_secret,
    project_jwt_secret,
)
from kit.stack.postgres import PostgresServer, Starting, ensure_port_free
from kit.stack.process import PidFile, locked, spawn, stop, tail, wait_until

if TYPE_CHECKING:  # psycopg (~0.1 s to import) loads while the database starts: see _up
    from kit.stack.pending import Provisioned

HOST = "127.0.0.1"
REST_MODULE = "kit.rest"
REST_START_TIMEOUT = 30.0
# A relation no schema has: once the schema cache is loaded the gateway answers 404 from its
# plan, with no database round trip (the root `/rest/v1/` builds the whole OpenAPI document).
PROBE_PATH = "/rest/v1/kit_readiness_probe"


@dataclass(frozen=True)
class StackInfo:
    """Where the stack answers and with which keys (what `kit stack status` prints)."""

    api_url: str
    db_url: str
    jwt_secret: Secret
    anon_key: Secret
    service_role_key: Secret
    publishable_key: Secret
    secret_key: Secret
    agent_key: Secret

    @property
    def rest_url(self) -> str:
        return self.api_url + "/rest/v1"

    def env_values(self) -> dict[str, str]:
        """The names and values `supabase status -o env` prints for the parts the kit runs."""
        return {
            "ANON_KEY": self.anon_key.reveal(),
            "API_URL": self.api_url,
            "DB_URL": self.db_url,
            "JWT_SECRET": self.jwt_secret.reveal(),
            "PUBLISHABLE_KEY": self.publishable_key.reveal(),
            "REST_URL": self.rest_url,
            "SECRET_KEY": self.secret_key.reveal(),
            "SERVICE_ROLE_KEY": self.service_role_key.reveal(),
        }


@dataclass(frozen=True)
class StackStatus:
    db_pid: int | None
    rest_pid: int | None
    problems: list[str] = field(default_factory=list)

    @property
    def running(self) -> bool:
        return self.db_pid is not None and self.rest_pid is not None


class Stack:
    """One project's local stack. Ports default to the running stack's, then config.toml's."""

    def __init__(
        self,
        project: Project,
        *,
        api_port: int | None = None,
        db_port: int | None = None,
        state_dir: Path | None = None,
        durable: bool = True,
        server: PostgresServer | None = None,
    ) -> None:
        self.project = project
        self.state_dir = state_dir or project.state_dir
        recorded = self._recorded_ports()
        self.api_port = api_port or recorded.get("api") or project.api.port
        db = db_port or recorded.get("db") or project.db.port
        self.server = server or PostgresServer(
            self.state_dir / "db" / "data", port=db, durable=durable
        )
        self.rest_pid = PidFile(self.state_dir / "rest.pid", REST_MODULE)
        self.rest_log = self.state_dir / "rest.log"
        self.rest_gate = self.state_dir / "rest.gate"  # the gateway connects once it exists
        self.jwt_secret = Secret(check_secret(project_jwt_secret(project)))

    @cached_property
    def keys(self) -> StackKeys:
        # Minted when asked for: `up` needs only the secret and the fixed keys, not the JWTs.
        return StackKeys.for_secret(self.jwt_secret)

    @property
    def state_file(self) -> Path:
        return self.state_dir / "stack.json"

    @property
    def lock_file(self) -> Path:
        return self.state_dir / "stack.lock"

    @property
    def db_port(self) -> int:
        return self.server.port

    @property
    def api_url(self) -> str:
        return f"http://{HOST}:{self.api_port}"

    def info(self) -> StackInfo:
        k = self.keys
        return StackInfo(
            api_url=self.api_url,
            db_url=self.server.dsn(),
            jwt_secret=k.jwt_secret,
            anon_key=k.anon_key,
            service_role_key=k.service_role_key,
            publishable_key=k.publishable_key,
            secret_key=k.secret_key,
            agent_key=k.agent_key,
        )

    def env_values(self) -> dict[str, str]:
        return self.info().env_values()

    # -- lifecycle -------------------------------------------------------------------------

    def up(self, *, meanwhile: Callable[[], object] | None = None) -> Provisioned:
        """Start what is not running; on a running stack, apply the pending migrations as
        `supabase migration up` does (`already_running` tells the two apart). `meanwhile`
        runs while the gateway starts (the caller's own imports, say: a core is idle then)."""
        with locked(self.lock_file):
            return self._up(meanwhile)

    def down(self) -> None:
        """Stop the gateway and the database; the data stays for the next `up`."""
        with locked(self.lock_file):
            self.stop_rest()
            self.server.stop()
            self.state_file.unlink(missing_ok=True)

    def reset(self, *, meanwhile: Callable[[], object] | None = None) -> Provisioned:
        """Recreate the database, then migrations and seeds, as `supabase db reset` does: a new
        cluster from the template, as the CLI recreates its volume; on the ports asked for,
        moving a stack that runs on others. A failed reset leaves the stack down, not half up."""
        with locked(self.lock_file):
            # Killed, not asked to stop: the database it serves is discarded, so a graceful
            # shutdown (requests in flight may finish) would have nothing worth finishing.
            self.stop_rest(grace=0.0)
            self.state_file.unlink(missing_ok=True)
            try:
                self.server.discard()
                return self._up(meanwhile)
            except BaseException:
                self.server.stop()
                self.state_file.unlink(missing_ok=True)
                raise

    def _up(self, meanwhile: Callable[[], object] | None = None) -> Provisioned:
        state = self.status()
        if state.db_pid is not None or state.rest_pid is not None:
            self._check_ports_match()
        if state.running:
            from kit.stack.database import connect, migrate

            if not self._recorded_ports():
                self._record_ports()  # lost in a crash; the checks above vouch for the ports
            with connect(self.server) as conn:
                done = migrate(self.project, conn, seed=False)
            done.already_running = True
            return done
        db_was_down = not self.server.is_running()
        fresh = not self.server.initialized
        rest_pid = self.rest_pid.read()
        if rest_pid is not None and db_was_down:
            stop(rest_pid)  # its connections died with the database; start it afresh
            rest_pid = None
        self._clear_stale()
        self._check_ports_free(db=db_was_down, api=rest_pid is None)
        # The gateway's imports (~0.15 s of Python) overlap provisioning: it starts first, as
        # early as this process can (what `up` imports before this point delays everything),
        # and connects only once the gate file appears, when the database is in its final state.
        spawned = self._spawn_rest(gated=True) if rest_pid is None else None
        took_copy = False
        # The cluster starts while this process goes on (a new one: a ready copy of the
        # template, started while this process imports psycopg).
        starting: Starting | None = None
        try:
            took_copy = db_was_down and fresh and _take_copy(self.server)
            if db_was_down and (not fresh or took_copy):
                starting = self.server.starting()
            done = self._provision(starting, fresh)
            self._record_ports()
            if spawned is not None:
                self.rest_gate.touch()
                if meanwhile is not None:
                    meanwhile()
                self._await_rest(spawned)
        except BaseException:
            if starting is not None:
                _quietly_wait(starting)  # a pg_ctl still under way, before stopping the server
            if spawned is not None:
                self.stop_rest()
            if db_was_down:  # leave nothing half up: what this call started, it stops
                self.server.stop()
                self.state_file.unlink(missing_ok=True)
            if fresh and not self.server.initialized:  # a failed initdb: start clean next time
                import shutil  # here: `up` imports as little as it can before the gateway starts

                shutil.rmtree(self.server.data_dir, ignore_errors=True)
            raise
        finally:
            if took_copy:
                from kit.stack.template import make_spares

                make_spares()  # the next new cluster's copy, made once this one answers
        return done

    def _provision(self, starting: Starting | None, fresh: bool) -> Provisioned:
        """The database in its final state. One that ran before usually is already, which is
        proven without psycopg (kit.stack.warm); else it is provisioned (kit.stack.database)."""
        if not fresh:
            from kit.stack.warm import nothing_to_apply

            if starting is not None:
                starting.wait()
            done = nothing_to_apply(self.project, self.server)
            if done is not None:
                return done
        from kit.stack.database import provision

        if starting is not None:
            self._started(starting, fresh)
        return provision(self.project, self.server)

    def _started(self, starting: Starting, fresh: bool) -> None:
        try:
            starting.wait()
        except StackError:
            if not fresh:
                raise
            # A damaged template copy: create_cluster (in provision) copies again and, if that
            # fails too, builds the template afresh.
            self.server.destroy()

    def status(self) -> StackStatus:
        db_pid, rest_pid = self.server.pid(), self.rest_pid.read()
        problems = []
        if db_pid is None:
            problems.append(self._db_problem())
        if rest_pid is None:
            stale = " (stale pid file)" if self.rest_pid.is_stale() else ""
            problems.append(f"the REST gateway is not running{stale}")
        return StackStatus(db_pid, rest_pid, problems)

    def is_up(self) -> bool:
        return self.status().running

    def start_rest(self) -> int:
        """Start the gateway over the running database and return once it answers."""
        return self._await_rest(self._spawn_rest(gated=False))

    def _spawn_rest(self, *, gated: bool) -> int:
        self.rest_gate.unlink(missing_ok=True)
        env = self._rest_env()
        if gated:
            env["KIT_REST_START_GATE"] = str(self.rest_gate)
        return spawn(
            [sys.executable, "-m", REST_MODULE],
            env=env,
            log_file=self.rest_log,
            pid_file=self.rest_pid,
        )

    def _await_rest(self, pid: int) -> int:
        def exited() -> bool:
            return self.rest_pid.read() != pid

        try:
            answered = wait_until(
                lambda: exited() or self._rest_answers(), REST_START_TIMEOUT, 0.005
            )
        except BaseException:  # Ctrl-C while waiting: leave no gateway behind
            self.stop_rest()
            raise
        if not answered or exited():
            log = tail(self.rest_log, 8)
            self.stop_rest()
            raise StackError(
                "the REST gateway did not start: " + (" | ".join(log) or "no output"),
                hint=f"see {self.project.relative(self.rest_log)} (`kit stack logs rest`)",
            )
        return pid

    def stop_rest(self, *, grace: float = 5.0) -> None:
        pid = self.rest_pid.read()
        if pid is not None:
            stop(pid, timeout=grace)
        self.rest_pid.remove()

    def log_file(self, service: str) -> Path:
        return {"db": self.server.log_file, "rest": self.rest_log}[service]

    # -- helpers ---------------------------------------------------------------------------

    def _rest_env(self) -> dict[str, str]:
        api = self.project.api
        return {
            **os.environ,
            "KIT_REST_HOST": HOST,
            "KIT_REST_PORT": str(self.api_port),
            "KIT_REST_DB_URL": self.server.dsn("authenticator"),
            "KIT_REST_JWT_SECRET": self.jwt_secret.reveal(),
            "KIT_REST_SCHEMAS": ",".join(api.schemas),
            "KIT_REST_EXTRA_SEARCH_PATH": ",".join(api.extra_search_path),
            "KIT_REST_MAX_ROWS": str(api.max_rows),
            "KIT_REST_PUBLISHABLE_KEY": LOCAL_PUBLISHABLE_KEY,
            "KIT_REST_SECRET_KEY": LOCAL_SECRET_KEY,
            "KIT_REST_JWKS": _signing_jwks(self.project),
        }

    def _rest_answers(self) -> bool:
        # http.client, not httpx: an httpx client builds an SSL context per call (~50 ms of
        # CPU here), and this probe runs every 5 ms while `up` waits.
        import http.client

        conn = http.client.HTTPConnection(HOST, self.api_port, timeout=1.0)
        try:
            conn.request("GET", PROBE_PATH, headers={"apikey": LOCAL_PUBLISHABLE_KEY})
            status = conn.getresponse().status
        except OSError:
            return False
        finally:
            conn.close()
        return status < 500  # 503 PGRST002 while its schema cache loads, then 404 PGRST205

    def _db_problem(self) -> str:
        pid_file = self.server.data_dir / "postmaster.pid"
        if pid_file.exists():
            return "the database is not running: its process died (stale postmaster.pid)"
        return "the database is not running"

    def _clear_stale(self) -> None:
        if self.rest_pid.is_stale():
            self.rest_pid.remove()

    def _check_ports_free(self, *, db: bool, api: bool) -> None:
        # Both before anything starts, so a busy port leaves nothing half up.
        if db:
            ensure_port_free(self.db_port, "database", "--db-port")
        if api:
            ensure_port_free(self.api_port, "API", "--api-port")

    def _check_ports_match(self) -> None:
        recorded = self._recorded_ports()
        if recorded and (recorded.get("api"), recorded.get("db")) != (self.api_port, self.db_port):
            raise StackError(
                f"the stack already runs with API port {recorded.get('api')} and database port "
                f"{recorded.get('db')}",
                hint="run `kit stack down` first to change its ports, or `kit stack reset` "
                "with the new ports",
            )
        running_on = self._running_db_port()
        if running_on is not None and running_on != self.db_port:
            # No record of the ports (a crash), but the database itself says where it listens.
            raise StackError(
                f"the stack's database already runs on port {running_on}, not {self.db_port}",
                hint=f"run `kit stack down` first, or pass --db-port {running_on}",
            )

    def _running_db_port(self) -> int | None:
        """The port in the live postmaster's pid file (its fourth line)."""
        if self.server.pid() is None:
            return None
        try:
            lines = (self.server.data_dir / "postmaster.pid").read_text().splitlines()
            return int(lines[3])
        except (OSError, IndexError, ValueError):
            return None

    def _recorded_ports(self) -> dict[str, int]:
        try:
            data = json.loads(self.state_file.read_text())
            return {"api": int(data["api_port"]), "db": int(data["db_port"])}
        except (FileNotFoundError, ValueError, KeyError, TypeError):
            return {}

    def _record_ports(self) -> None:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.state_file.write_text(
            json.dumps({"api_port": self.api_port, "db_port": self.db_port}) + "\n"
        )


def _take_copy(server: PostgresServer) -> bool:
    from kit.stack.template import take_copy  # after the gateway starts: hashlib

    return take_copy(server)


def _quietly_wait(starting: Starting) -> None:
    try:
        starting.wait()
    except StackError:
        pass


def _signing_jwks(project: Project) -> str:
    """The public keys of `[auth] signing_keys_path`, for the gateway (empty without any)."""
    if not project.signing_keys_path:
        return ""  # without importing kit.stack.signing (cryptography): `up` waits on this
    from kit.stack.signing import jwks, load_keys

    keys = load_keys(project)
    return jwks(keys) if keys else ""
