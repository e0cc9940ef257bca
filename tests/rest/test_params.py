"""The pure stages, without a database: query-string grammar, Prefer, request parsing, SQL text."""

from __future__ import annotations

import pytest

from kit.rest.config import RestConfig
from kit.rest.errors import ApiError, sqlstate_status
from kit.rest.params import (
    Condition,
    Field,
    JsonStep,
    Logic,
    SelectEmbed,
    SelectField,
    Star,
    looks_like_filter,
    parse_order,
    parse_query,
    parse_select,
)
from kit.rest.prefer import parse_prefer
from kit.rest.request import parse_request, route
from kit.rest.sql import array_literal, ident

CONFIG = RestConfig(db_url="postgresql://x")


def test_select_grammar() -> None:
    items = parse_select(
        'id, n:name, meta->a->>"b c", year::text, dir:directors!fk!inner(name,*), ...x(y)'
    )
    assert items == (
        SelectField(Field("id")),
        SelectField(Field("name"), "n"),
        SelectField(Field("meta", (JsonStep("->", "a"), JsonStep("->>", "b c")))),
        SelectField(Field("year"), None, "text"),
        SelectEmbed("directors", "dir", "fk", "inner", False, (SelectField(Field("name")), Star())),
        SelectEmbed("x", None, None, None, True, (SelectField(Field("y")),)),
    )
    assert parse_select("") == (Star(),)
    assert parse_select("arr->0")[0].field.path == (JsonStep("->", "0", True),)  # type: ignore[union-attr]


@pytest.mark.parametrize("bad", ["id,", "a(", "a::text;drop", "a!b!c!d(x)", '"open', "a:"])
def test_select_errors_are_pgrst100(bad: str) -> None:
    with pytest.raises(ApiError) as err:
        parse_select(bad)
    assert err.value.code == "PGRST100" and err.value.status == 400


def test_filters_and_logic() -> None:
    qp = parse_query(
        [
            ("a", "not.eq.1"),
            ("b", 'in.(1,"x,y","q\\"t")'),
            ("c", "like(any).{a*,b*}"),
            ("t", "fts(english).cat"),
            ("rel.col", "is.null"),
            ("or", "(a.eq.1,not.and(b.gt.2,c.is.true))"),
            ("not.and", '(a.eq."1,2",b.cs.{1,2})'),
        ]
    )
    top = qp.filters[()]
    assert top[0] == Condition(Field("a"), "eq", "1", negate=True)
    assert top[1] == Condition(Field("b"), "in", ("1", "x,y", 'q"t'))
    assert top[2] == Condition(Field("c"), "like", "{a*,b*}", modifier="any")
    assert top[3] == Condition(Field("t"), "fts", "cat", modifier="english")
    assert top[4] == Logic(
        "or",
        (
            Condition(Field("a"), "eq", "1"),
            Logic(
                "and",
                (Condition(Field("b"), "gt", "2"), Condition(Field("c"), "is", "true")),
                negate=True,
            ),
        ),
    )
    assert top[5] == Logic(
        "and",
        (Condition(Field("a"), "eq", "1,2"), Condition(Field("b"), "cs", "{1,2}")),
        negate=True,
    )
    assert qp.filters[("rel",)] == [Condition(Field("col"), "is", "null")]


def test_order_limit_offset_columns() -> None:
    qp = parse_query(
        [
            ("order", "a.desc.nullslast,b,rel(c).asc"),
            ("limit", "5"),
            ("offset", "2"),
            ("rel.limit", "1"),
            ("columns", '"a","b"'),
            ("on_conflict", "a"),
        ]
    )
    assert [(t.field.name, t.relation, t.direction, t.nulls) for t in qp.order[()]] == [
        ("a", None, "desc", "last"),
        ("b", None, None, None),
        ("c", "rel", "asc", None),
    ]
    assert (qp.limits, qp.offsets) == ({(): 5, ("rel",): 1}, {(): 2})
    assert (qp.columns, qp.on_conflict) == (("a", "b"), ("a",))
    with pytest.raises(ApiError):
        parse_order("a.up")


def test_rpc_get_arguments_versus_filters() -> None:
    assert (
        looks_like_filter("eq.1")
        and looks_like_filter("not.in.(1)")
        and looks_like_filter("fts(en).x")
    )
    assert (
        not looks_like_filter("1")
        and not looks_like_filter("equal")
        and not looks_like_filter("eq")
    )
    qp = parse_query([("y", "1950"), ("id", "gt.2")], rpc_get=True)
    assert qp.args == [("y", "1950")] and qp.filters[()] == [Condition(Field("id"), "gt", "2")]


def test_prefer_merges_and_strict() -> None:
    p = parse_prefer(["return=representation, count=exact", "return=minimal,missing=default"])
    assert (p.return_, p.count, p.missing) == ("representation", "exact", "default")
    assert parse_prefer(["foo=bar"]).return_ is None  # lenient: ignored
    with pytest.raises(ApiError) as err:
        parse_prefer(["handling=strict,foo=bar"])
    assert err.value.code == "PGRST122"


def test_routes() -> None:
    assert (
        route("/") == ("root", "")
        and route("/t") == ("table", "t")
        and route("/rpc/f") == ("rpc", "f")
    )
    with pytest.raises(ApiError) as err:
        route("/a/b/c")
    assert err.value.code == "PGRST125"


def test_parse_request_media_profile_range_body() -> None:
    req = parse_request(
        "GET",
        "/t",
        "select=a",
        [("Accept", "text/csv;q=0.5, application/vnd.pgrst.object+json"), ("Range", "2-5")],
        b"",
        CONFIG,
    )
    assert (req.media, req.range_offset, req.range_limit, req.schema) == ("object", 2, 4, "public")
    req = parse_request(
        "POST", "/t", "", [("Content-Profile", "graphql_public")], b'[{"a":1},{"a":2}]', CONFIG
    )
    assert (req.schema, req.payload_keys) == ("graphql_public", ("a",))
    with pytest.raises(ApiError) as err:
        parse_request("GET", "/t", "", [("Accept", "image/png")], b"", CONFIG)
    assert err.value.code == "PGRST107"


def test_sql_helpers_quote_identifiers_and_never_values() -> None:
    assert ident('a"b') == '"a""b"'
    assert ident("50%") == '"50%%"'  # psycopg placeholders
    assert array_literal(['a"b', "c,d", "e\\"]) == '{"a\\"b","c,d","e\\\\"}'


@pytest.mark.parametrize(
    ("sqlstate", "message", "authed", "status"),
    [
        ("23505", "", True, 409),
        ("23503", "", True, 409),
        ("23514", "", True, 400),
        ("42501", "", False, 401),
        ("42501", "", True, 403),
        ("42P01", "", True, 404),
        ("21000", "DELETE requires a WHERE clause", True, 400),
        ("21000", "more than one row", True, 500),
        ("22023", 'role "x" does not exist', True, 401),
        ("PT418", "", True, 418),
        ("08006", "", True, 503),
        ("25006", "", True, 405),
        ("P0001", "", True, 400),
        ("XX000", "", True, 500),
        ("22P02", "", True, 400),
    ],
)
def test_sqlstate_status_map(sqlstate: str, message: str, authed: bool, status: int) -> None:
    assert sqlstate_status(sqlstate, message, authed=authed) == status
