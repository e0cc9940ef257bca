"""PostgreSQL array literals as PostgreSQL's input function (`array_in`) reads them.

A cURL placeholder can only fill a JSON string, so a tool writes a `text[]` column as the
literal `{chatgpt,developer}` and PostgREST returns it as the JSON array
`["chatgpt","developer"]`. To compare the two, the literal is read with the input rules
(psycopg's parser reads the server's canonical output only, not what a person may type):

- optional dimensions `[1:2]=`, whitespace around braces and elements;
- `"quoted"` elements with backslash escapes; unquoted elements with backslash escapes and
  surrounding whitespace dropped; an unquoted `NULL` (any case) is null, `"NULL"` is text;
- nested braces for more dimensions, each level all sub-arrays or all elements.

Elements stay text: comparing them with typed JSON values is `values.same`'s job.
"""

from __future__ import annotations

import re
from typing import Any

_DIMENSIONS = re.compile(r"\s*(\[\s*-?\d+\s*(:\s*-?\d+\s*)?\]\s*)+=")
_NULL = object()  # an unquoted NULL, told apart from the text "NULL"


class _Malformed(ValueError):
    pass


def parse_array(text: str) -> list[Any] | None:
    """The literal as nested lists of text (None for NULL); None when it is not one."""
    dims = _DIMENSIONS.match(text)
    position = dims.end() if dims else 0
    reader = _Reader(text, position)
    try:
        reader.skip_space()
        value = reader.array()
        reader.skip_space()
        if reader.at < len(text):
            raise _Malformed("junk after the closing brace")
    except _Malformed:
        return None
    return value


class _Reader:
    def __init__(self, text: str, at: int) -> None:
        self.text, self.at = text, at

    def peek(self) -> str:
        return self.text[self.at] if self.at < len(self.text) else ""

    def skip_space(self) -> None:
        while self.peek().isspace():
            self.at += 1

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise _Malformed(f"expected {char!r} at {self.at}")
        self.at += 1

    def array(self) -> list[Any]:
        self.expect("{")
        items: list[Any] = []
        self.skip_space()
        if self.peek() == "}":
            self.at += 1
            return items
        while True:
            self.skip_space()
            items.append(self.array() if self.peek() == "{" else self.element())
            self.skip_space()
            if self.peek() == "}":
                self.at += 1
                break
            self.expect(",")
        nested = [isinstance(i, list) for i in items]
        if any(nested) and not all(nested):
            raise _Malformed("elements and sub-arrays mixed on one level")
        return [None if i is _NULL else i for i in items]

    def element(self) -> Any:
        if self.peek() == '"':
            return self._quoted()
        return self._unquoted()

    def _quoted(self) -> str:
        self.at += 1
        out = []
        while (char := self.peek()) != '"':
            if not char:
                raise _Malformed("unterminated quoted element")
            if char == "\\":
                self.at += 1
                char = self.peek()
                if not char:
                    raise _Malformed("backslash at the end")
            out.append(char)
            self.at += 1
        self.at += 1
        return "".join(out)

    def _unquoted(self) -> Any:
        out: list[str] = []
        kept = 0  # length up to the last escaped or non-space character (trailing space dropped)
        escaped = False  # `N\ULL` is the text NULL
        while (char := self.peek()) not in (",", "}"):
            if not char or char in '{"':
                raise _Malformed(f"unexpected {char or 'end'!r} in an unquoted element")
            if char == "\\":
                self.at += 1
                char = self.peek()
                if not char:
                    raise _Malformed("backslash at the end")
                out.append(char)
                kept, escaped = len(out), True
            else:
                out.append(char)
                if not char.isspace():
                    kept = len(out)
            self.at += 1
        word = "".join(out[:kept])
        if not word:
            raise _Malformed("empty unquoted element")
        return _NULL if word.upper() == "NULL" and not escaped else word
