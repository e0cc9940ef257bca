"""The Jinja environment of the renderers: packaged templates, overridable per project.

A project's `templates/` folder wins over the packaged ones; `default:<name>` always reaches the
packaged template, so an override can `{% extends "default:curl.sh.j2" %}` (as datasette does).
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
    StrictUndefined,
)


def environment(project_templates: Path | None = None) -> Environment:
    packaged = PackageLoader("kit.render", "templates")
    loaders: list[BaseLoader] = (
        [FileSystemLoader(str(project_templates))] if project_templates else []
    )
    loaders += [packaged, PrefixLoader({"default": packaged}, delimiter=":")]
    return Environment(
        loader=ChoiceLoader(loaders),
        autoescape=False,  # noqa: S701 - shell and Markdown, not HTML
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
    )
