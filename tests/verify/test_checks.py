"""Every check, shown failing on a response built to break it (and passing on a good one).

HTTP that a check sends itself (read-backs, counts, auth probes) is answered by respx; the
tool's own response is built by hand. A check that cannot fail is a defect.
"""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime

import httpx
import pytest
import respx

from kit.verify.case import Request
from kit.verify.checks import REGISTRY, Skip, load
from kit.verify.checks.anon_key_is_refused import anon_key_is_refused
from kit.verify.checks.body_matches_schema import body_matches_schema
from kit.verify.checks.deletes_remove_only_matching import deletes_remove_only_matching
from kit.verify.checks.filters_hold import filters_hold
from kit.verify.checks.limit_holds import limit_holds
from kit.verify.checks.no_key_is_refused import no_key_is_refused
from kit.verify.checks.order_holds import order_holds
from kit.verify.checks.reads_not_hidden import reads_not_hidden
from kit.verify.checks.status_matches import status_matches
from kit.verify.checks.updates_change_only_sent import updates_change_only_sent
from kit.verify.checks.writes_persist import writes_persist
from kit.verify.context import CaseContext, Session
from kit.verify.failure import Failure

from .helpers import (
    AGENT,
    ANON,
    REST,
    SERVICE,
    FakeTarget,
    State,
    judge,
    list_case,
    response,
    write_case,
)

ADA = [
    {"id": "c2", "user_id": "user_ada", "updated_at": "2026-11-03T14:30:00+00:00"},
    {"id": "c1", "user_id": "user_ada", "updated_at": "2026-11-02T09:00:00+00:00"},
]
CONVERSATIONS = re.compile(rf"{REST}/conversations.*")


def fails(check, case, resp, state=None) -> Failure:
    with pytest.raises(Failure) as caught:
        judge(check, case, resp, state)
    return caught.value


def test_every_registered_check_is_tested_here() -> None:
    load()
    tested = {name for name in globals() if name in REGISTRY}
    assert tested == set(REGISTRY)


# status_matches


def test_status_matches_fails_on_a_permission_error_and_names_the_grant() -> None:
    body = {"code": "42501", "message": "permission denied for table conversations"}
    failure = fails(status_matches, list_case(), response(403, body, details="x"))
    assert failure.expected == "200 or 206"
    assert failure.received.startswith("403")
    assert failure.explanation is not None
    assert "missing GRANT SELECT on conversations for role maker_agent" in failure.explanation


def test_status_matches_wants_201_for_a_create() -> None:
    failure = fails(status_matches, write_case("create", {"title": "x"}), response(200, []))
    assert failure.expected == "201"
    judge(status_matches, write_case("create", {"title": "x"}), response(201, []))


def test_status_matches_explains_an_rls_denial_and_a_check_violation() -> None:
    rls = {"code": "42501", "message": 'new row violates row-level security policy for table "x"'}
    failure = fails(status_matches, write_case("create", {"t": 1}), response(403, rls))
    assert "no INSERT policy for role maker_agent whose WITH CHECK accepts" in str(
        failure.explanation
    )
    check = {"code": "23514", "message": 'violates check constraint "messages_role_check"'}
    failure = fails(status_matches, write_case("create", {"t": 1}), response(400, check))
    assert "CHECK constraint messages_role_check" in str(failure.explanation)


# body_matches_schema


def test_body_matches_schema_fails_on_a_missing_required_column() -> None:
    failure = fails(body_matches_schema, list_case(), response(200, [{"id": "c1"}]))
    assert "required" in failure.expected
    assert "user_id" in str(failure.explanation)
    judge(body_matches_schema, list_case(), response(200, ADA))


def test_body_matches_schema_fails_on_a_wrong_type_deep_in_the_body() -> None:
    failure = fails(body_matches_schema, list_case(), response(200, [{"id": 7, "user_id": "u"}]))
    assert failure.title.endswith("at 0/id")


def test_body_matches_schema_skips_an_error_response() -> None:
    with pytest.raises(Skip):
        judge(body_matches_schema, list_case(), response(403, {"message": "no"}))


# filters_hold


def test_filters_hold_fails_on_a_row_of_another_user() -> None:
    rows = [*ADA, {"id": "c9", "user_id": "user_grace", "updated_at": "2026-01-01T00:00:00Z"}]
    failure = fails(filters_hold, list_case(), response(200, rows))
    assert failure.title == "row 2 breaks the filter eq.user_ada"
    assert failure.received == 'user_id = "user_grace"'
    judge(filters_hold, list_case(), response(200, ADA))


@respx.mock
def test_filters_hold_reads_unselected_filter_columns_back_with_the_service_key() -> None:
    route = respx.get(CONVERSATIONS).respond(200, json=[{"id": "c1", "user_id": "user_bob"}])
    failure = fails(filters_hold, list_case(), response(200, [{"id": "c1"}]))
    assert "user_bob" in failure.received
    assert route.calls.last.request.headers["authorization"] == f"Bearer {SERVICE}"


# limit_holds


def test_limit_holds_fails_on_more_rows_than_the_limit() -> None:
    failure = fails(limit_holds, list_case(limit=1), response(200, ADA))
    assert (failure.expected, failure.received) == ("at most 1 rows", "2 rows")
    judge(limit_holds, list_case(limit=2), response(200, ADA))


def test_limit_holds_fails_when_a_singular_read_returns_an_array() -> None:
    case = list_case(
        operation="get",
        request=Request(
            "GET", f"{REST}/conversations?id=eq.c1", {"Accept": "application/vnd.pgrst.object+json"}
        ),
    )
    failure = fails(limit_holds, case, response(200, ADA))
    assert failure.expected == "one JSON object"


# order_holds


def test_order_holds_fails_on_rows_out_of_order() -> None:
    failure = fails(order_holds, list_case(), response(200, list(reversed(ADA))))
    assert failure.expected == "ordered by updated_at desc"
    assert failure.title == "row 1 is out of order"
    judge(order_holds, list_case(), response(200, ADA))


def test_order_holds_puts_nulls_first_when_descending() -> None:
    rows = [ADA[0], {"id": "c3", "user_id": "user_ada", "updated_at": None}]
    fails(order_holds, list_case(), response(200, rows))
    judge(order_holds, list_case(), response(200, list(reversed(rows))))


# reads_not_hidden


@respx.mock
def test_reads_not_hidden_fails_when_rls_hides_what_the_service_key_sees() -> None:
    respx.get(CONVERSATIONS).respond(200, json=ADA)
    failure = fails(reads_not_hidden, list_case(), response(200, []))
    assert "no SELECT policy for maker_agent on conversations" in str(failure.explanation)
    assert failure.received == "status 200, no rows"


@respx.mock
def test_reads_not_hidden_passes_when_nothing_matches_for_anyone() -> None:
    respx.get(CONVERSATIONS).respond(200, json=[])
    with pytest.raises(Skip):
        judge(reads_not_hidden, list_case(), response(200, []))
    judge(reads_not_hidden, list_case(), response(200, ADA))


# writes_persist


@respx.mock
def test_writes_persist_fails_when_the_stored_value_differs() -> None:
    respx.get(CONVERSATIONS).respond(200, json=[{"id": "c7", "title": "Renamed by a trigger"}])
    case = write_case("create", {"title": "New chat"})
    state = State(affected=[{"id": "c7"}])
    failure = fails(writes_persist, case, response(201, [{"id": "c7"}]), state)
    assert failure.expected == 'title = "New chat"'
    assert failure.received == 'title = "Renamed by a trigger"'


@respx.mock
def test_writes_persist_accepts_the_same_value_in_another_spelling() -> None:
    stored = {"id": "c7", "count": 3, "at": "2026-11-02T09:00:00+00:00", "v": "[0.5,0.25]"}
    respx.get(CONVERSATIONS).respond(200, json=[stored])
    sent = {"count": "3", "at": "2026-11-02 09:00:00Z", "v": [0.5, 0.25]}
    state = State(affected=[{"id": "c7"}])
    judge(writes_persist, write_case("create", sent), response(201, []), state)


def test_writes_persist_fails_when_an_update_touched_no_row() -> None:
    case = write_case("update", {"title": "x"})
    hidden = State(before=[{"id": "c1", "title": "old"}], affected=[])
    failure = fails(writes_persist, case, response(200, []), hidden)
    assert "row-level security hides them from role maker_agent" in str(failure.explanation)
    assert "no UPDATE policy on conversations" in str(failure.explanation)
    failure = fails(writes_persist, case, response(200, []), State(affected=[]))
    assert "matches no row of conversations, for the service key either" in str(failure.explanation)
    assert "trigger" not in str(failure.explanation)


# updates_change_only_sent


@respx.mock
def test_updates_change_only_sent_fails_when_another_column_changed() -> None:
    old = {"id": "c1", "title": "Old", "is_archived": False, "created_at": "2026-01-01T00:00:00Z"}
    respx.get(CONVERSATIONS).respond(200, json=[old | {"title": "New", "is_archived": True}])
    case = write_case("update", {"title": "New"})
    state = State(before=[old], affected=[{"id": "c1"}])
    failure = fails(updates_change_only_sent, case, response(200, [{"id": "c1"}]), state)
    assert failure.title == "conversations.is_archived changed although the tool does not send it"


@respx.mock
def test_updates_change_only_sent_allows_a_trigger_stamping_now() -> None:
    old = {"id": "c1", "title": "Old", "updated_at": "2026-01-01T00:00:00Z"}
    now = datetime.now(UTC).isoformat()
    respx.get(CONVERSATIONS).respond(200, json=[old | {"title": "New", "updated_at": now}])
    case = write_case("update", {"title": "New"})
    judge(updates_change_only_sent, case, response(200, []), State([old], [{"id": "c1"}]))


def test_updates_change_only_sent_fails_when_rows_outside_the_filter_changed() -> None:
    case = write_case("update", {"title": "New"})
    state = State(before=[{"id": "c1"}], affected=[{"id": "c1"}, {"id": "c2"}])
    failure = fails(updates_change_only_sent, case, response(200, []), state)
    assert failure.title == "the update changed rows outside its filter"


# deletes_remove_only_matching


@respx.mock
def test_deletes_remove_only_matching_fails_when_the_row_is_still_there() -> None:
    respx.get(CONVERSATIONS).respond(200, json=[{"id": "c1"}])
    case = write_case("delete", {})
    state = State(before=[{"id": "c1"}], before_count=5)
    failure = fails(deletes_remove_only_matching, case, response(204), state)
    assert failure.title == "1 matching row(s) still in conversations"


@respx.mock
def test_deletes_remove_only_matching_fails_when_more_rows_went() -> None:
    respx.get(CONVERSATIONS).respond(200, json=[], headers={"content-range": "0-0/3"})
    case = write_case("delete", {})
    state = State(before=[{"id": "c1"}], before_count=5)
    failure = fails(deletes_remove_only_matching, case, response(204), state)
    assert (failure.expected, failure.received) == ("4 rows left", "3 rows left")


# no_key_is_refused and anon_key_is_refused


@respx.mock
def test_no_key_is_refused_fails_when_the_table_answers_without_a_key() -> None:
    route = respx.get(CONVERSATIONS).respond(200, json=ADA)
    failure = fails(no_key_is_refused, list_case(), response(200, ADA))
    sent = route.calls.last.request.headers
    assert "apikey" not in sent and "authorization" not in sent
    assert failure.received == "200 with 2 row(s)"
    assert failure.request is not None


@respx.mock
def test_no_key_is_refused_passes_on_401_and_on_no_rows() -> None:
    respx.get(CONVERSATIONS).respond(401, json={"message": "No API key found in request"})
    judge(no_key_is_refused, list_case(), response(200, ADA))


@respx.mock
def test_anon_key_is_refused_fails_when_a_write_succeeds_with_the_anon_key() -> None:
    route = respx.post(CONVERSATIONS).respond(201, json=[{"id": "c9", "title": "x"}])
    case = write_case("create", {"title": "x"})

    async def probe() -> list:
        async with httpx.AsyncClient() as client:
            ctx = CaseContext(Session(client, FakeTarget()))
            with pytest.raises(Failure) as caught:
                await anon_key_is_refused(case, response(201, []), ctx)
            assert "accepts writes with the anon key" in str(caught.value.explanation)
            return ctx.ledger.created

    assert asyncio.run(probe()) == [("conversations", {"id": "c9"})]
    assert route.calls.last.request.headers["authorization"] == f"Bearer {ANON}"
    assert AGENT not in str(route.calls.last.request.headers)


@respx.mock
def test_anon_key_is_refused_passes_on_a_403() -> None:
    respx.post(CONVERSATIONS).respond(401, json={"code": "42501", "message": "permission denied"})
    judge(anon_key_is_refused, write_case("create", {"title": "x"}), response(201, []))


# the run-level cleanup checks


@respx.mock
def test_created_rows_removed_fails_when_a_created_row_is_still_there() -> None:
    from kit.verify.cleanup import created_rows_removed

    respx.get(CONVERSATIONS).respond(200, json=[{"id": "c9"}])

    async def go() -> Failure:
        async with httpx.AsyncClient() as client:
            session = Session(client, FakeTarget())
            session.created.append(("conversations", {"id": "c9"}))
            session.undo_problems.append("delete conversations {'id': 'c9'}: 403 append-only")
            with pytest.raises(Failure) as caught:
                await created_rows_removed(session)
            return caught.value

    failure = asyncio.run(go())
    assert failure.title == "1 row(s) verify created were left behind"
    assert "403 append-only" in failure.received
    assert "still there: conversations id=c9" in failure.received


@respx.mock
def test_created_rows_removed_passes_when_every_row_is_gone() -> None:
    from kit.verify.cleanup import created_rows_removed

    respx.get(CONVERSATIONS).respond(200, json=[])

    async def go() -> None:
        async with httpx.AsyncClient() as client:
            session = Session(client, FakeTarget())
            session.created.append(("conversations", {"id": "c9"}))
            await created_rows_removed(session)

    asyncio.run(go())


def test_row_counts_unchanged_fails_on_a_leftover_row() -> None:
    from kit.verify.cleanup import row_counts_unchanged

    with pytest.raises(Failure) as caught:
        row_counts_unchanged({"messages": 10, "memory": 3}, {"messages": 12, "memory": 3})
    assert caught.value.title == "row counts changed in messages"
    assert (caught.value.expected, caught.value.received) == ("messages: 10", "messages: 12")
    row_counts_unchanged({"messages": 10}, {"messages": 10})
