"""Specs + catalog -> tools: every mistake class shows its message with file:line:column.

Each case writes a small YAML file, loads it and resolves it against the flagship catalog (the
real migrations in the session's PostgreSQL), then checks the exact message and position.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.catalog import Catalog
from kit.errors import KitError, SpecError
from kit.model import ToolSet, resolve
from kit.specs import load_specs, spec_paths
from tests.model.conftest import write

HEAD = "table: conversations\nrole: maker_agent\ntools:\n"
LIST = """
  - name: ListConversations
    operation: list
    description: List a user's conversations.
    filters:
      - name: user_id
    select: [id, title]
"""


def problems_of(folder: Path, catalog: Catalog) -> list[KitError]:
    loaded = load_specs(spec_paths(folder))
    with pytest.raises(SpecError) as caught:
        resolve(loaded.files, catalog, loaded.problems)
    return caught.value.problems


def tools_of(folder: Path, catalog: Catalog) -> ToolSet:
    loaded = load_specs(spec_paths(folder))
    return resolve(loaded.files, catalog, loaded.problems)


def test_the_flagship_specs_resolve(flagship_tools: ToolSet) -> None:
    names = {t.name for t in flagship_tools}
    assert {
        "ListConversations",
        "CreateConversation",
        "GetMessages",
        "SaveMessage",
        "GetGeneratedCode",
        "SaveGeneratedCode",
        "GetPreferences",
        "GetConversation",
        "RenameConversation",
        "ArchiveConversation",
        "UpsertPreferences",
        "SaveMemory",
        "RecallMemories",
        "SearchMemories",
        "TouchMemory",
    } <= names
    assert flagship_tools.warnings == ()


def test_unknown_column_suggests_the_near_one(tmp_path: Path, flagship_catalog: Catalog) -> None:
    path = write(tmp_path, "c.yaml", HEAD + LIST.replace("[id, title]", "[id, titel]"))
    (problem,) = problems_of(tmp_path, flagship_catalog)
    assert problem.message == (
        "ListConversations: unknown column `titel` in table conversations — did you mean `title`?"
    )
    assert str(problem.location) == f"{path}:10:18"
    assert "columns of conversations: id, user_id, title" in (problem.hint or "")


def test_unknown_filter_column(tmp_path: Path, flagship_catalog: Catalog) -> None:
    path = write(tmp_path, "c.yaml", HEAD + LIST.replace("name: user_id", "name: userid"))
    (problem,) = problems_of(tmp_path, flagship_catalog)
    assert problem.message.endswith(
        "unknown column `userid` in table conversations — did you mean `user_id`?"
    )
    assert str(problem.location) == f"{path}:9:15"


def test_operator_not_valid_for_the_column_type(tmp_path: Path, flagship_catalog: Catalog) -> None:
    text = LIST.replace("      - name: user_id", "      - name: is_archived\n        op: ilike")
    path = write(tmp_path, "c.yaml", HEAD + text)
    (problem,) = problems_of(tmp_path, flagship_catalog)
    assert problem.message == (
        "ListConversations: operator `ilike` is not valid for column `is_archived` (boolean)"
    )
    assert str(problem.location) == f"{path}:10:13"
    assert problem.hint == "operators for a boolean column: eq, neq, is"


def test_duplicate_tool_name_across_files(tmp_path: Path, flagship_catalog: Catalog) -> None:
    first = write(tmp_path, "a.yaml", HEAD + LIST)
    second = write(tmp_path, "b.yaml", HEAD + LIST)
    (problem,) = problems_of(tmp_path, flagship_catalog)
    assert problem.message == "duplicate tool name `ListConversations`"
    assert str(problem.location) == f"{second}:5:11"
    assert f"first defined at {first}:5:11" in (problem.hint or "")


def test_missing_required_write_column(tmp_path: Path, flagship_catalog: Catalog) -> None:
    text = """
table: messages
tools:
  - name: SaveMessage
    operation: create
    description: Store a message.
    columns:
      - name: conversation_id
      - name: role
"""
    path = write(tmp_path, "m.yaml", text)
    (problem,) = problems_of(tmp_path, flagship_catalog)
    assert problem.message == (
        "SaveMessage: missing required write column `content` "
        "(NOT NULL with no default in messages)"
    )
    assert str(problem.location) == f"{path}:6:5"
    assert "- name: content" in (problem.hint or "")


def test_bad_name_from_the_schema(tmp_path: Path, flagship_catalog: Catalog) -> None:
    path = write(tmp_path, "c.yaml", HEAD + LIST.replace("ListConversations", "list_conversations"))
    (problem,) = problems_of(tmp_path, flagship_catalog)
    assert problem.message == "bad tool name `list_conversations`"
    assert str(problem.location) == f"{path}:5:11"


def test_unknown_table(tmp_path: Path, flagship_catalog: Catalog) -> None:
    path = write(
        tmp_path, "c.yaml", (HEAD + LIST).replace("table: conversations", "table: conversation")
    )
    (problem,) = problems_of(tmp_path, flagship_catalog)
    assert problem.message == "unknown table `conversation` — did you mean `conversations`?"
    assert str(problem.location) == f"{path}:1:8"


def test_unexposed_schema(tmp_path: Path, flagship_catalog: Catalog) -> None:
    write(tmp_path, "c.yaml", (HEAD + LIST).replace("table: conversations", "table: private.x"))
    (problem,) = problems_of(tmp_path, flagship_catalog)
    assert "[api] schemas" in (problem.hint or "")


def test_yaml_syntax_error_is_reported_with_the_others(
    tmp_path: Path, flagship_catalog: Catalog
) -> None:
    broken = write(tmp_path, "a.yaml", "table: conversations\ntools: [\n")
    wrong = write(tmp_path, "b.yaml", HEAD + LIST.replace("[id, title]", "[id, titel]"))
    problems = problems_of(tmp_path, flagship_catalog)
    assert [p.location.path for p in problems if p.location] == [broken, wrong]
    assert problems[0].message.startswith("YAML syntax error")


def test_grants_of_the_role_are_checked(tmp_path: Path, flagship_catalog: Catalog) -> None:
    text = """
  - name: SetCount
    operation: update
    description: Set the message count.
    filters:
      - name: id
    columns:
      - name: message_count
  - name: DropConversation
    operation: delete
    description: Delete a conversation.
    filters:
      - name: id
"""
    write(tmp_path, "c.yaml", HEAD + text)
    messages = [p.message for p in problems_of(tmp_path, flagship_catalog)]
    assert messages == [
        "SetCount: role maker_agent may not UPDATE conversations (message_count)",
        "DropConversation: role maker_agent may not DELETE from conversations",
    ]


def test_get_needs_a_key_and_update_needs_a_filter(
    tmp_path: Path, flagship_catalog: Catalog
) -> None:
    text = """
  - name: GetByUser
    operation: get
    description: One conversation of a user.
    filters:
      - name: user_id
  - name: RenameAll
    operation: update
    description: Rename everything.
    columns:
      - name: title
"""
    write(tmp_path, "c.yaml", HEAD + text)
    messages = [p.message for p in problems_of(tmp_path, flagship_catalog)]
    assert messages == [
        "GetByUser: a get tool must filter with `eq` on a primary or unique key",
        "RenameAll: a update tool needs a required `eq` filter",
    ]


def test_keys_that_do_not_apply(tmp_path: Path, flagship_catalog: Catalog) -> None:
    text = """
table: user_preferences
tools:
  - name: SaveSettings
    operation: upsert
    description: Save settings.
    columns:
      - name: user_id
      - name: settings
    on_conflict: [user_id]
    order: [user_id]
"""
    write(tmp_path, "p.yaml", text)
    messages = [p.message for p in problems_of(tmp_path, flagship_catalog)]
    assert messages == ["SaveSettings: `order` does not apply to a upsert tool"]


def test_unknown_function_and_argument(tmp_path: Path, flagship_catalog: Catalog) -> None:
    text = """
table: memory_long_term
tools:
  - name: Search
    operation: rpc
    function: search_memory
    description: Search.
  - name: Touch
    operation: rpc
    function: touch_memory
    description: Touch.
    args:
      - name: id
        arg: id
"""
    write(tmp_path, "m.yaml", text)
    messages = [p.message for p in problems_of(tmp_path, flagship_catalog)]
    assert messages == [
        "Search: unknown function `search_memory` — did you mean `search_memories`?",
        "Touch: function `touch_memory` has no argument `id` — did you mean `p_id`?",
    ]


def test_lint_description_lengths(tmp_path: Path, flagship_catalog: Catalog) -> None:
    long = "x" * 301
    text = LIST.replace("List a user's conversations.", long)
    text += "        description: " + "y" * 701 + "\n"
    write(
        tmp_path,
        "c.yaml",
        HEAD + text.replace("    select: [id, title]\n", "") + "    select: [id]\n",
    )
    messages = [p.message for p in problems_of(tmp_path, flagship_catalog)]
    assert messages == [
        "ListConversations: description has 301 characters; GPT Actions accept at most 300",
        "ListConversations: description of `user_id` has 701 characters; "
        "GPT Actions accept at most 700",
    ]


def test_tool_count_warns_over_40_and_fails_over_128(
    tmp_path: Path, flagship_catalog: Catalog
) -> None:
    def tools(n: int) -> str:
        return "".join(LIST.replace("ListConversations", f"List{i}") for i in range(n))

    write(tmp_path, "c.yaml", HEAD + tools(41))
    assert "41 tools" in tools_of(tmp_path, flagship_catalog).warnings[0].message
    write(tmp_path, "c.yaml", HEAD + tools(129))
    (problem,) = problems_of(tmp_path, flagship_catalog)
    assert problem.message == "129 tools: OpenAI accepts at most 128 in one request"


def test_append_only_tables_are_named_and_take_no_update_or_delete_tool(
    tmp_path: Path, flagship_catalog: Catalog
) -> None:
    head = HEAD.replace("tools:\n", "append_only: true\ntools:\n")
    write(tmp_path, "c.yaml", head + LIST)
    tools = tools_of(tmp_path, flagship_catalog)
    assert list(tools.append_only) == ["public.conversations"]
    assert str(tools.append_only["public.conversations"]).endswith("c.yaml:3:14")

    archive = """
  - name: ArchiveConversation
    operation: update
    description: Archive a conversation.
    filters: [{name: id}]
    values: {is_archived: true}
"""
    write(tmp_path, "c.yaml", head + LIST + archive)
    (problem,) = problems_of(tmp_path, flagship_catalog)
    assert problem.message == (
        "ArchiveConversation: an update tool on append-only table `conversations`"
    )
    assert problem.location is not None and problem.location.line == 14
    assert "c.yaml:3:14" in (problem.hint or "")
    write(tmp_path, "c.yaml", HEAD + LIST + archive)
    assert tools_of(tmp_path, flagship_catalog).append_only == {}
