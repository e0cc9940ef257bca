"""Every command has --help with an example (docs kept honest by a test)."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from kit.cli import main


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    ctx = click.Context(group)
    for name in group.list_commands(ctx):  # loads lazy commands too
        command = group.get_command(ctx, name)
        assert command is not None, name
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


def test_lazy_help_lines_are_the_commands_own() -> None:
    """`kit --help` shows each command's registered line without importing it: the line must
    be the first line of the command's docstring."""
    ctx = click.Context(main)
    for name, lazy in main.lazy.items():
        command = main.get_command(ctx, name)
        assert command is not None and (command.help or "").splitlines()[0] == lazy.help, name


def test_help_imports_no_command() -> None:
    code = (
        "import sys; from kit.cli import main\n"
        "try: main(['--help'])\n"
        "except SystemExit: pass\n"
        "loaded = [m for m in ('kit.cli.lint', 'kit.cli.verify', 'kit.cli.stack', 'sqlfluff')"
        " if m in sys.modules]\n"
        "print('LOADED', loaded)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "LOADED []" in done.stdout
    for name in main.lazy:
        assert f"  {name} " in done.stdout  # every command listed with its help
