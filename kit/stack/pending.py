"""What `supabase migration up` would apply and which seeds would run, worked out from the
project's files and the rows of the history tables (`supabase_migrations.schema_migrations`,
`.seed_files`). No database driver here: `kit.stack.migrations` reads the rows with psycopg and
applies what is pending; a warm `kit stack up` reads them with psql (`kit.stack.warm`)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kit.errors import Location, MigrationError
from kit.project import MIGRATION_NAME


@dataclass(frozen=True)
class Migration:
    path: Path
    version: str
    name: str

    @classmethod
    def from_path(cls, path: Path) -> Migration:
        match = MIGRATION_NAME.fullmatch(path.name)
        if match is None:  # discovery skips these; reaching here is a caller's mistake
            raise MigrationError(
                "not a migration file name (<digits>_<name>.sql)", location=Location(path)
            )
        return cls(path, match[1], match[2])


@dataclass(frozen=True)
class SeedRun:
    path: Path
    hash_only: bool  # changed since it ran: only the new hash was recorded


@dataclass
class Provisioned:
    migrations: list[Migration] = field(default_factory=list)
    seeds: list[SeedRun] = field(default_factory=list)
    # The Supabase CLI's warnings: skipped migration files, seed patterns matching nothing.
    warnings: list[str] = field(default_factory=list)
    already_running: bool = False  # `kit stack up` on a running stack: migrations only


@dataclass(frozen=True)
class SeedChange:
    rel: str  # the path the history records, relative to the project root
    digest: str  # sha256 of the file now
    hash_only: bool  # recorded with another hash: only the new one is recorded


def pending_migrations(files: Sequence[Path], applied: Sequence[str]) -> list[Migration]:
    """What `supabase migration up` would apply over the `applied` versions (sorted as text);
    raises where it refuses."""
    local = sorted((Migration.from_path(f) for f in files), key=lambda m: m.version)
    for before, after in zip(local, local[1:], strict=False):
        if before.version == after.version:  # the CLI would apply one, then fail on the other
            raise MigrationError(
                f"two migration files have the version {after.version}: "
                f"{before.path.name}, {after.path.name}",
                location=Location(after.path),
                hint="give one of them another version (`supabase migration new` names files)",
            )
    remote = list(applied)
    missing_local, missing_remote = [], []
    i = j = 0
    while i < len(remote) and j < len(local):
        if remote[i] == local[j].version:
            i, j = i + 1, j + 1
        elif remote[i] < local[j].version:
            missing_local.append(remote[i])
            i += 1
        else:
            missing_remote.append(local[j])
            j += 1
    if j == len(local):
        missing_local += remote[i:]
    if missing_local:
        raise MigrationError(
            "the database has migrations that are not in supabase/migrations: "
            + ", ".join(missing_local),
            hint="restore those files, or rebuild the database from the folder with "
            "`kit stack reset` (the Supabase CLI refuses this state too)",
        )
    if missing_remote:
        raise MigrationError(
            "new migrations sort before the last applied one, so `supabase migration up` would "
            "not apply them: " + ", ".join(m.path.name for m in missing_remote),
            location=Location(missing_remote[0].path),
            hint="give them a later timestamp (`supabase migration new`), or rebuild the "
            "database with `kit stack reset`",
        )
    return local[len(remote) :]


def seed_changes(
    files: Sequence[str | Path], root: Path, recorded: dict[str, str]
) -> list[SeedChange]:
    """The seeds not recorded with their current hash (`recorded`: path → hash), in order.
    Recorded by the path relative to `root`, as the CLI records it."""
    out = []
    for item in files:
        rel = item if isinstance(item, str) else _relative(item, root)
        digest = hashlib.sha256((root / rel).read_bytes()).hexdigest()
        if recorded.get(rel) != digest:
            out.append(SeedChange(rel, digest, rel in recorded))
    return out


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
