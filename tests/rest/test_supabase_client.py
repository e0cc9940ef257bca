"""The official supabase Python client against the gateway on a real port."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from postgrest.exceptions import APIError

from supabase import Client, create_client
from tests.rest.conftest import SECRET


@pytest.fixture(scope="module")
def sb(rest_url: str) -> Iterator[Client]:
    client = create_client(rest_url, SECRET)
    yield client
    client.postgrest.session.close()


@pytest.fixture
def clean_items(db: psycopg.Connection) -> Iterator[None]:
    yield
    db.execute("delete from public.items")


def test_select_with_filters_order_and_limit(sb: Client) -> None:
    res = (
        sb.table("films")
        .select("id,title")
        .gte("year", 1950)
        .order("year", desc=True)
        .limit(2)
        .execute()
    )
    assert res.data == [{"id": 1, "title": "Cléo from 5 to 7"}, {"id": 2, "title": "Seven Samurai"}]


def test_select_embeds_to_one_to_many_and_many_to_many(sb: Client) -> None:
    res = (
        sb.table("films")
        .select("title, director:directors(name), roles(character), actors(name)")
        .eq("id", 2)
        .execute()
    )
    assert res.data == [
        {
            "title": "Seven Samurai",
            "director": {"name": "Akira Kurosawa"},
            "roles": [{"character": "Kikuchiyo"}, {"character": "Kambei"}],
            "actors": [{"name": "Toshiro Mifune"}, {"name": "Takashi Shimura"}],
        }
    ]


def test_inner_embed_filters_parents(sb: Client) -> None:
    res = sb.table("directors").select("name, films!inner(title)").eq("films.year", 1962).execute()
    assert res.data == [{"name": "Agnès Varda", "films": [{"title": "Cléo from 5 to 7"}]}]


def test_or_in_like_is_and_contains(sb: Client) -> None:
    assert [
        r["id"]
        for r in sb.table("films")
        .select("id")
        .or_("year.lt.1953,title.ilike.*samurai*")
        .order("id")
        .execute()
        .data
    ] == [2, 3]
    assert [r["id"] for r in sb.table("films").select("id").in_("id", [1, 3]).execute().data] == [
        1,
        3,
    ]
    assert sb.table("films").select("id").is_("year", "null").execute().data == [{"id": 4}]
    assert sb.table("films").select("id").contains("tags", ["epic"]).execute().data == [{"id": 2}]
    assert sb.table("films").select("id").like("title", "%Ikiru%").execute().data == [{"id": 3}]
    assert sb.table("films").select("id").neq("id", 1).not_.is_("year", "null").order(
        "id"
    ).execute().data == [{"id": 2}, {"id": 3}]


def test_text_search(sb: Client) -> None:
    res = (
        sb.table("films")
        .select("id")
        .text_search("tsv", "samurai", options={"config": "english"})
        .execute()
    )
    assert res.data == [{"id": 2}]


def test_count_exact_and_range(sb: Client) -> None:
    res = sb.table("films").select("id", count="exact").order("id").range(1, 2).execute()
    assert res.count == 4
    assert [r["id"] for r in res.data] == [2, 3]


def test_head_count(sb: Client) -> None:
    res = sb.table("films").select("*", count="exact", head=True).execute()
    assert res.count == 4


def test_single_and_maybe_single(sb: Client) -> None:
    assert sb.table("films").select("title").eq("id", 3).single().execute().data == {
        "title": "Ikiru"
    }
    assert sb.table("films").select("title").eq("id", 99).maybe_single().execute() is None
    with pytest.raises(APIError) as err:
        sb.table("films").select("title").single().execute()
    assert err.value.code == "PGRST116"


def test_insert_update_delete(sb: Client, clean_items: None) -> None:
    inserted = sb.table("items").insert({"name": "bolt"}).execute().data
    assert inserted[0]["name"] == "bolt" and inserted[0]["qty"] == 7
    bulk = (
        sb.table("items").insert([{"name": "nut", "qty": 3}, {"name": "gear", "qty": 1}]).execute()
    )
    assert sorted(r["name"] for r in bulk.data) == ["gear", "nut"]
    updated = sb.table("items").update({"qty": 9}).eq("name", "nut").execute().data
    assert updated == [{**updated[0], "name": "nut", "qty": 9}]
    deleted = sb.table("items").delete().eq("name", "gear").execute().data
    assert [r["name"] for r in deleted] == ["gear"]
    left = sb.table("items").select("name,qty").order("name").execute().data
    assert left == [{"name": "bolt", "qty": 7}, {"name": "nut", "qty": 9}]


def test_upsert_merge_and_ignore(sb: Client, clean_items: None) -> None:
    sb.table("items").insert({"name": "washer", "qty": 1}).execute()
    merged = sb.table("items").upsert({"name": "washer", "qty": 5}, on_conflict="name").execute()
    assert merged.data[0]["qty"] == 5
    ignored = (
        sb.table("items")
        .upsert({"name": "washer", "qty": 8}, on_conflict="name", ignore_duplicates=True)
        .execute()
    )
    assert ignored.data == []
    assert sb.table("items").select("qty").eq("name", "washer").single().execute().data == {
        "qty": 5
    }


def test_insert_error_is_api_error(sb: Client, clean_items: None) -> None:
    sb.table("items").insert({"name": "dup"}).execute()
    with pytest.raises(APIError) as err:
        sb.table("items").insert({"name": "dup"}).execute()
    assert err.value.code == "23505"


def test_rpc_scalar_set_table_and_filters(sb: Client) -> None:
    assert sb.rpc("add", {"a": 2, "b": 3}).execute().data == 5
    assert sb.rpc("film_years", {"min_year": 1953}).execute().data == [1954, 1962]
    rows = sb.rpc("films_after", {"y": 1950}).select("title").lt("year", 1960).execute().data
    assert rows == [{"title": "Seven Samurai"}, {"title": "Ikiru"}]
    assert sb.rpc("film_by_id", {"fid": 3}).execute().data["title"] == "Ikiru"
    assert sb.rpc("add", {"a": 1, "b": 1}, get=True).execute().data == 2


def test_rpc_count(sb: Client) -> None:
    res = sb.rpc("films_after", {"y": 1900}, count="exact").execute()
    assert res.count == 3


def test_flagship_tables_through_the_client(sb: Client) -> None:
    res = (
        sb.table("conversations").select("title, messages(role)", count="exact").limit(1).execute()
    )
    assert res.count and res.count >= 1
    assert isinstance(res.data[0]["messages"], list)
