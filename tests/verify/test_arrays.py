"""PostgreSQL array literals: parsed as `array_in` reads them (checked against the real server),
and compared with the JSON arrays PostgREST returns only when the column is an array."""

from __future__ import annotations

import psycopg
import pytest

from kit.verify.arrays import parse_array
from kit.verify.case import Filter
from kit.verify.values import matches, same

LITERALS = [
    "{chatgpt,developer}",
    "{}",
    " { a , b } ",
    '{"a b","c,d","q\\"x","back\\\\slash"}',
    "{c\\,d,e\\ }",
    '{NULL,null,"NULL",N\\ULL}',
    '{""}',
    "{{1,2},{3,4}}",
    "[1:2]={x,y}",
    "{  spaced  words  }",
    "{é,日本}",
]
MALFORMED = ["{a,b", "a,b", "{a,,b}", "{a}x", "{{1},2}", '{"a}', "{a\\}", "", "[1:2]x{a}"]


@pytest.mark.parametrize("literal", LITERALS)
def test_literals_parse_as_postgresql_reads_them(literal: str, kit_db_url: str) -> None:
    with psycopg.connect(kit_db_url) as conn:
        stored = conn.execute("select %s::text[]", [literal]).fetchone()[0]
    assert parse_array(literal) == stored


@pytest.mark.parametrize("literal", MALFORMED)
def test_malformed_literals_are_not_arrays(literal: str, kit_db_url: str) -> None:
    with psycopg.connect(kit_db_url) as conn, pytest.raises(psycopg.DataError):
        conn.execute("select %s::text[]", [literal])
    assert parse_array(literal) is None


def test_an_array_column_compares_the_literal_sent_with_the_json_array_stored() -> None:
    assert same("{chatgpt,developer}", ["chatgpt", "developer"], array=True)
    assert same('{"a b",NULL}', ["a b", None], array=True)
    assert same("{1,2}", [1, 2], array=True) and same("{{1,2},{3,4}}", [[1, 2], [3, 4]], array=True)
    assert same('["a","b"]', ["a", "b"], array=True)  # JSON array text is accepted too
    assert same("{}", [], array=True)


def test_an_array_column_still_tells_different_arrays_apart() -> None:
    assert not same("{chatgpt,developer}", ["developer", "chatgpt"], array=True)  # order counts
    assert not same("{chatgpt}", ["chatgpt", "developer"], array=True)
    assert not same("{NULL}", ["NULL"], array=True)  # unquoted NULL is null, not the text
    assert not same("{a,b", ["a", "b"], array=True)  # malformed: no match


def test_without_array_type_braces_are_just_text() -> None:
    assert not same("{chatgpt,developer}", ["chatgpt", "developer"])
    assert same("{chatgpt,developer}", "{chatgpt,developer}")


def test_array_filters_read_the_literal() -> None:
    row = {"tags": ["auth", "security", "jwt"]}
    assert matches(row, Filter("tags", "cs", "{auth,jwt}", array=True))
    assert not matches(row, Filter("tags", "cs", "{auth,oauth}", array=True))
    assert matches(row, Filter("tags", "cd", "{auth,security,jwt,x}", array=True))
    assert matches(row, Filter("tags", "ov", "{oauth,jwt}", array=True))
    assert not matches(row, Filter("tags", "ov", "{oauth}", array=True))
    assert matches(row, Filter("tags", "eq", "{auth,security,jwt}", array=True))
    assert not matches(row, Filter("tags", "eq", "{auth}", array=True))
    assert matches(row, Filter("tags", "cs", "{auth}")) is None  # no type info: not judged
