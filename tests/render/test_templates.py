"""A project's `templates/` folder overrides a packaged template; `default:` still reaches it."""

from __future__ import annotations

from pathlib import Path

from kit.model import ToolSet
from kit.render import render_all


def test_project_template_overrides_and_extends_the_packaged_one(
    tmp_path: Path, flagship_tools: ToolSet
) -> None:
    (tmp_path / "curl.sh.j2").write_text(
        "# Reviewed by the platform team.\n{% include 'default:curl.sh.j2' %}"
    )
    files = render_all(flagship_tools, tmp_path)
    text = files["curl/ListConversations.sh"]
    assert text.startswith("# Reviewed by the platform team.\n# ListConversations (list on")
    assert render_all(flagship_tools)["curl/ListConversations.sh"] in text


def test_without_a_templates_folder_the_packaged_ones_are_used(
    tmp_path: Path, flagship_tools: ToolSet
) -> None:
    assert render_all(flagship_tools, tmp_path / "missing") == render_all(flagship_tools)
