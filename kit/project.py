"""The project on disk: where its parts live and what `supabase/config.toml` says.

A project is any folder with `supabase/config.toml` (the flagship at the repository root, each
`examples/<name>/`). Paths are always resolved from the project root, never from the CWD.
"""

from __future__ import annotations

import glob
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from kit.errors import KitError, Location

CONFIG = Path("supabase") / "config.toml"


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
        return sorted(self.migrations_dir.glob("*.sql"))

    @cached_property
    def _seed_files(self) -> tuple[Path, ...]:
        # As the Supabase CLI does: globs relative to supabase/, in the listed order, each once.
        seen: dict[Path, None] = {}
        for pattern in self.db.seed_paths:
            for match in sorted(glob.glob(str(self.supabase_dir / pattern))):
                seen.setdefault(Path(match).resolve(), None)
        return tuple(seen)

    def seed_files(self) -> list[Path]:
        return list(self._seed_files) if self.db.seed_enabled else []

    def relative(self, path: Path) -> str:
        """A path as the user knows it: relative to the project root when inside it."""
        try:
            return str(path.resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)


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
