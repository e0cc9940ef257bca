"""Renderers: each turns a `ToolSet` into files (relative path -> text), one module per output.

A renderer is a template (or a JSON document builder) plus a small context function; adding an
output is adding a module here and a line to `RENDERERS`, nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment

from kit.model import ToolSet
from kit.render import curl, functions, openapi, postman, readme
from kit.render.templates import environment

Renderer = Callable[[ToolSet, Environment], dict[str, str]]
RENDERERS: tuple[Renderer, ...] = (
    curl.render,
    readme.render,
    openapi.render,
    postman.render,
    functions.render,
)


def render_all(tools: ToolSet, templates: Path | None = None) -> dict[str, str]:
    """Every output file of every renderer, by path relative to the project root, sorted."""
    env = environment(templates if templates and templates.is_dir() else None)
    files: dict[str, str] = {}
    for renderer in RENDERERS:
        files.update(renderer(tools, env))
    return dict(sorted(files.items()))
