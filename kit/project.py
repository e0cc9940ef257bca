"""The project on disk: where its parts live and what `supabase/config.toml` says.

A project is any folder with `supabase/config.toml` (the flagship at the repository root, each
`examples/<name>/`). Paths are always resolved from the project root, never from the CWD.
"""

from __future__ import annotations

import os
import posixpath
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kit import pathglob
from kit.errors import KitError, Location

CONFIG = Path("supabase") / "config.toml"
# The Supabase CLI's rules (npm `supabase` 3.x): any digits, an underscore, anything, `.sql`;
# the version is the digits, compared as text. JavaScript's `.` stops at line terminators.
MIGRATION_NAME = re.compile(r"([0-9]+)_([^\n\r\u2028\u2029]*)\.sql")
# A first file `<14 digits>_init.sql` older than this was the old CLI's own schema dump.
_OLD_INIT = re.compile(r"([0-9]{14})_init\.sql")
_OLD_INIT_BEFORE = 20211209000000


@dataclass(frozen=True)
class ApiConfig:
    """`[api]` as `supabase start` passes it to PostgREST."""

    port: int = 54321
    schemas: tuple[str, ...] = ("public", "graphql_public")
    extra_search_path: tuple[str, ...] = ("public", "extensions")
    max_rows: int = 1000
    # Left unset, the Supabase CLI falls back to true (the pre-2026 cloud default).
    auto_expose_new_tables: bool = True


@dataclass(frozen=True)
class DbConfig:
    port: int = 54322
    major_version: int = 17
    seed_enabled: bool = True
    seed_paths: tuple[str, ...] = ("./seed.sql",)


@dataclass(frozen=True)
class Project:
    root: Path
    project_id: str = ""
    api: ApiConfig = field(default_factory=ApiConfig)
    db: DbConfig = field(default_factory=DbConfig)
    jwt_secret: str | None = None
    signing_keys_path: str | None = None  # [auth] signing_keys_path, relative to supabase/

    @property
    def supabase_dir(self) -> Path:
        return self.root / "supabase"

    @property
    def migrations_dir(self) -> Path:
        return self.supabase_dir / "migrations"

    @property
    def tool_specs_dir(self) -> Path:
        return self.root / "tool_specs"

    @property
    def curl_dir(self) -> Path:
        return self.root / "curl"

    @property
    def state_dir(self) -> Path:
        """Git-ignored runtime state of the local stack (data dir, pid files, logs)."""
        return self.root / ".kit"

    @property
    def env_file(self) -> Path:
        return self.root / ".env"

    def migration_files(self) -> list[Path]:
        """The files the Supabase CLI applies, in its listing order (see `discover`)."""
        return discover_migrations(self.migrations_dir)[0]

    def migration_warnings(self) -> list[str]:
        return discover_migrations(self.migrations_dir)[1]

    def seed_files(self) -> list[Path]:
        return [self.root / rel for rel in self.seed_paths()[0]]

    def seed_paths(self) -> tuple[list[str], list[str]]:
        """`[db.seed]` files as the CLI names them (relative to the project root), and its
        warnings; nothing when seeding is disabled."""
        if not self.db.seed_enabled:
            return [], []
        return discover_seeds(self.root, self.db.seed_paths)

    def relative(self, path: Path) -> str:
        """A path as the user knows it: relative to the project root when inside it."""
        try:
            return str(path.resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)


def discover_migrations(folder: Path) -> tuple[list[Path], list[str]]:
    """The migration files of `folder` and the CLI's warning for each file it skips.

    As the Supabase CLI lists them: entries in byte order of their names; folders ignored;
    names not matching `<digits>_<name>.sql` skipped with a warning, not an error; the very first
    entry skipped if it is an old `<timestamp>_init.sql`. (The runner then applies them in
    version order.)
    """
    try:
        names = sorted(os.listdir(folder), key=os.fsencode)
    except FileNotFoundError:
        return [], []
    files, warnings = [], []
    for index, name in enumerate(names):
        path = folder / name
        if not path.is_symlink() and path.is_dir():
            continue
        old_init = _OLD_INIT.search(name)
        if index == 0 and old_init and int(old_init[1]) < _OLD_INIT_BEFORE:
            warnings.append(
                f"Skipping migration {name}... "
                '(replace "init" with a different file name to apply this migration)'
            )
        elif MIGRATION_NAME.fullmatch(name) is None:
            warnings.append(
                f"Skipping migration {name}... "
                '(file name must match pattern "<timestamp>_name.sql")'
            )
        else:
            files.append(path)
    return files, warnings


def discover_seeds(root: Path, patterns: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """Seed files for `[db.seed] sql_paths` as the Supabase CLI finds them: each pattern
    relative to supabase/ (Go `path.Match` globs), its matches in byte order, a matched folder
    standing for every `.sql` file under it, each file once; a pattern that matches nothing
    only warns. Paths are relative to the project root, as the CLI records them."""
    found: dict[str, None] = {}
    warnings = []
    for raw in patterns:
        pattern = raw if not raw or os.path.isabs(raw) else posixpath.join("supabase", raw)
        pattern = posixpath.normpath(pattern) if pattern else pattern
        try:
            pathglob.check(pattern)
        except pathglob.BadPattern:
            warnings.append("failed to glob files: syntax error in pattern")
            continue
        matches = pathglob.glob(pattern, str(root))
        if not matches:
            warnings.append(f"no files matched pattern: {pattern}")
        for match in sorted(matches, key=os.fsencode):
            full = match if os.path.isabs(match) else os.path.join(root, match)
            if os.path.isdir(full):
                for sql in _sql_under(root, match):
                    found.setdefault(sql, None)
            else:
                found.setdefault(match, None)
    return list(found), warnings


def _sql_under(root: Path, folder: str) -> list[str]:
    """Every `.sql` file under a matched seed folder, symlinks skipped, in byte order."""
    out = []
    full = folder if os.path.isabs(folder) else os.path.join(root, folder)
    for name in sorted(os.listdir(full), key=os.fsencode):
        rel = posixpath.join(folder, name)
        path = os.path.join(full, name)
        if os.path.islink(path):
            continue
        if os.path.isdir(path):
            out += _sql_under(root, rel)
        elif name.endswith(".sql"):
            out.append(rel)
    return sorted(out, key=os.fsencode)


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above `start` holding `supabase/config.toml`."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG).is_file():
            return folder
    raise KitError(
        f"no Supabase project found at or above {here}",
        hint="run kit inside a project (a folder with supabase/config.toml) or pass --project PATH",
    )


def load_project(path: Path | str | None = None) -> Project:
    """Read `supabase/config.toml` of the project at (or above) `path`."""
    root = find_root(Path(path) if path else None)
    config_path = root / CONFIG
    try:
        data = tomllib.loads(config_path.read_text())
    except tomllib.TOMLDecodeError as exc:
        raise KitError(
            f"invalid TOML: {exc}",
            location=Location(config_path, getattr(exc, "lineno", None)),
            hint="fix the syntax; `supabase init` writes a valid file to compare with",
        ) from exc
    return Project(
        root=root,
        project_id=str(data.get("project_id", root.name)),
        api=_api_config(data.get("api", {})),
        db=_db_config(data.get("db", {})),
        jwt_secret=data.get("auth", {}).get("jwt_secret"),
        signing_keys_path=data.get("auth", {}).get("signing_keys_path"),
    )


def _api_config(api: dict[str, Any]) -> ApiConfig:
    default = ApiConfig()
    return ApiConfig(
        port=int(api.get("port", default.port)),
        schemas=tuple(api.get("schemas", default.schemas)),
        extra_search_path=tuple(api.get("extra_search_path", default.extra_search_path)),
        max_rows=int(api.get("max_rows", default.max_rows)),
        auto_expose_new_tables=bool(
            api.get("auto_expose_new_tables", default.auto_expose_new_tables)
        ),
    )


def _db_config(db: dict[str, Any]) -> DbConfig:
    default = DbConfig()
    seed = db.get("seed", {})
    return DbConfig(
        port=int(db.get("port", default.port)),
        major_version=int(db.get("major_version", default.major_version)),
        seed_enabled=bool(seed.get("enabled", default.seed_enabled)),
        seed_paths=tuple(seed.get("sql_paths", default.seed_paths)),
    )
