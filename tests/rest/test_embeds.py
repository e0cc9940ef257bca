"""Embeds as PostgREST v14 resolves them: computed relationships (self-references included),
`rel()` that contributes nothing, and one name embedded twice (42712)."""

from __future__ import annotations

import httpx

from tests.rest.conftest import assert_canonical_error


def test_self_reference_needs_a_computed_relationship(http: httpx.Client) -> None:
    # Both directions of staff.boss_id match: ambiguous, as in PostgREST.
    assert_canonical_error(http.get("/staff?select=name,staff(name)"), 300, "PGRST201")


def test_computed_relationships(http: httpx.Client) -> None:
    r = http.get("/staff?select=name,boss(name),reports(name)&order=id")
    assert r.json() == [
        {"name": "ann", "boss": None, "reports": [{"name": "bob"}, {"name": "cy"}]},
        {"name": "bob", "boss": {"name": "ann"}, "reports": []},
        {"name": "cy", "boss": {"name": "ann"}, "reports": []},
    ], r.text
    r = http.get("/staff?select=name,reports!inner(name)&reports.name=eq.cy")
    assert r.json() == [{"name": "ann", "reports": [{"name": "cy"}]}], r.text
    r = http.get("/staff?select=name,boss(name)&order=boss(name).asc.nullsfirst,id.desc")
    assert [row["name"] for row in r.json()] == ["ann", "cy", "bob"], r.text


def test_empty_embed_contributes_nothing(http: httpx.Client) -> None:
    assert http.get("/films?select=id,directors()&id=eq.1").json() == [{"id": 1}]
    assert http.get("/films?select=id,roles()&id=eq.1").json() == [{"id": 1}]
    # It still filters: film 4 has no director.
    assert http.get("/films?select=id,directors!inner()&id=in.(1,4)").json() == [{"id": 1}]


def test_same_embed_twice_without_alias(http: httpx.Client) -> None:
    r = http.get("/films?select=id,directors(name),directors(id)")
    body = assert_canonical_error(r, 400, "42712")
    assert body["message"] == 'table name "films_directors_1" specified more than once'
    r = http.get("/films?select=id,directors(name),d:directors(id)&id=eq.1")
    assert r.json() == [{"id": 1, "directors": {"name": "Agnès Varda"}, "d": {"id": 1}}]
