"""Background processes with pid files: start detached, find again, stop without leftovers.

A pid file holds one pid. It is trusted only while that pid is alive and its command line still
carries the marker it was started with, so a pid reused by another program after a crash or a
reboot reads as "not running" (a stale pid file) and is cleaned up, never signalled.
"""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kit.errors import StackError


def alive(pid: int) -> bool:
    """True when `pid` runs and is not a zombie."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ", 1)[1][:1] != "Z"
    except (FileNotFoundError, IndexError):
        return True


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


@dataclass(frozen=True)
class PidFile:
    path: Path
    marker: str  # a word of the process's command line, e.g. "kit.rest"

    def read(self) -> int | None:
        """The pid of the live process this file names, else None."""
        try:
            pid = int(self.path.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        if not alive(pid) or self.marker not in command_line(pid):
            return None
        return pid

    def is_stale(self) -> bool:
        return self.path.exists() and self.read() is None

    def write(self, pid: int) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(f"{pid}\n")

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


def spawn(args: list[str], *, env: dict[str, str], log_file: Path, pid_file: PidFile) -> int:
    """Start `args` detached (own session, output to `log_file`) and record its pid."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with open(log_file, "wb") as log:  # one log per start: its tail explains this start
        proc = subprocess.Popen(
            args,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # survives the terminal; its group is ours to stop
            cwd="/",
        )
    # Reap it in the background if it dies while this (parent) process still runs.
    _children.append(proc)
    # Right after exec, /proc/<pid>/cmdline can read empty for a moment; the pid file is only
    # trusted with the marker in it, so wait for it before anyone reads the file.
    wait_until(lambda: bool(command_line(proc.pid)) or proc.poll() is not None, 2.0, 0.001)
    pid_file.write(proc.pid)
    return proc.pid


def stop(pid: int, *, timeout: float = 5.0) -> None:
    """SIGTERM the process group, then SIGKILL what is left after `timeout`."""
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 2.0)):
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            return
        if wait_until(lambda: not _group_alive(pid), wait, 0.005):
            _reap()  # a child of this process ended as a zombie: waited for now, not at exit
            return
    raise StackError(
        f"process {pid} did not stop",
        hint=f"stop it by hand: kill -9 {pid}",
    )


def wait_until(condition: Callable[[], bool], timeout: float, step: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout
    while True:
        _reap()
        if condition():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(step)


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `path` (created if needed): one `up`/`down`/`reset` at a time.

    The kernel drops the lock when the holder dies, so a crash never leaves it stuck.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def follow_lines(path: Path, offset: int = 0, step: float = 0.2) -> Iterator[str]:
    """Lines appended to `path` after byte `offset`, forever (`tail -f`). A file that shrank was
    rewritten (a restart starts a new log): read it from the top."""
    pending = b""
    while True:
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            size = 0
        if size < offset:
            offset, pending = 0, b""
        if size > offset:
            with open(path, "rb") as log:
                log.seek(offset)
                chunk = log.read(size - offset)
            offset += len(chunk)
            *complete, pending = (pending + chunk).split(b"\n")
            for line in complete:
                yield line.decode(errors="replace")
        else:
            time.sleep(step)


def tail(path: Path, lines: int = 20) -> list[str]:
    try:
        return path.read_text(errors="replace").splitlines()[-lines:]
    except FileNotFoundError:
        return []


_children: list[subprocess.Popen[bytes]] = []


def _reap() -> None:
    for proc in list(_children):
        if proc.poll() is not None:
            _children.remove(proc)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # Zombies still count for killpg; the group is gone when none of them runs.
    return any(alive(int(p)) for p in _group_members(pgid))


def _group_members(pgid: int) -> list[str]:
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(") ", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[2]) == pgid:
                members.append(entry.name)
    return members
