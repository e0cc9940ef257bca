"""Loading tool specs: YAML syntax and schema mistakes, each with file:line:column and a hint."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from kit.specs import load_file, load_specs, schema, spec_paths
from tests.model.conftest import write

ROOT = Path(__file__).resolve().parents[2]

GOOD = """
table: conversations
tools:
  - name: ListConversations
    operation: list
    description: List conversations.
    filters:
      - name: user_id
        example: user_ada
    select: [id, title]
    limit: {default: 20, max: 100}
"""


def test_schema_is_valid_json_schema_and_matches_the_committed_file() -> None:
    Draft202012Validator.check_schema(schema())
    committed = json.loads((ROOT / "kit" / "specs" / "schema.json").read_text())
    assert committed == schema()


def test_every_flagship_spec_references_the_schema_and_loads() -> None:
    paths = spec_paths(ROOT / "tool_specs")
    assert {p.stem for p in paths} == {
        "conversations",
        "messages",
        "generated_code",
        "user_preferences",
        "memory_long_term",
    }
    for path in paths:
        assert path.read_text().startswith(
            "# yaml-language-server: $schema=../kit/specs/schema.json"
        )
    loaded = load_specs(paths)
    assert loaded.problems == ()
    assert len(loaded.files) == 5


def test_a_good_file_keeps_values_and_line_marks(tmp_path: Path) -> None:
    spec, problems = load_file(write(tmp_path, "conversations.yaml", GOOD))
    assert problems == [] and spec is not None
    tool = spec.tools[0]
    assert (tool.name, tool.operation, tool.select) == (
        "ListConversations",
        "list",
        ("id", "title"),
    )
    assert (tool.limit_default, tool.limit_max) == (20, 100)
    assert tool.filters[0].target == "user_id" and tool.filters[0].op == "eq"
    where = spec.where(*tool.filters[0].path, "name")
    assert (where.line, where.column) == (7, 15)  # the value `user_id`
    assert str(spec.where(*tool.path, "select")).endswith("conversations.yaml:9:5")


def test_yaml_syntax_error_names_file_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.yaml", "table: conversations\ntools:\n  - name: [unclosed\n")
    spec, problems = load_file(path)
    assert spec is None and len(problems) == 1
    error = problems[0]
    assert error.message.startswith("YAML syntax error")
    assert error.location is not None and error.location.path == path
    assert error.location.line == 4 and error.location.column == 1
    assert "indentation" in (error.hint or "")


def test_duplicate_yaml_key_is_a_syntax_error(tmp_path: Path) -> None:
    path = write(tmp_path, "dup.yaml", "table: a\ntable: b\ntools: []\n")
    _, problems = load_file(path)
    assert "duplicate key" in problems[0].message
    assert problems[0].location is not None and problems[0].location.line == 2


def test_bad_tool_name(tmp_path: Path) -> None:
    path = write(tmp_path, "c.yaml", GOOD.replace("ListConversations", "list-conversations"))
    _, problems = load_file(path)
    assert [p.message for p in problems] == ["bad tool name `list-conversations`"]
    assert str(problems[0].location) == f"{path}:3:11"
    assert "PascalCase" in (problems[0].hint or "")


def test_unknown_key_suggests_the_near_one(tmp_path: Path) -> None:
    path = write(tmp_path, "c.yaml", GOOD.replace("filters:", "filtres:"))
    _, problems = load_file(path)
    assert problems[0].message == "unknown key `filtres` — did you mean `filters`?"
    assert str(problems[0].location) == f"{path}:6:5"


def test_unknown_operator_suggests_the_near_one(tmp_path: Path) -> None:
    text = GOOD.replace("        example: user_ada", "        op: ilik\n        example: user_ada")
    path = write(tmp_path, "c.yaml", text)
    _, problems = load_file(path)
    assert problems[0].message.startswith("`ilik` is not allowed for `tools.0.filters.0.op`")
    assert "did you mean `ilike`?" in problems[0].message
    assert str(problems[0].location) == f"{path}:8:13"


def test_missing_required_key(tmp_path: Path) -> None:
    path = write(tmp_path, "c.yaml", GOOD.replace("    operation: list\n", ""))
    _, problems = load_file(path)
    assert problems[0].message == "`tools.0` is missing the required key `operation`"
    assert str(problems[0].location) == f"{path}:3:5"


def test_all_problems_of_all_files_are_reported_at_once(tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", GOOD.replace("filters:", "filtres:").replace("[id, title]", "id"))
    b = write(tmp_path, "b.yaml", "table: [\n")
    loaded = load_specs(spec_paths(tmp_path))
    assert loaded.files == ()
    where = sorted(str(p.location.path) for p in loaded.problems if p.location)
    assert where == [str(a), str(a), str(b)]


@pytest.mark.parametrize("text", ["", "- just a list\n", "plain text\n"])
def test_a_document_that_is_not_a_mapping(tmp_path: Path, text: str) -> None:
    _, problems = load_file(write(tmp_path, "x.yaml", text or "\n"))
    assert problems and problems[0].location is not None


def test_append_only_is_a_boolean_table_option(tmp_path: Path) -> None:
    spec, problems = load_file(write(tmp_path, "log.yaml", "append_only: true\n" + GOOD))
    assert problems == [] and spec is not None and spec.append_only
    spec, _ = load_file(write(tmp_path, "plain.yaml", GOOD))
    assert spec is not None and not spec.append_only
    spec, problems = load_file(write(tmp_path, "bad.yaml", "append_only: sometimes\n" + GOOD))
    assert spec is None and len(problems) == 1
    assert problems[0].location is not None and problems[0].location.line == 1
