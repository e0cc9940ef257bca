"""Building the kit's extensions into the cache: atomic under a race, keyed by the sources, and
a clear error naming what to install when the toolchain is missing."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kit.errors import StackError
from kit.stack.extensions import build as ext_build
from kit.stack.postgres import bin_path

BUILD = (
    "import sys; from pathlib import Path; from kit.stack.postgres import bin_path;"
    "from kit.stack.extensions.build import build;"
    "print(build(bin_path('pg_config'), Path(sys.argv[1])).root)"
)


def test_two_processes_racing_share_one_complete_build(tmp_path: Path) -> None:
    racers = [
        subprocess.Popen([sys.executable, "-c", BUILD, str(tmp_path)], stdout=subprocess.PIPE)
        for _ in range(2)
    ]
    roots = {racer.communicate(timeout=120)[0].decode().strip() for racer in racers}
    assert [racer.returncode for racer in racers] == [0, 0]
    assert len(roots) == 1 and [p.name for p in tmp_path.iterdir()] == [Path(*roots).name]
    built = Path(*roots)
    assert sorted(p.name for p in (built / "lib").iterdir()) == ["pgcrypto.so", "uuid-ossp.so"]
    controls = {p.stem for p in (built / "extension").glob("*.control")}
    assert controls == {d.name for d in ext_build.extension_dirs()}
    assert {"pg_cron", "pgcrypto", "supabase_vault", "uuid-ossp"} <= controls


def test_the_cache_key_follows_the_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pg_config = bin_path("pg_config")
    before = ext_build._key(pg_config)
    copy = tmp_path / "extensions"
    shutil.copytree(ext_build.SOURCES, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(ext_build, "SOURCES", copy)
    assert ext_build._key(pg_config) == before
    script = copy / "pgcrypto" / "password.c"
    script.write_text(script.read_text() + "\n")
    assert ext_build._key(pg_config) != before


def test_missing_compiler_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ext_build.shutil, "which", lambda tool: None)
    with pytest.raises(StackError) as caught:
        ext_build.build(bin_path("pg_config"), tmp_path)
    assert "gcc and make not found" in caught.value.message
    assert "apt-get install -y make gcc libssl-dev libcrypt-dev zlib1g-dev" in (
        caught.value.hint or ""
    )
    assert list(tmp_path.iterdir()) == []  # nothing half-built left behind


def test_missing_headers_name_their_package() -> None:
    output = "pgcrypto.c:3:10: fatal error: openssl/evp.h: No such file or directory\n"
    error = ext_build._compile_error("pgcrypto", output)
    assert (
        error.message == "cannot build the pgcrypto extension: the libssl-dev headers are missing"
    )
    assert error.hint == "install them: apt-get install -y libssl-dev"
    crypt = ext_build._compile_error("pgcrypto", "x.c:1: fatal error: crypt.h: No such file\n")
    assert "libcrypt-dev" in crypt.message
