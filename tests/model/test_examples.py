"""Example values the kit invents are valid for the column or argument: enums (RPC arguments of
an enum type too), vectors of the column's dimension, fresh values for unique columns; a type it
cannot invent a value for is a generate-time error asking for `example:`.

A small catalog built by hand (no database): the rules read only its types and keys.
"""

from __future__ import annotations

from pathlib import Path

from kit.catalog import Argument, Catalog, Column, Function, Table
from kit.model import ToolSet
from tests.model.conftest import write
from tests.model.test_resolve import problems_of, tools_of

MOODS = ("calm", "busy")
NOTES = Table(
    "public",
    "notes",
    columns=(
        Column("id", "uuid", "uuid", nullable=False, default="gen_random_uuid()"),
        Column("slug", "text", "text", nullable=False),
        Column("mood", "public.mood", "mood", base_kind="e", enum=MOODS),
        Column("status", "text", "text", enum=("open", "done")),  # a CHECK (status IN ...)
        Column("embedding", "extensions.vector(3)", "vector"),
        Column("tags", "text[]", "text", is_array=True),
        Column("spot", "point", "point"),
    ),
    primary_key=("id",),
    unique=(("slug",),),
)
SET_MOOD = Function(
    "public",
    "set_mood",
    "public.set_mood(public.mood, point)",
    arguments=(Argument("p_mood", "public.mood", "mood"), Argument("p_spot", "point", "point")),
    returns_table="public.notes",
    returns_set=True,
)
CATALOG = Catalog(
    ("public",), tables={"public.notes": NOTES}, functions={"public.set_mood": (SET_MOOD,)}
)
HEAD = "table: notes\ntools:\n"


def test_invented_examples_fit_the_type(tmp_path: Path) -> None:
    write(
        tmp_path,
        "n.yaml",
        HEAD
        + """
  - name: SaveNote
    operation: create
    description: Save a note.
    columns: [{name: slug}, {name: mood}, {name: status}, {name: embedding}, {name: tags}]
  - name: SetMood
    operation: rpc
    function: set_mood
    description: Set the mood.
    args: [{name: mood, arg: p_mood}, {name: spot, arg: p_spot, example: "(1,2)"}]
""",
    )
    tools: ToolSet = tools_of(tmp_path, CATALOG)
    save = tools.tool("SaveNote")
    assert save is not None
    examples = save.examples()
    assert examples["mood"] in MOODS and examples["status"] in ("open", "done")
    assert examples["embedding"] == "[0.1,0.1,0.1]"  # vector(3): three numbers
    assert examples["tags"] == []
    assert examples["slug"] == "savenote-slug-example"  # unique: not a value of the data
    set_mood = tools.tool("SetMood")
    assert set_mood is not None
    mood = set_mood.parameter("mood")
    assert mood is not None
    assert mood.schema == {"type": "string", "enum": list(MOODS)}  # every output carries it
    assert mood.example == "calm"


def test_a_type_without_an_inventable_value_asks_for_an_example(tmp_path: Path) -> None:
    write(
        tmp_path,
        "n.yaml",
        HEAD
        + """
  - name: SaveNote
    operation: create
    description: Save a note.
    columns: [{name: slug}, {name: spot}]
""",
    )
    problems = problems_of(tmp_path, CATALOG)
    assert [p.message for p in problems] == [
        "SaveNote: column `spot` is point: the kit cannot invent a valid value"
    ]
    assert problems[0].hint == "give the parameter an `example:` the type accepts"
    assert problems[0].location is not None and problems[0].location.line == 7


def test_json_and_optional_values_are_whole_json_placeholders_and_optional_filters_stay_out(
    tmp_path: Path, flagship_catalog: Catalog
) -> None:
    """jsonb `settings` is settable; an optional nullable value may be null; an optional filter
    is not in the URL (PostgREST has no "ignore when empty")."""
    write(
        tmp_path,
        "p.yaml",
        """
table: user_preferences
tools:
  - name: SaveSettings
    operation: upsert
    description: Save settings.
    columns:
      - {name: user_id}
      - {name: settings, example: {font_size: 14}}
      - {name: preferred_style, required: false}
    on_conflict: [user_id]
  - name: ListPreferences
    operation: list
    description: List.
    filters:
      - {name: user_id}
      - {name: dark_mode, required: false}
""",
    )
    tools = tools_of(tmp_path, flagship_catalog)
    save, listing = tools.tool("SaveSettings"), tools.tool("ListPreferences")
    assert save is not None and listing is not None
    assert save.request.body_text() == (
        '{"user_id":"{{user_id}}","settings":{{settings}},"preferred_style":{{preferred_style}}}'
    )
    filled = save.request.fill({"user_id": "u", "settings": {"a": "it's"}, "preferred_style": None})
    assert filled.body_text() == (
        '{"user_id":"u","settings":{"a":"it\\u0027s"},"preferred_style":null}'
    )
    style = save.parameter("preferred_style")
    assert style is not None and style.schema["type"] == ["string", "null"]
    assert "or null to leave it empty" in style.description
    assert [k for k, _ in listing.request.query] == ["select", "user_id"]
    dark = listing.parameter("dark_mode")
    assert dark is not None and not dark.in_request and dark.required is False
