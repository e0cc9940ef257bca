"""Every committed cURL file, read back, is exactly the request of its tool.

Two readers: a shell-words parser (shlex, as curlconverter and Postman's importer tokenise) and
the real thing: bash runs the file with the real `curl` against a capturing HTTP server on
127.0.0.1, which records the method, path, headers and body that arrived.
"""

from __future__ import annotations

import http.server
import json
import shlex
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kit.model import BASE_URL, Tool, ToolSet
from kit.render.curl import command

ROOT = Path(__file__).resolve().parents[2]


def parse(text: str) -> dict[str, Any]:
    """A cURL command (bash syntax) as method, url, headers and body."""
    # shlex has no line continuation; bash drops a backslash-newline outside quotes
    words = shlex.split(text.replace("\\\n", ""), comments=True)
    assert words[0] == "curl"
    out: dict[str, Any] = {"method": None, "url": None, "headers": [], "body": None, "flags": []}
    it = iter(words[1:])
    for word in it:
        if word == "--request":
            out["method"] = next(it)
        elif word == "--header":
            key, _, value = next(it).partition(": ")
            out["headers"].append((key, value))
        elif word == "--data-raw":
            out["body"] = next(it)
        elif word.startswith("--"):
            out["flags"].append(word)
        else:
            assert out["url"] is None, f"two URLs: {out['url']} and {word}"
            out["url"] = word
    out["method"] = out["method"] or ("POST" if out["body"] is not None else "GET")
    return out


def curl_files() -> list[Path]:
    return sorted((ROOT / "curl").glob("*.sh"))


def test_one_file_per_tool(flagship_tools: ToolSet) -> None:
    assert [p.stem for p in curl_files()] == [t.name for t in flagship_tools]


@pytest.mark.parametrize("path", curl_files(), ids=lambda p: p.stem)
def test_curl_file_parses_back_to_the_tool_request(path: Path, flagship_tools: ToolSet) -> None:
    tool = flagship_tools.tool(path.stem)
    assert tool is not None
    parsed = parse(path.read_text())
    request = tool.request
    assert parsed["method"] == request.method
    assert parsed["url"] == request.url(BASE_URL)
    assert parsed["url"].startswith("https://")
    assert parsed["headers"] == list(request.headers)
    if request.body is None:
        assert parsed["body"] is None
    else:
        # A whole-JSON-value placeholder (json, optional: null) is JSON once filled.
        text = parsed["body"]
        for name in request.raw:
            text = text.replace("{{" + name + "}}", "null")
        assert json.loads(text) == request.fill(dict.fromkeys(request.raw)).body
        assert ("Content-Type", "application/json") in parsed["headers"]
    # the rules every parser needs (reference/toolspecs.md §3.4)
    assert "--location" in parsed["flags"]
    if set("{}[]") & set(parsed["url"]):
        assert "--globoff" in parsed["flags"]
    if request.method != "GET":
        assert f"--request {request.method}" in path.read_text()
    assert '"' not in path.read_text().split("curl ", 1)[1].replace(parsed["body"] or "", "")


@pytest.mark.parametrize("path", curl_files(), ids=lambda p: p.stem)
def test_placeholders_in_strings_query_values_or_whole_json_values(
    path: Path, flagship_tools: ToolSet
) -> None:
    tool = flagship_tools.tool(path.stem)
    assert tool is not None
    parsed = parse(path.read_text())
    for name in (p.name for p in tool.parameters):
        token = "{{" + name + "}}"
        query = parsed["url"].split("?", 1)[1] if "?" in parsed["url"] else ""
        in_query = any(
            token in value for _, _, value in (p.partition("=") for p in query.split("&"))
        )
        body = parsed["body"] or ""
        in_body = f'"{token}"' in body or (name in tool.request.raw and f":{token}" in body)
        optional = not tool.parameter(name).in_request  # type: ignore[union-attr]
        assert in_query or in_body or (optional and token not in path.read_text().split("curl ")[1])
        assert not optional or token not in parsed["url"]
    path_part = parsed["url"].split("?", 1)[0].removeprefix(BASE_URL)
    assert "{{" not in path_part
    assert "SUPABASE_SERVICE" not in path.read_text() and "eyJ" not in path.read_text()


def test_apostrophes_and_control_characters_never_need_shell_escaping(
    flagship_tools: ToolSet,
) -> None:
    tool = flagship_tools.tool("RenameConversation")
    assert tool is not None
    request = tool.request.fill({"id": "x", "title": 'Ada\'s "new"\nline'})
    text = command(request)
    assert "'\\''" not in text and "\\u0027" in text
    assert json.loads(parse(text)["body"]) == {"title": 'Ada\'s "new"\nline'}


class Capture(http.server.BaseHTTPRequestHandler):
    seen: list[dict[str, Any]] = []

    def _record(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else None
        Capture.seen.append(
            {"method": self.command, "path": self.path, "headers": dict(self.headers), "body": body}
        )
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"[]")

    do_GET = do_POST = do_PATCH = do_DELETE = _record

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def capture_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Capture)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/rest/v1"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.mark.parametrize("path", curl_files(), ids=lambda p: p.stem)
def test_bash_and_real_curl_send_exactly_the_tool_request(
    path: Path, flagship_tools: ToolSet, capture_server: str
) -> None:
    tool: Tool | None = flagship_tools.tool(path.stem)
    assert tool is not None
    script = path.read_text().replace(BASE_URL, capture_server)
    Capture.seen.clear()
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    (seen,) = Capture.seen
    assert seen["method"] == tool.method
    assert capture_server.split("127.0.0.1:")[1].split("/", 1)[1]  # sanity
    assert "/rest/v1" + seen["path"].split("/rest/v1", 1)[1] == tool.request.url("/rest/v1")
    for key, value in tool.request.headers:
        assert seen["headers"][key] == value
    # byte for byte: whole-JSON-value placeholders included
    assert seen["body"] == tool.request.body_text()
