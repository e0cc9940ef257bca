"""Background processes: a pid file is trusted only for the live process it was written for."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kit.stack.process import PidFile, alive, spawn, stop

SCRIPT = "import time, subprocess; subprocess.Popen(['sleep', '60']); time.sleep(60)"


def test_spawn_detaches_and_stop_ends_the_whole_group(tmp_path: Path) -> None:
    pid_file = PidFile(tmp_path / "worker.pid", "marker-7f3a")
    pid = spawn(
        [sys.executable, "-c", SCRIPT, "marker-7f3a"],
        env={"PATH": "/usr/bin:/bin"},
        log_file=tmp_path / "worker.log",
        pid_file=pid_file,
    )
    assert pid_file.read() == pid
    stop(pid, timeout=5)
    assert not alive(pid)
    # Waited for by its parent (this process): no zombie left for interpreter exit to find,
    # where Popen would warn "subprocess ... is still running".
    assert not Path(f"/proc/{pid}").exists()
    group = subprocess.run(["pgrep", "-g", str(pid)], capture_output=True, text=True).stdout
    # Zombies awaiting their reaper may linger in the list; none may still run.
    assert not [p for p in group.split() if alive(int(p))], "the grandchild died with its group"


def test_pid_file_of_a_dead_or_foreign_process_is_stale(tmp_path: Path) -> None:
    pid_file = PidFile(tmp_path / "x.pid", "kit.rest")
    assert pid_file.read() is None and not pid_file.is_stale()
    finished = subprocess.run(["true"])
    assert finished.returncode == 0
    with subprocess.Popen(["sleep", "30"]) as foreign:
        pid_file.write(foreign.pid)
        assert pid_file.read() is None, "alive, but not the process the file was written for"
        assert pid_file.is_stale()
        foreign.kill()
    pid_file.write(99999999)
    assert pid_file.is_stale()
    pid_file.remove()
    assert not pid_file.path.exists()
