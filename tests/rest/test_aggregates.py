"""Aggregates as PostgREST v14 has them, once `pgrst.db_aggregates_enabled` is on (off:
PGRST123): count(), sum/avg/max/min with grouping by the other fields, casts, in embeds."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import psycopg
import pytest

from tests.rest.conftest import assert_canonical_error
from tests.rest.test_schema_cache import wait_for


@pytest.fixture(scope="module")
def enabled(http: httpx.Client, rest_db) -> Iterator[None]:  # noqa: ANN001 - fixture
    with psycopg.connect(rest_db.dsn(), autocommit=True) as db:
        db.execute(
            "alter role authenticator set pgrst.db_aggregates_enabled = 'true'; notify pgrst"
        )
        try:
            assert wait_for(lambda: http.get("/films?select=count()").status_code == 200)
            yield
        finally:
            db.execute("alter role authenticator reset pgrst.db_aggregates_enabled; notify pgrst")
            assert wait_for(lambda: http.get("/films?select=count()").status_code == 400)


def test_disabled_by_default(http: httpx.Client) -> None:
    assert_canonical_error(http.get("/films?select=count()"), 400, "PGRST123")
    assert_canonical_error(http.get("/directors?select=films(year.max())"), 400, "PGRST123")


def test_count_and_grouping(http: httpx.Client, enabled: None) -> None:
    assert http.get("/films?select=count()").json() == [{"count": 4}]
    r = http.get("/films?select=director_id,n:count(),year.max()&order=director_id.nullsfirst")
    assert r.json() == [
        {"director_id": None, "n": 1, "max": None},
        {"director_id": 1, "n": 1, "max": 1962},
        {"director_id": 2, "n": 2, "max": 1954},
    ], r.text
    r = http.get("/films?select=meta->>lang,year.sum()::text&meta->>lang=eq.ja")
    assert r.json() == [{"lang": "ja", "sum": "3906"}], r.text
    r = http.get("/films?select=year::float.avg()&id=in.(1,2)")
    assert r.json() == [{"avg": 1958.0}], r.text


def test_aggregates_in_embeds(http: httpx.Client, enabled: None) -> None:
    r = http.get("/directors?select=name,films(year.min(),count())&order=id")
    assert r.json() == [
        {"name": "Agnès Varda", "films": [{"min": 1962, "count": 1}]},
        {"name": "Akira Kurosawa", "films": [{"min": 1952, "count": 2}]},
    ], r.text
