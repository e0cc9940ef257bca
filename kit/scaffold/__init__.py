"""`kit init`: a project to start from, or an existing Supabase project adopted.

Three cases, never overwriting a file that exists:

- an empty folder: `supabase/config.toml` exactly as `supabase init` (CLI 3.1) writes it, one
  example table migration and seed, its drafted tool specs and access migration, `.gitignore`,
  a README block;
- a folder with `supabase/config.toml` (a Supabase CLI project): `tool_specs/` and the
  `.gitignore` lines; its migrations are left as they are;
- `db_url` and no `supabase/`: the same config, no migrations (`supabase db pull` is the
  user's step when they want the schema as migrations); tools are drafted from that database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path

from kit.errors import KitError
from kit.project import CONFIG, load_project
from kit.stack.signing_setup import ignore

IGNORED = (".env", ".kit/", "supabase/signing_keys.json", "supabase/.temp/", "supabase/.branches/")
_ID = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass
class InitResult:
    kind: str  # new | adopted | remote
    created: list[Path] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)


def init_project(folder: Path, *, db_url: str | None = None, example: bool = True) -> InitResult:
    folder.mkdir(parents=True, exist_ok=True)
    if (folder / CONFIG).is_file():
        result = InitResult("adopted")
        steps = ["kit stack up", "kit draft", "kit access", "kit generate", "kit verify"]
    elif db_url:
        result = InitResult("remote")
        _write(result, folder / CONFIG, _config(folder))
        steps = [
            'supabase db pull --db-url "$SUPABASE_DB_URL"   # yours: the schema as migrations',
            'kit draft --db-url "$SUPABASE_DB_URL"',
            'kit access --db-url "$SUPABASE_DB_URL"   # then `supabase db push` it',
            "kit generate",
            "kit verify --env .env",
        ]
    else:
        result = InitResult("new")
        _skeleton(result, folder)
        steps = ["kit stack up", "kit generate", "kit verify"]
    (folder / "tool_specs").mkdir(exist_ok=True)
    if ignore(folder, *IGNORED):
        result.created.append(folder / ".gitignore")
    _readme(result, folder)
    result.next_steps = steps
    return result


def _skeleton(result: InitResult, folder: Path) -> None:
    _write(result, folder / CONFIG, _config(folder))
    stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    migration = folder / "supabase" / "migrations" / f"{stamp}_create_notes.sql"
    _write(result, migration, _template("example_migration.sql"))
    _write(result, folder / "supabase" / "seed.sql", _template("seed.sql"))
    from kit.access import write_access
    from kit.access.database import project_database
    from kit.access.identity import load_identity
    from kit.draft import draft

    project = load_project(folder)
    identity = load_identity(project)
    # One throwaway database for both: the drafts read its seed rows, access its catalog.
    with project_database(project, seed=True) as opened:
        result.created += draft(project, identity, opened=opened).written
        access = write_access(project, identity, conn=opened[0])
    if access.path is not None:
        result.created.append(access.path)


def _config(folder: Path) -> str:
    project_id = _ID.sub("-", folder.resolve().name).strip("-") or "maker-project"
    return _template("config.toml").replace("{{PROJECT_ID}}", project_id)


def _readme(result: InitResult, folder: Path) -> None:
    path = folder / "README.md"
    block = _template("readme_block.md")
    if not path.is_file():
        _write(result, path, f"# {folder.resolve().name}\n\n{block}")
    elif "## Maker Kit" not in path.read_text(encoding="utf-8"):
        with path.open("a", encoding="utf-8") as handle:
            handle.write("\n" + block)
        result.created.append(path)


def _write(result: InitResult, path: Path, text: str) -> None:
    if path.exists():
        raise KitError(
            f"{path} exists; kit init never overwrites a file",
            hint="move it away, or run kit init in a folder that holds a Supabase project",
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    result.created.append(path)


def _template(name: str) -> str:
    return files("kit.scaffold").joinpath("templates", name).read_text(encoding="utf-8")
