"""respond(ApiRequest, plan, result row) → Response: status, headers and body per operation.

Status codes and headers follow PostgREST `Response.hs` and `RangeQuery.hs` (see the table in
postgrest.md §1.5). Raising ApiError here (PGRST116, PGRST124, PGRST103) makes app.py roll back.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from kit.rest.errors import ApiError
from kit.rest.plan import CallPlan, MutatePlan, Plan, ReadPlan
from kit.rest.request import ApiRequest, json_dumps, json_loads

JSON = "application/json; charset=utf-8"
OBJECT = "application/vnd.pgrst.object+json; charset=utf-8"
CSV = "text/csv; charset=utf-8"
CORS = [
    ("Access-Control-Allow-Origin", "*"),
    (
        "Access-Control-Expose-Headers",
        "Content-Encoding, Content-Location, Content-Range, "
        "Content-Type, Date, Location, Server, Transfer-Encoding, Range-Unit",
    ),
]


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""


@dataclass(frozen=True)
class Result:
    total: int | None
    page_total: int
    body: bytes  # as the database sent it (UTF-8), never decoded
    inserted: int | None = None
    response_headers: str | None = None
    response_status: str | None = None


def error_response(err: Any) -> Response:
    body = json_dumps(err.body()).encode()
    headers = [("Content-Type", JSON), *getattr(err, "headers", {}).items()]
    if hasattr(err, "code"):
        headers.append(("Proxy-Status", f"PostgREST; error={err.code}"))
    return Response(err.status, headers, body)


def check_max_affected(req: ApiRequest, n: int) -> None:
    """Prefer: handling=strict, max-affected=N: more rows is PGRST124 (and a rollback)."""
    prefer = req.prefer
    if prefer.handling == "strict" and prefer.max_affected is not None and n > prefer.max_affected:
        raise ApiError(
            400,
            "PGRST124",
            "Query result exceeds max-affected preference constraint",
            f"The query affects {n} rows",
        )


def respond(req: ApiRequest, plan: Plan, result: Result) -> Response:
    if isinstance(plan, CallPlan):
        check_max_affected(req, result.page_total)
    if isinstance(plan, MutatePlan):
        resp = _mutation(req, plan, result)
    elif isinstance(plan, CallPlan) and not plan.function.returns_set:
        resp = _single_call(req, plan, result)
    else:
        resp = _read(req, plan, result)
    _guc_overrides(resp, result)
    if req.profile_negotiated:
        resp.headers.append(("Content-Profile", req.schema))
    applied = req.prefer.applied
    if req.tx_applied:
        applied = (*applied, f"tx={req.prefer.tx}")
    if applied:
        resp.headers.append(("Preference-Applied", ", ".join(applied)))
    if req.method == "HEAD":
        resp.body = b""
    return resp


def _read(req: ApiRequest, plan: ReadPlan | CallPlan, result: Result) -> Response:
    node = plan.node
    lower, n, total = node.offset, result.page_total, result.total
    status = 200
    if total is not None:
        top = lower + n - 1
        if lower > total:
            raise ApiError(
                416,
                "PGRST103",
                "Requested range not satisfiable",
                f"An offset of {lower} was requested, but there are only {total} rows.",
            )
        if 1 + top - lower < total:
            status = 206
    headers = [("Content-Range", content_range(lower, n, total))]
    if isinstance(plan, ReadPlan):
        location = f"/{req.name}" + (f"?{req.query_string}" if req.query_string else "")
        headers.append(("Content-Location", location))
    if plan.csv:
        return Response(status, [("Content-Type", CSV), *headers], result.body)
    ctype, body = _shape(req, plan.singular, result)
    return Response(status, [("Content-Type", ctype), *headers], body)


def content_range(lower: int, n: int, total: int | None) -> str:
    shown = "*" if total is None else str(total)
    return f"*/{shown}" if n == 0 else f"{lower}-{lower + n - 1}/{shown}"


def _shape(req: ApiRequest, singular: bool, result: Result) -> tuple[str, bytes]:
    if singular:
        if result.page_total != 1:
            raise ApiError(
                406,
                "PGRST116",
                "Cannot coerce the result to a single JSON object",
                f"The result contains {result.page_total} rows",
            )
        return OBJECT, result.body[1:-1]
    if req.media == "csv":
        return CSV, to_csv(json_loads(result.body)).encode()
    return JSON, result.body


def to_csv(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return ""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(list(rows[0]))
    for row in rows:
        writer.writerow(
            [
                "" if v is None else (json_dumps(v) if isinstance(v, dict | list) else v)
                for v in row.values()
            ]
        )
    return out.getvalue().rstrip("\n")


def _single_call(req: ApiRequest, plan: CallPlan, result: Result) -> Response:
    if plan.function.returns_void:
        return Response(204)
    if req.media == "csv":
        raise ApiError(406, "PGRST107", "None of these media types are available: text/csv")
    return Response(200, [("Content-Type", OBJECT if plan.singular else JSON)], result.body)


def _mutation(req: ApiRequest, plan: MutatePlan, result: Result) -> Response:
    n = result.page_total
    if plan.kind in ("update", "delete"):  # as PostgREST: not inserts
        check_max_affected(req, n)
    status, crange = _mutation_status(plan, result)
    headers = [("Content-Range", crange)]
    if plan.returning == "headers-only" and plan.table.pk and n:
        first = json_loads(result.body)[0]
        query = "&".join(f"{quote(k)}=eq.{quote(str(first[k]))}" for k in plan.table.pk)
        headers.append(("Location", f"/{plan.table.name}?{query}"))
    if plan.returning == "representation" or plan.singular:
        ctype, body = _shape(req, plan.singular, result)
        if plan.returning != "representation":
            return Response(status, headers)
        return Response(status, [("Content-Type", ctype), *headers], body)
    if status == 200 and plan.kind in ("update", "delete"):
        status = 204
    return Response(status, headers)


def _mutation_status(plan: MutatePlan, result: Result) -> tuple[int, str]:
    n, total = result.page_total, result.total
    shown = "*" if total is None else str(total)
    representation = plan.returning == "representation"
    if plan.put:
        if not representation:
            return 204, "*/*"
        return (201 if result.inserted else 200), f"*/{shown}"
    if plan.kind == "insert":
        merged = plan.resolution == "merge-duplicates" and result.inserted == 0 and n > 0
        return (200 if merged else 201), f"*/{shown}"
    if plan.kind == "update":
        return (200 if representation else 204), (f"0-{n - 1}/{shown}" if n else f"*/{shown}")
    return (200 if representation else 204), f"*/{shown}"


_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")  # RFC 9110 §5.6.2


def _sendable(name: str, value: str) -> bool:
    """A header HTTP/1.1 can carry as set: a token name, a value without CR, LF or NUL, both
    latin-1 (what the wire takes); anything else would break or inject into the reply."""
    return (
        _TOKEN.fullmatch(name) is not None
        and not any(c in value for c in "\r\n\x00")
        and all(ord(c) < 256 for c in value)
    )


def _guc_overrides(resp: Response, result: Result) -> None:
    """`response.headers` / `response.status` set by the SQL the request ran."""
    if result.response_headers:
        try:
            items = json_loads(result.response_headers)
            pairs = [next(iter(i.items())) for i in items]
            if not all(isinstance(v, str) and _sendable(k, v) for k, v in pairs):
                raise ValueError
        except (ValueError, TypeError, StopIteration, AttributeError):
            raise ApiError(
                500,
                "PGRST111",
                "response.headers guc must be a JSON array composed "
                "of objects with a single key and a string value",
            ) from None
        resp.headers = [
            h for h in resp.headers if h[0].lower() not in {k.lower() for k, _ in pairs}
        ]
        resp.headers += pairs
    if result.response_status:
        try:
            resp.status = int(result.response_status)
            if not 100 <= resp.status <= 599:  # RFC 9110 §15: three digits, 1xx to 5xx
                raise ValueError
        except ValueError:
            raise ApiError(
                500, "PGRST112", "response.status guc must be a valid status code"
            ) from None
