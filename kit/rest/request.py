"""parse_request: method, path, headers, query string and body → ApiRequest (PGRST1xx errors).

Pure: no database, no schema cache. After PostgREST `ApiRequest.hs`.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from kit.rest.config import RestConfig
from kit.rest.edges import is_browser
from kit.rest.errors import ApiError, invalid_body
from kit.rest.params import QueryParams, bigint, parse_query
from kit.rest.prefer import Preferences, parse_prefer

try:
    import orjson

    def json_loads(data: bytes | str) -> Any:
        return orjson.loads(data)

    def json_dumps(value: Any) -> str:
        return orjson.dumps(value).decode()
except ImportError:  # pragma: no cover - orjson is optional
    import json

    def json_loads(data: bytes | str) -> Any:
        return json.loads(data)

    def json_dumps(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


METHODS = ("GET", "HEAD", "POST", "PATCH", "PUT", "DELETE", "OPTIONS")
READ_METHODS = ("GET", "HEAD", "OPTIONS")
_RANGE = re.compile(r"^\s*(?:items=)?([0-9]+)-([0-9]*)\s*$")  # ASCII digits, as PostgREST
# Accept media type → the representation we produce.
MEDIA = {
    "application/json": "json",
    "application/*": "json",
    "*/*": "json",
    "application/vnd.pgrst.array+json": "json",
    "application/vnd.pgrst.array": "json",
    "application/vnd.pgrst.object+json": "object",
    "application/vnd.pgrst.object": "object",
    "text/csv": "csv",
    "text/*": "csv",
    "application/openapi+json": "openapi",
}


@dataclass
class ApiRequest:
    method: str
    kind: str  # "root" | "table" | "rpc"
    schema: str
    name: str
    query: QueryParams
    prefer: Preferences
    media: str  # "json" | "object" | "csv" | "openapi"
    strip_nulls: bool = False
    payload: Any = None
    payload_keys: tuple[str, ...] | None = None
    range_offset: int = 0
    range_limit: int | None = None
    client: ClientHeaders = field(default_factory=lambda: NO_HEADERS)  # shared, read-only
    path: str = "/"
    query_string: str = ""
    profile_negotiated: bool = False
    content_type: str = "application/json"
    # Accept: application/vnd.pgrst.plan[+json|+text]: (format, for media, EXPLAIN options)
    plan_spec: tuple[str, str, tuple[str, ...]] | None = None
    tx_applied: bool = False  # Prefer: tx=… honoured (pgrst.db_tx_end=*-allow-override)

    @property
    def headers(self) -> dict[str, str]:
        return self.client.sql

    @property
    def cookies(self) -> dict[str, str]:
        return self.client.cookies

    @property
    def is_read(self) -> bool:
        return self.method in ("GET", "HEAD")

    def __copy__(self) -> ApiRequest:
        # A kept request shape is copied for every request that reuses it: copy's generic
        # reduce/reconstruct path took ~1.5 us of that, a dictionary copy ~0.4 us.
        clone = object.__new__(ApiRequest)
        clone.__dict__.update(self.__dict__)
        return clone


def route(path: str) -> tuple[str, str]:
    """`/` → root, `/t` → table, `/rpc/f` → function; anything deeper is PGRST125."""
    parts = [p for p in path.split("/") if p != ""] if path not in ("", "/") else []
    if not parts:
        return "root", ""
    if len(parts) == 1:
        return "table", parts[0]
    if len(parts) == 2 and parts[0] == "rpc":
        return "rpc", parts[1]
    raise ApiError(404, "PGRST125", "Invalid path specified in request URL")


def header_map(headers: list[tuple[str, str]]) -> dict[str, str]:
    """Lower-cased names; repeated headers joined with ", " (Prefer lists merge that way)."""
    hdrs: dict[str, str] = {}
    for key, value in headers:
        key = key.lower()
        hdrs[key] = f"{hdrs[key]}, {value}" if key in hdrs and key != "cookie" else value
    return hdrs


@dataclass(frozen=True, slots=True)
class ClientHeaders:
    """A request's headers as the later steps read them. Read-only: one is shared by every
    request that sent the same header list (`client_headers`). Its repr shows no header
    value: they hold keys and tokens, and a repr can end up in a log or a test report."""

    map: dict[str, str] = field(repr=False)  # header_map
    apikey: str | None = field(repr=False)  # the last `apikey` header, if any
    authorization: str | None = field(repr=False)  # the last `Authorization` header, if any
    browser: bool  # edges.is_browser
    sql: dict[str, str] = field(repr=False)  # `request.headers`: every header but Cookie
    cookies: dict[str, str] = field(repr=False)  # `request.cookies`
    sql_json: str = field(repr=False)
    cookies_json: str = field(repr=False)
    # What of the headers a request's plan depends on (a kept shape's key, with the request
    # line and the body's keys); the other headers reach only `request.headers`.
    shape: tuple[str, ...]
    json_body: bool  # no Content-Type, or application/json: the body is read as JSON

    @classmethod
    def of(cls, headers: list[tuple[str, str]] | dict[str, str]) -> ClientHeaders:
        pairs = list(headers.items()) if isinstance(headers, dict) else headers
        hdrs = header_map(pairs)
        apikey = authorization = None
        for key, value in pairs:
            key = key.lower()
            if key == "apikey":
                apikey = value
            elif key == "authorization":
                authorization = value
        sql = {k: v for k, v in hdrs.items() if k != "cookie"}
        cookies = _cookies(hdrs.get("cookie", ""))
        return cls(
            hdrs,
            apikey,
            authorization,
            is_browser(pairs),
            sql,
            cookies,
            json_dumps(sql),
            json_dumps(cookies),
            tuple(hdrs.get(h, "") for h in _SHAPE_HEADERS),
            _is_json(hdrs.get("content-type")),
        )


_SHAPE_HEADERS = ("accept", "prefer", "accept-profile", "content-profile", "range", "content-type")


def _is_json(ctype: str | None) -> bool:
    return ctype is None or ctype.split(";")[0].strip().lower() == "application/json"


_KEPT_HEADERS: dict[tuple[tuple[str, str], ...], ClientHeaders] = {}
_KEPT_HEADER_CHARS = 8192  # larger header lists are derived each time, never kept
# A kept list also costs ~250 bytes of dictionaries per header and per cookie, so lists of
# more names than a client sends are not kept either. Measured at worst (64 cookies filling
# 8 KiB): 1000 kept lists hold 46 MB; a supabase-js client's list ~3 KB.
_KEPT_HEADER_NAMES = 64


def client_headers(headers: list[tuple[str, str]]) -> ClientHeaders:
    """`ClientHeaders.of(headers)`, kept per header list: a client sends the same headers with
    every request, and deriving them again cost ~3 us of a ~75 us insert. At most 1000 lists
    of at most 8 KiB and 64 headers and cookies each."""
    key = tuple(headers)
    kept = _KEPT_HEADERS.get(key)
    if kept is not None:
        return kept
    made = ClientHeaders.of(headers)
    if (
        len(headers) <= _KEPT_HEADER_NAMES
        and len(made.cookies) <= _KEPT_HEADER_NAMES
        and sum(len(k) + len(v) for k, v in headers) <= _KEPT_HEADER_CHARS
    ):
        if len(_KEPT_HEADERS) >= 1000:
            _KEPT_HEADERS.clear()
        _KEPT_HEADERS[key] = made
    return made


def parse_request(
    method: str,
    path: str,
    query_string: str,
    headers: list[tuple[str, str]] | dict[str, str] | ClientHeaders,
    body: bytes,
    config: RestConfig,
) -> ApiRequest:
    method = method.upper()
    if method not in METHODS:
        raise ApiError(405, "PGRST117", f"Unsupported HTTP method: {method}")
    kind, name = route(path)
    if kind == "rpc" and method not in ("GET", "HEAD", "POST", "OPTIONS"):
        raise ApiError(405, "PGRST101", f"Cannot use the {method} method on RPC")
    client = headers if isinstance(headers, ClientHeaders) else ClientHeaders.of(headers)
    hdrs = client.map
    schema, negotiated = _profile(method, hdrs, config)
    pairs = [(k, v) for k, v in parse_qsl(query_string, keep_blank_values=True) if k != "apikey"]
    rpc_read = kind == "rpc" and method in ("GET", "HEAD")
    prefer = parse_prefer([hdrs["prefer"]] if "prefer" in hdrs else [])
    req = ApiRequest(
        method,
        kind,
        schema,
        name,
        parse_query(pairs, rpc_get=rpc_read),
        prefer,
        "json",
        path=path or "/",
        query_string=query_string,
        profile_negotiated=negotiated,
    )
    with_client_headers(req, client)
    req.media, req.strip_nulls = _accept(hdrs.get("accept", ""), kind)
    if req.media == "plan":
        req.plan_spec = plan_spec(hdrs.get("accept", ""))
    if method == "GET":
        _range(req, hdrs.get("range"))
    if method in ("POST", "PATCH", "PUT") or (rpc_read and req.query.args):
        _payload(req, hdrs.get("content-type", "application/json"), body, rpc_read)
    return req


def with_client_headers(req: ApiRequest, client: ClientHeaders) -> ApiRequest:
    """The headers and cookies SQL sees (`request.headers` never holds the Cookie header)."""
    req.client = client
    return req


def _profile(method: str, hdrs: dict[str, str], config: RestConfig) -> tuple[str, bool]:
    header = "accept-profile" if method in READ_METHODS else "content-profile"
    wanted = hdrs.get(header)
    if wanted is None:
        return config.schemas[0], len(config.schemas) > 1
    if wanted not in config.schemas:
        raise ApiError(
            406,
            "PGRST106",
            f"Invalid schema: {wanted}",
            None,
            "Only the following schemas are exposed: " + ", ".join(config.schemas),
        )
    return wanted, len(config.schemas) > 1


def _accept(header: str, kind: str) -> tuple[str, bool]:
    if not header.strip():
        return ("openapi" if kind == "root" else "json"), False
    offered = []
    for n, part in enumerate(header.split(",")):
        bits = [b.strip() for b in part.split(";")]
        params = dict(b.partition("=")[::2] for b in bits[1:])
        try:
            q = float(params.get("q", "1"))
        except ValueError:
            q = 1.0
        offered.append((-q, n, bits[0].lower(), params.get("nulls") == "stripped"))
    for _, _, media, stripped in sorted(offered):
        found = "plan" if media.startswith(_PLAN) and kind != "root" else MEDIA.get(media)
        if found == "openapi" and kind != "root":
            continue
        if found is not None:
            if kind == "root" and found == "json":
                found = "openapi"
            return found, stripped
    raise ApiError(
        406,
        "PGRST107",
        "None of these media types are available: "
        + ", ".join(m for _, _, m, _ in sorted(offered)),
    )


_PLAN = "application/vnd.pgrst.plan"
_PLAN_OPTIONS = {"analyze", "verbose", "settings", "buffers", "wal"}


def plan_spec(header: str) -> tuple[str, str, tuple[str, ...]]:
    """The first plan media type of Accept: its format (text unless `+json`), its `for` media
    and its `options=a|b` (PostgREST's MediaType.hs)."""
    part = next(p for p in header.split(",") if p.strip().lower().startswith(_PLAN))
    bits = [b.strip() for b in part.split(";")]
    fmt = "json" if bits[0].lower().endswith("+json") else "text"
    params = {
        k.strip().lower(): v.strip().strip('"') for k, _, v in (b.partition("=") for b in bits[1:])
    }
    options = tuple(o for o in params.get("options", "").lower().split("|") if o in _PLAN_OPTIONS)
    return fmt, params.get("for", "application/json"), options


def _range(req: ApiRequest, header: str | None) -> None:
    if not header:
        return
    match = _RANGE.match(header)
    if match is None:
        return  # PostgREST ignores a Range header it cannot parse
    lower, upper = bigint(match.group(1)), match.group(2)
    if upper and bigint(upper) < lower:
        raise ApiError(
            416,
            "PGRST103",
            "Requested range not satisfiable",
            "The lower boundary must be lower than or equal to the upper boundary "
            "in the Range header.",
        )
    req.range_offset = lower
    req.range_limit = int(upper) - lower + 1 if upper else None


def _payload(req: ApiRequest, content_type: str, body: bytes, rpc_read: bool) -> None:
    if rpc_read:
        req.payload = dict(req.query.args)
        req.payload_keys = tuple(req.payload)
        return
    ctype = content_type.split(";")[0].strip().lower()
    req.content_type = ctype
    if ctype == "text/csv":
        req.payload = _csv_rows(body)
    elif ctype == "application/x-www-form-urlencoded":
        req.payload = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
    elif req.kind == "rpc" and ctype == "application/octet-stream":
        req.payload = body  # bytes, for a bytea parameter
        return
    elif req.kind == "rpc" and ctype in ("text/plain", "text/xml"):
        req.payload = body.decode("utf-8", "replace")
        return
    elif req.kind == "rpc" and not body.strip():
        req.payload = {}
    else:
        try:
            req.payload = json_loads(body)
        except ValueError:
            raise invalid_body("Empty or invalid json") from None
        if not isinstance(req.payload, dict | list):
            req.payload = []  # PostgREST's payloadAttributes: any other JSON is an empty array
    req.payload_keys = payload_keys(req.payload, req.kind, req.query.columns is not None)


def payload_keys(payload: Any, kind: str, has_columns: bool) -> tuple[str, ...] | None:
    """The keys a JSON body writes or passes; PGRST102 when rows are no objects or, without
    `columns=`, do not all have the same keys."""
    if kind == "rpc":
        return tuple(payload) if isinstance(payload, dict) else None
    if isinstance(payload, dict):
        return tuple(payload)
    if not isinstance(payload, list):
        raise invalid_body("Empty or invalid json")
    if not payload:
        return ()
    if not all(isinstance(r, dict) for r in payload):  # PostgREST words it so too
        raise invalid_body("All object keys must match")
    first = tuple(payload[0])
    if not has_columns:
        keyset = set(first)
        if any(set(r) != keyset for r in payload[1:]):
            raise invalid_body("All object keys must match")
    return first


def _csv_rows(body: bytes) -> list[dict[str, Any]]:
    reader = csv.reader(io.StringIO(body.decode("utf-8", "replace")))
    rows = list(reader)
    if not rows:
        return []
    header = rows[0]
    return [
        {k: (None if v == "NULL" else v) for k, v in zip(header, r, strict=False)} for r in rows[1:]
    ]


def _cookies(header: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in header.split(";"):
        key, sep, value = part.strip().partition("=")
        if sep:
            out[key] = value
    return out


NO_HEADERS: ClientHeaders = ClientHeaders.of([])  # sent none; also a kept shape's template
