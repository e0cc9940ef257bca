"""Plain words for the errors tools run into: one case per line, (status, body) → phrase."""

from __future__ import annotations

import pytest

from kit.verify.explain import Situation, explain

from .helpers import response

CASES = [
    (403, {"code": "42501", "message": "permission denied for table messages"}, "GET",
     "missing GRANT SELECT on messages for role maker_agent"),
    (403, {"code": "42501", "message": "permission denied for table messages"}, "PATCH",
     "missing GRANT UPDATE on messages for role maker_agent"),
    (403, {"code": "42501", "message": "permission denied for function touch_memory"}, "POST",
     "missing GRANT EXECUTE on function touch_memory for role maker_agent"),
    (403, {"code": "42501",
           "message": 'new row violates row-level security policy for table "messages"'}, "POST",
     "no INSERT policy for role maker_agent whose WITH CHECK accepts this row"),
    (400, {"code": "42703", "message": "column conversations.titel does not exist"}, "GET",
     "column titel does not exist on messages"),
    (400, {"code": "PGRST204",
           "message": "Could not find the 'titel' column of 'messages' in the schema cache"},
     "POST", "column titel does not exist on messages"),
    (400, {"code": "23514", "message": 'new row for relation "messages" violates check '
           'constraint "messages_role_check"'}, "POST", "CHECK constraint messages_role_check"),
    (400, {"code": "23502", "message": 'null value in column "content" of relation "messages" '
           "violates not-null constraint"}, "POST", "column content of messages is NOT NULL"),
    (409, {"code": "23505", "message": "duplicate key", "details": "Key (user_id)=(u) exists."},
     "POST", "a row with the same unique key already exists in messages"),
    (409, {"code": "23503", "message": "fk", "details": "Key (conversation_id)=(x) is not "
           "present"}, "POST", "a referenced row does not exist"),
    (401, {"code": "PGRST301", "message": "Invalid JWT signature"}, "GET",
     "the key is not a valid JWT for this project"),
    (401, {"code": "PGRST303", "message": "JWT expired"}, "GET", "the key has expired"),
    (404, {"code": "PGRST205", "message": "Could not find the table 'public.messages'"}, "GET",
     "table messages is not in the API's schema cache"),
    (404, {"code": "PGRST202", "message": "Could not find the function", "hint": "Perhaps"},
     "POST", "with these argument names is not in the API's schema cache"),
    (401, {"code": "22023", "message": 'role "maker_agnt" does not exist'}, "GET",
     "the key's role does not exist in the database"),
    (401, {"message": "Invalid API key", "hint": "Double check"}, "GET",
     "the API gateway refused the apikey header: Invalid API key"),
]  # fmt: skip


@pytest.mark.parametrize(("status", "body", "method", "phrase"), CASES)
def test_explain(status: int, body: dict, method: str, phrase: str) -> None:
    situation = Situation(table="messages", method=method, role="maker_agent")
    assert phrase in str(explain(response(status, body), situation))


def test_a_success_or_a_body_without_an_error_shape_has_no_explanation() -> None:
    situation = Situation(table="messages", method="GET", role="maker_agent")
    assert explain(response(200, [{"code": "x"}]), situation) is None
    assert explain(response(500, ["not", "an", "error"]), situation) is None
