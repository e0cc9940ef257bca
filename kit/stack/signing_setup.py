"""`kit keys new`: add a signing key to the project, its config line and its .gitignore line.

config.toml is edited as text, one line, so the user's comments and layout stay as they are
(the standard library reads TOML but does not write it).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from kit.project import CONFIG, Project, load_project
from kit.stack.signing import DEFAULT_PATH, keys_file, load_keys, new_es256

_COMMENTED = re.compile(r'^#\s*signing_keys_path\s*=\s*"[^"]*"\s*$', re.M)
_AUTH = re.compile(r"^\[auth\]\s*$", re.M)


@dataclass(frozen=True)
class AddedKey:
    kid: str
    path: Path
    public_jwk: str
    changes: tuple[str, ...]


def add_signing_key(project: Project) -> AddedKey:
    changes: list[str] = []
    if not project.signing_keys_path:
        _configure(project.root / CONFIG)
        changes.append(f'set [auth] signing_keys_path = "{DEFAULT_PATH}" in {CONFIG}')
        project = load_project(project.root)
    path = keys_file(project)
    assert path is not None
    existing = load_keys(project)
    key = new_es256()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([k.jwk for k in [*existing, key]], indent=2) + "\n")
    path.chmod(0o600)
    changes.append(f"added key {key.kid} (ES256) to {project.relative(path)}")
    if ignore(project.root, project.relative(path)):
        changes.append(f"added {project.relative(path)} to .gitignore")
    return AddedKey(key.kid, path, json.dumps(key.public()), tuple(changes))


def _configure(config: Path) -> None:
    text = config.read_text(encoding="utf-8")
    line = f'signing_keys_path = "{DEFAULT_PATH}"'
    if _COMMENTED.search(text):
        text = _COMMENTED.sub(line, text, count=1)
    elif _AUTH.search(text):
        text = _AUTH.sub(f"[auth]\n{line}", text, count=1)
    else:
        text = text.rstrip("\n") + f"\n\n[auth]\n{line}\n"
    config.write_text(text, encoding="utf-8")


def ignore(root: Path, *entries: str) -> bool:
    """Append `entries` missing from `root/.gitignore`; True when something was added."""
    path = root / ".gitignore"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    present = {line.strip() for line in text.splitlines()}
    missing = [e for e in entries if e not in present and f"/{e}" not in present]
    if not missing:
        return False
    prefix = "" if not text or text.endswith("\n") else "\n"
    path.write_text(text + prefix + "\n".join(missing) + "\n", encoding="utf-8")
    return True
