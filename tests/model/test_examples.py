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
