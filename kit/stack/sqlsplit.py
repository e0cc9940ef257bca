"""Split a SQL file into statements exactly as the Supabase CLI (npm `supabase` 3.x) does.

The CLI records the statements it sends in `supabase_migrations.schema_migrations.statements`,
and sends each one as it split it; to record and run the same texts, the kit needs the CLI's
splitter, quirks included. pglast's scanner splits like PostgreSQL, which differs (a trailing
comment is a statement for the CLI; a `;` inside parentheses never splits; the first `)` closes
every open parenthesis), so this is hand-written, from the CLI's observable rules:

- a statement ends at a `;` outside quotes, comments, dollar quotes, parentheses and
  `BEGIN ATOMIC ... END`; the text runs from the end of the previous one, comments included;
- `'...'` and `"..."` with doubled delimiters; `E'...'` also takes backslash escapes and
  continues across whitespace holding a newline; `$tag$...$tag$` unless `$` follows an
  identifier character; `--` to the end of the line; nested `/* */`; a `\\` outside quotes
  escapes the next character;
- each statement loses its trailing `;` and surrounding whitespace (JavaScript's `trim`);
  empty ones are dropped.

Also here: the statement classes the CLI's runner treats apart (transaction control,
statements that cannot run in a transaction block, role resets), read after leading comments.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# JavaScript's String.prototype.trim whitespace (it differs from str.strip: BOM yes, \x1c no).
_JS_SPACE = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
_BLANK = " \t\n\r\f\v"  # the tokenizer's own whitespace class
NO_TRANSACTION_MARK = "-- pg-delta: transaction=false"
_NEWLINE = re.compile(r"[\n\r]")


def _ident(char: str) -> bool:
    return ord(char) >= 128 or char.isascii() and (char.isalnum() or char in "_$")


def _ends_with_word(sql: str, start: int, end: int, word: str) -> bool:
    """`sql[start:end]` ends with `word` (ASCII case-insensitive), not right after an
    identifier character."""
    at = end - len(word)
    if at < start or sql[at:end].upper() != word:
        return False
    return at == start or not _ident(sql[at - 1])


def _begin_atomic(sql: str, start: int, end: int) -> bool:
    if not _ends_with_word(sql, start, end, "ATOMIC"):
        return False
    end -= 6
    while end > start and sql[end - 1] in _BLANK:
        end -= 1
    return _ends_with_word(sql, start, end, "BEGIN")


class _State:
    """One state of the tokenizer; `step` returns the next state, None to end a statement.

    The statement so far is `sql[start:end]`, `char` its last character (offsets, not slices:
    a slice per character would make long statements quadratic)."""

    open = False

    def step(self, char: str, sql: str, start: int, end: int) -> _State | None:
        raise NotImplementedError


class _Ready(_State):
    def step(self, char: str, sql: str, start: int, end: int) -> _State | None:
        if char == "$":
            at = end - 1
            return self if at > start and _ident(sql[at - 1]) else _Tag(at)
        if char == "'":
            return _Quote("'", backslashes=_ends_with_word(sql, start, end - 1, "E"))
        if char == '"':
            return _Quote('"', backslashes=False)
        if char == "-":
            return _Dash()
        if char == "/":
            return _Block()
        if char == "\\":
            return _Escape()
        if char == ";":
            return None
        if char == "(":
            return _Paren()
        if char in "cC" and _begin_atomic(sql, start, end):
            return _Atomic(end)
        return self


class _Dash(_State):
    def step(self, char: str, sql: str, start: int, end: int) -> _State | None:
        return _LineComment() if char == "-" else _Ready().step(char, sql, start, end)


class _LineComment(_State):
    def step(self, char: str, sql: str, start: int, end: int) -> _State | None:
        return _Ready() if char in "\n\r" else self


class _Block(_State):
    def __init__(self) -> None:
        self.depth = 0
        self.after_delimiter = False

    @property
    def open(self) -> bool:  # type: ignore[override]
        return self.depth > 0

    def step(self, char: str, sql: str, start: int, end: int) -> _State | None:
        pair = sql[max(start, end - 2) : end]
        change = 0 if self.after_delimiter else {"/*": 1, "*/": -1}.get(pair, 0)
        self.after_delimiter = change != 0
        if self.depth == 0 and change == 0:
            return _Ready().step(char, sql, start, end)
        self.depth += change
        return _Ready() if self.depth == 0 else self


class _Quote(_State):
    def __init__(self, delimiter: str, *, backslashes: bool) -> None:
        self.delimiter = delimiter
        self.backslashes = backslashes
        self.closed = False  # saw a delimiter: the end, unless another one follows
        self.backslash = False

    @property
    def open(self) -> bool:  # type: ignore[override]
        return not self.closed

    def step(self, char: str, sql: str, start: int, end: int) -> _State | None:
        if self.closed:
            if char == self.delimiter:
                self.closed = False
                return self
            return (_Continuation() if self.backslashes else _Ready()).step(char, sql, start, end)
        if self.backslash:
            self.backslash = False
        elif self.backslashes and char == "\\":
            self.backslash = True
        elif char == self.delimiter:
            self.closed = True
        return self


class _Continuation(_State):
    """After `E'...'`: whitespace holding a newline, then `'`, continues the string."""

    def __init__(self) -> None:
        self.newline = False
        self.dashes = 0

    def step(self, char: str, sql: str, start: int, end: int) -> _State | None:
        if self.dashes == 2:
            if char in "\n\r":
                self.dashes, self.newline = 0, True
            return self
        if char == "-":
            self.dashes += 1
            return self
        if self.dashes == 0:
            if char in _BLANK:
                self.newline = self.newline or char in "\n\r"
                return self
            if self.newline and char == "'":
                return _Quote("'", backslashes=True)
        return _Ready().step(char, sql, start, end)


class _Dollar(_State):
    open = True

    def __init__(self, delimiter: str) -> None:
        self.delimiter = delimiter

    def step(self, char: str, sql: str, start: int, end: int) -> _State | None:
        return _Ready() if sql.endswith(self.delimiter, start, end) else self


class _Tag(_State):
    def __init__(self, at: int) -> None:
        self.at = at

    def step(self, char: str, sql: str, start: int, end: int) -> _State | None:
        if char == "$":
            return _Dollar(sql[self.at : end])
        return self if _ident(char) else _Ready().step(char, sql, start, end)


class _Escape(_State):
    def step(self, char: str, sql: str, start: int, end: int) -> _State | None:
        return _Ready()


class _Paren(_State):
    """Inside `(`: a `;` does not split. The first `)` at the inner level closes it (and, as
    in the CLI, any parenthesis around it)."""

    def __init__(self) -> None:
        self.inner: _State = _Ready()

    @property
    def open(self) -> bool:  # type: ignore[override]
        return self.inner.open

    def step(self, char: str, sql: str, start: int, end: int) -> _State | None:
        nxt = self.inner.step(char, sql, start, end)
        if nxt is None:
            self.inner = _Ready()
            return self
        self.inner = nxt
        if type(nxt) is not _Ready:
            return self
        return _Ready() if char == ")" else self


class _Atomic(_State):
    """A `BEGIN ATOMIC` body: its `;` do not split; an `END` that starts a statement ends it."""

    def __init__(self, start: int) -> None:
        self.inner: _State = _Ready()
        self.pending_end = False
        self.start = start
        self.has_content = False

    @property
    def open(self) -> bool:  # type: ignore[override]
        return self.inner.open

    def step(self, char: str, sql: str, start: int, end: int) -> _State | None:
        pending, self.pending_end = self.pending_end, False
        if pending and not _ident(char):
            return _Ready().step(char, sql, start, end)
        nxt = self.inner.step(char, sql, start, end)
        if nxt is None:
            self.inner, self.start, self.has_content = _Ready(), end, False
            return self
        self.inner = nxt
        if type(nxt) is not _Ready:
            return self
        if not self.has_content and _ends_with_word(sql, start, end, "END"):
            before = sql[self.start : end - 3]
            if skip_comments(before) == len(before):
                self.pending_end = True
            else:
                self.has_content = True
        return self


@dataclass(frozen=True)
class Token:
    start: int  # offset of the token's first character in the file
    raw: str


def tokens(sql: str) -> Iterator[Token]:
    """The raw pieces between statement ends, in order; the last may be unterminated."""
    state: _State = _Ready()
    start = 0
    for index, char in enumerate(sql):
        nxt = state.step(char, sql, start, index + 1)
        if nxt is None:
            yield Token(start, sql[start : index + 1])
            start, state = index + 1, _Ready()
        else:
            state = nxt
    if start < len(sql):
        yield Token(start, sql[start:])


@dataclass(frozen=True)
class Statement:
    text: str  # as the CLI sends and records it
    offset: int  # of `text` in the file


def split(sql: str) -> list[Statement]:
    out = []
    for token in tokens(sql):
        text = token.raw.rstrip(";")
        lead = len(text) - len(text.lstrip(_JS_SPACE))
        text = text.strip(_JS_SPACE)
        if text:
            out.append(Statement(text, token.start + lead))
    return out


def skip_comments(text: str, extra: str = "") -> int:
    """Offset of the first character that is not whitespace (or `extra`) or a comment."""
    i, n = 0, len(text)
    while i < n:
        if text[i] in _BLANK or text[i] in extra:
            i += 1
        elif text.startswith("--", i):
            match = _NEWLINE.search(text, i + 2)
            if match is None:
                return n
            i = match.end()
        elif text.startswith("/*", i):
            depth, i, after = 1, i + 2, True
            while i < n and depth > 0:
                change = 0 if after else {"/*": 1, "*/": -1}.get(text[i - 1 : i + 1], 0)
                after = change != 0
                depth += change
                i += 1
            if depth > 0:
                return n
        else:
            return i
    return n


def head(statement: str) -> str:
    """The statement without leading comments, upper-cased: what the classes below test."""
    return statement[skip_comments(statement, "\ufeff") :].strip(_JS_SPACE).upper()


_NON_TRANSACTIONAL = re.compile(
    r"CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY(?:\s|\Z)|DROP\s+INDEX\s+CONCURRENTLY(?:\s|\Z)"
    r"|REINDEX(?:\s|\().*\sCONCURRENTLY(?:\s|\Z)|VACUUM(?:\s|\(|\Z)|ALTER\s+SYSTEM(?:\s|\Z)"
    r"|CLUSTER(?:\s|\Z)"
)
_TRANSACTION_CONTROL = re.compile(
    r"(?:BEGIN|START\s+TRANSACTION|COMMIT|END|ABORT|PREPARE\s+TRANSACTION)(?:\s|\Z)"
)


def non_transactional(statement: str) -> bool:
    """Cannot run inside a transaction block: the CLI runs it on its own."""
    return _NON_TRANSACTIONAL.match(head(statement)) is not None


def transaction_control(statement: str) -> bool:
    """BEGIN, COMMIT, ROLLBACK (not TO a savepoint) and the like."""
    text = head(statement)
    words = text.split()
    if words and words[0] == "ROLLBACK":
        at = 2 if len(words) > 1 and words[1] in ("WORK", "TRANSACTION") else 1
        return len(words) <= at or words[at] != "TO"
    return _TRANSACTION_CONTROL.match(text) is not None


def no_transaction_marked(sql: str) -> bool:
    """The CLI's opt-out: a first line `-- pg-delta: transaction=false`."""
    first = sql.removeprefix("\ufeff").split("\n", 1)[0]
    return first.removesuffix("\r") == NO_TRANSACTION_MARK
