"""Every command has --help with an example (docs kept honest by a test)."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from kit.cli import main


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in sorted(group.commands.items()):
        path = (*prefix, name)
        found.append(path)
        if isinstance(command, click.Group):
            found += _commands(command, path)
    return found


@pytest.mark.parametrize("path", [(), *_commands(main)], ids=lambda p: " ".join(p) or "kit")
def test_help_has_an_example(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output


def test_unknown_project_is_a_clear_error(tmp_path) -> None:
    result = CliRunner().invoke(main, ["--project", str(tmp_path), "lint"])
    assert result.exit_code == 2
    assert "no Supabase project found" in result.output
