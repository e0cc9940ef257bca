"""The gateway's HTTP/1.1 server (kit.rest.server) on raw sockets: keep-alive, pipelining,
HEAD, HTTP/1.0, Expect: 100-continue, chunked bodies, bad requests and idle connections."""

from __future__ import annotations

import json
import socket
import time
from urllib.parse import urlsplit

import httpx
import psycopg
import pytest

from kit.rest import server
from tests.rest.conftest import SECRET, assert_canonical_error


def _connect(rest_url: str) -> socket.socket:
    parts = urlsplit(rest_url)
    assert parts.hostname is not None and parts.port is not None
    return socket.create_connection((parts.hostname, parts.port), timeout=5)


def _get(path: str, *extra: str, method: str = "GET", version: str = "1.1") -> bytes:
    lines = [f"{method} {path} HTTP/{version}", "Host: x", f"apikey: {SECRET}", *extra]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _read_reply(sock: socket.socket, buffer: bytes = b"") -> tuple[bytes, bytes, bytes]:
    """One reply: (head, body, what is left of the buffer), by its Content-Length."""
    while b"\r\n\r\n" not in buffer:
        chunk = sock.recv(65536)
        assert chunk, f"closed before a reply: {buffer!r}"
        buffer += chunk
    head, _, rest = buffer.partition(b"\r\n\r\n")
    fields = dict(line.split(b": ", 1) for line in head.lower().split(b"\r\n")[1:] if b": " in line)
    length = int(fields.get(b"content-length", b"0"))
    if head.startswith(b"HEAD") or b" 204 " in head.split(b"\r\n")[0]:
        length = 0
    while len(rest) < length:
        chunk = sock.recv(65536)
        assert chunk
        rest += chunk
    return head, rest[:length], rest[length:]


def _drain(sock: socket.socket) -> bytes:
    out = b""
    while chunk := sock.recv(65536):
        out += chunk
    return out


def test_keep_alive_and_pipelined_requests_answer_in_order(rest_url: str) -> None:
    with _connect(rest_url) as sock:
        sock.sendall(_get("/rest/v1/films?select=id&id=eq.1"))
        head, body, left = _read_reply(sock)
        assert head.startswith(b"HTTP/1.1 200 OK") and json.loads(body) == [{"id": 1}]
        assert b"\r\ndate: " in head.lower() and b"connection: close" not in head.lower()
        # three requests in one write: three replies, in the order asked
        sock.sendall(b"".join(_get(f"/rest/v1/films?select=id&id=eq.{i}") for i in (3, 1, 2)))
        for expected in (3, 1, 2):
            head, body, left = _read_reply(sock, left)
            assert json.loads(body) == [{"id": expected}]
        assert left == b""


def test_head_has_headers_only(rest_url: str) -> None:
    with _connect(rest_url) as sock:
        sock.sendall(_get("/rest/v1/films?select=id", method="HEAD"))
        sock.sendall(_get("/rest/v1/films?select=id&id=eq.2"))
        buffer = b""
        while buffer.count(b"\r\n\r\n") < 2 or not buffer.endswith(b"]"):
            buffer += sock.recv(65536)
        first, second = buffer.split(b"HTTP/1.1 ", 2)[1:]
        assert first.startswith(b"200") and first.endswith(b"\r\n\r\n")  # no body after it
        assert second.startswith(b"200") and second.endswith(b'[{"id":2}]')


def test_http_10_closes_after_the_reply(rest_url: str) -> None:
    with _connect(rest_url) as sock:
        sock.sendall(_get("/rest/v1/films?select=id&id=eq.1", version="1.0"))
        reply = _drain(sock)  # returns once the server closes
    assert reply.startswith(b"HTTP/1.1 200") and reply.endswith(b'[{"id":1}]')
    assert b"connection: close" in reply.lower()


def test_expect_continue_then_body(rest_url: str, db: psycopg.Connection) -> None:
    body = b'{"name": "continued"}'
    with _connect(rest_url) as sock:
        sock.sendall(
            b"POST /rest/v1/items HTTP/1.1\r\nHost: x\r\napikey: " + SECRET.encode() + b"\r\n"
            b"Content-Type: application/json\r\nExpect: 100-continue\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
        )
        assert sock.recv(100) == b"HTTP/1.1 100 Continue\r\n\r\n"
        sock.sendall(body)
        head, _, _ = _read_reply(sock)
    assert head.startswith(b"HTTP/1.1 201")
    assert db.execute("delete from public.items where name = 'continued'").rowcount == 1


def test_chunked_request_body(rest_url: str, db: psycopg.Connection) -> None:
    with _connect(rest_url) as sock:
        sock.sendall(
            b"POST /rest/v1/items HTTP/1.1\r\nHost: x\r\napikey: " + SECRET.encode() + b"\r\n"
            b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            b'9\r\n{"name": \r\n9\r\n"chunked"\r\n1\r\n}\r\n0\r\n\r\n'
        )
        head, _, _ = _read_reply(sock)
    assert head.startswith(b"HTTP/1.1 201"), head
    assert db.execute("delete from public.items where name = 'chunked'").rowcount == 1


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"NOT HTTP AT ALL\r\n\r\n",
        b"GET /rest/v1/films HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n",
        b"GET /rest/v1/films HTTP/1.1\r\nBad Header\r\n\r\n",
    ],
)
def test_malformed_requests_get_400_and_a_close(rest_url: str, request_bytes: bytes) -> None:
    with _connect(rest_url) as sock:
        sock.sendall(request_bytes)
        reply = _drain(sock)
    assert reply.startswith(b"HTTP/1.1 400 Bad Request\r\n"), reply
    assert b"connection: close" in reply


def test_idle_keep_alive_connections_close(rest_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server, "KEEP_ALIVE", 0.2)
    with _connect(rest_url) as sock:
        sock.sendall(_get("/rest/v1/films?select=id&id=eq.1"))
        _read_reply(sock)
        started = time.monotonic()
        assert sock.recv(100) == b""  # closed without a word
        assert time.monotonic() - started < 3


@pytest.mark.parametrize(
    ("status", "headers", "code"),
    [
        ("200", '[{"X-Evil": "a\\r\\nSet-Cookie: stolen=1"}]', "PGRST111"),  # CR LF injection
        ("200", '[{"Bad Name": "v"}]', "PGRST111"),  # not a token
        ("200", '[{"X-Snow": "\\u2603"}]', "PGRST111"),  # not latin-1
        ("999", "[]", "PGRST112"),
        ("42", "[]", "PGRST112"),
    ],
)
def test_response_gucs_cannot_break_the_reply(
    http: httpx.Client, status: str, headers: str, code: str
) -> None:
    r = http.post("/rpc/set_response", json={"status": status, "headers": headers})
    body = assert_canonical_error(r, 500, code)
    assert "set-cookie" not in r.headers and body["message"]
    ok = http.post("/rpc/set_response", json={"status": "203", "headers": '[{"X-Ok": "é"}]'})
    assert (ok.status_code, ok.headers["x-ok"]) == (203, "é")  # latin-1 on the wire


def test_upgrade_requests_are_answered_then_closed(rest_url: str) -> None:
    """No protocol switch (PostgREST has no WebSocket either): the request is answered as
    plain HTTP and the connection ends, whatever the client sent after it."""
    with _connect(rest_url) as sock:
        sock.sendall(
            _get("/rest/v1/films?select=id&id=eq.1", "Upgrade: websocket", "Connection: Upgrade")
            + b"\x81\x05hello"
        )
        reply = _drain(sock)
    assert reply.startswith(b"HTTP/1.1 200") and reply.endswith(b'[{"id":1}]')


def test_nothing_is_read_after_connection_close(rest_url: str) -> None:
    with _connect(rest_url) as sock:
        sock.sendall(
            _get("/rest/v1/films?select=id&id=eq.1", "Connection: close")
            + _get("/rest/v1/films?select=id&id=eq.2")
        )
        reply = _drain(sock)
    assert reply.count(b"HTTP/1.1 ") == 1 and reply.endswith(b'[{"id":1}]'), reply


def test_reply_heads_are_kept_only_when_short() -> None:
    from kit.rest.response import Response

    server._HEADER_LINES.clear()
    short = Response(200, [("Content-Type", "application/json"), ("Content-Range", "0-0/*")])
    first = server.head(short, close=False)
    assert b"\r\nContent-Type: application/json\r\nContent-Range: 0-0/*\r\n" in first
    assert server.head(short, close=True).endswith(b"connection: close\r\n\r\n")
    assert len(server._HEADER_LINES) == 1
    long = Response(200, [("Content-Location", "/t?" + "a=eq.1&" * 500)])
    assert b"Content-Location: /t?a=eq.1&" in server.head(long, close=False)
    assert len(server._HEADER_LINES) == 1  # a long set is built each time, never kept
    for i in range(300):
        server.head(Response(200, [("X-N", str(i))]), close=False)
    assert len(server._HEADER_LINES) <= 256


def test_a_table_named_beyond_latin_1_is_answered(
    http: httpx.Client, db: psycopg.Connection
) -> None:
    """Its name goes into Content-Location as UTF-8, as PostgREST sends it (the reply head
    was latin-1 only, and the connection was dropped without an answer)."""
    from tests.rest.test_schema_cache import wait_for

    db.execute(
        'create table public."表" (id int); insert into public."表" values (1); '
        'grant select on public."表" to service_role; notify pgrst'
    )
    try:
        assert wait_for(lambda: http.get("/%E8%A1%A8?select=id").status_code == 200)
        r = http.get("/%E8%A1%A8?select=id")
        assert r.json() == [{"id": 1}]
        assert dict(r.headers.raw)[b"Content-Location"] == "/表?select=id".encode()
    finally:
        db.execute('drop table public."表"; notify pgrst')
