"""Maker Kit: Supabase as the External System of Record of Maker agents.

The library behind the `kit` command:

    from kit import load_project, generate, verify_project, resolve_target
    project = load_project(".")
    generate(project, check=True).ok
    verify_project(project, resolve_target(project, start=True)).passed
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kit.generator import generate
    from kit.project import Project, load_project
    from kit.target import resolve_target
    from kit.verify import verify_project

__all__ = ["Project", "generate", "load_project", "resolve_target", "verify_project"]
__version__ = "0.1.0"

# Everything loads on first use, so `import kit` (every `kit` command, and the REST gateway,
# `python -m kit.rest`, whose start `kit stack up` waits for) stays fast.
_LAZY = {
    "Project": "kit.project",
    "load_project": "kit.project",
    "generate": "kit.generator",
    "resolve_target": "kit.target",
    "verify_project": "kit.verify",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'kit' has no attribute {name!r}")
