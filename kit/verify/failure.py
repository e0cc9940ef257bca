"""`Failure`: what a check raises when the property it asserts does not hold.

A failure reads on its own: a title, what was expected, what was received, an explanation in
plain words when the response carries a PostgreSQL or PostgREST error, an excerpt of the body,
and a cURL command that reproduces the request with keys replaced by placeholders.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

import httpx

from kit.verify.case import Request

EXCERPT_CHARS = 400


class Failure(Exception):
    """Raised by a check. `expected` and `received` are short phrases, not paragraphs."""

    def __init__(
        self,
        title: str,
        *,
        expected: str,
        received: str,
        explanation: str | None = None,
        response: httpx.Response | None = None,
        request: Request | None = None,
    ) -> None:
        super().__init__(title)
        self.title = title
        self.expected = expected
        self.received = received
        self.explanation = explanation
        self.body_excerpt = excerpt(response) if response is not None else None
        self.request = request  # when the check sent its own request (auth probes)


@dataclass(frozen=True)
class FailureReport:
    """A failure as reporters see it: plain data, reproduce command included."""

    check: str
    title: str
    expected: str
    received: str
    explanation: str | None
    body_excerpt: str | None
    reproduce: str

    @classmethod
    def of(cls, check: str, failure: Failure, reproduce: str) -> FailureReport:
        return cls(
            check=check,
            title=failure.title,
            expected=failure.expected,
            received=failure.received,
            explanation=failure.explanation,
            body_excerpt=failure.body_excerpt,
            reproduce=reproduce,
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def text(self) -> str:
        lines = [self.title, f"  expected: {self.expected}", f"  received: {self.received}"]
        if self.explanation:
            lines.append(f"  why: {self.explanation}")
        if self.body_excerpt:
            lines.append(f"  body: {self.body_excerpt}")
        lines.append(f"  reproduce with: {self.reproduce}")
        return "\n".join(lines)


def excerpt(response: httpx.Response, limit: int = EXCERPT_CHARS) -> str:
    """The body, compact, cut at `limit` characters."""
    try:
        text = json.dumps(response.json(), ensure_ascii=False, separators=(",", ":"))
    except (ValueError, httpx.ResponseNotRead):
        text = response.text if response.is_stream_consumed or response.content else ""
    return text if len(text) <= limit else text[: limit - 1] + "…"
