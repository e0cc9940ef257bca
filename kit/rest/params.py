"""The query-string grammar of PostgREST (`ApiRequest/QueryParams.hs`): select, filters, order.

Pure parsing into frozen dataclasses; nothing here knows SQL. Parse errors are PGRST100.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from kit.rest.errors import ApiError, query_param
from kit.rest.sql import is_type_name

OPERATORS = frozenset(
    "eq neq gt gte lt lte like ilike match imatch in is isdistinct fts plfts phfts wfts "
    "cs cd ov sl sr nxr nxl adj".split()
)
QUANTIFIABLE = frozenset("eq gt gte lt lte like ilike match imatch".split())
FTS = frozenset("fts plfts phfts wfts".split())
IS_VALUES = frozenset("null not_null true false unknown".split())
RESERVED = frozenset("select columns on_conflict".split())
RESERVED_LAST = frozenset("order limit offset and or".split())
_DIGITS = "0123456789"
AGGREGATES = ("count", "sum", "avg", "max", "min")
# PostgREST passes any depth to PostgreSQL, whose parser gives up (42601 "memory exhausted")
# somewhere past 2,000 levels; the kit refuses deeper trees while parsing, before any work.
MAX_LOGIC_DEPTH = 500
# Each embed level is a relationship and a subquery; no schema has a hundred in a chain.
MAX_EMBED_DEPTH = 100


@dataclass(frozen=True)
class JsonStep:
    arrow: str  # "->" or "->>"
    key: str
    is_index: bool = False


@dataclass(frozen=True)
class Field:
    name: str
    path: tuple[JsonStep, ...] = ()

    @property
    def output_name(self) -> str:
        return self.path[-1].key if self.path else self.name


@dataclass(frozen=True)
class SelectField:
    field: Field
    alias: str | None = None
    cast: str | None = None
    agg: str | None = None  # count | sum | avg | max | min (Field("") for `count()`)
    agg_cast: str | None = None

    @property
    def output_name(self) -> str:
        return self.alias or self.agg or self.field.output_name


@dataclass(frozen=True)
class SelectEmbed:
    name: str
    alias: str | None = None
    hint: str | None = None
    join: str | None = None  # "inner" | "left" | None
    spread: bool = False
    items: tuple[SelectItem, ...] = ()

    @property
    def output_name(self) -> str:
        return self.alias or self.name


@dataclass(frozen=True)
class Star:
    pass


SelectItem = Union[Star, SelectField, SelectEmbed]  # noqa: UP007 (a runtime alias)


@dataclass(frozen=True)
class Condition:
    field: Field
    op: str
    value: str | tuple[str, ...]
    negate: bool = False
    modifier: str | None = None  # "any" | "all" | an FTS language


@dataclass(frozen=True)
class Logic:
    op: str  # "and" | "or"
    terms: tuple[Condition | Logic, ...]
    negate: bool = False


@dataclass(frozen=True)
class OrderTerm:
    field: Field
    relation: str | None = None
    direction: str | None = None
    nulls: str | None = None


@dataclass
class QueryParams:
    select: tuple[SelectItem, ...] = (Star(),)
    filters: dict[tuple[str, ...], list[Condition | Logic]] = field(default_factory=dict)
    order: dict[tuple[str, ...], list[OrderTerm]] = field(default_factory=dict)
    limits: dict[tuple[str, ...], int] = field(default_factory=dict)
    offsets: dict[tuple[str, ...], int] = field(default_factory=dict)
    columns: tuple[str, ...] | None = None
    on_conflict: tuple[str, ...] | None = None
    args: list[tuple[str, str]] = field(default_factory=list)  # RPC GET arguments


class _Text:
    """A cursor over one parameter value, for the recursive-descent parsers below."""

    def __init__(self, text: str, what: str) -> None:
        self.text, self.pos, self.what = text, 0, what

    def peek(self, n: int = 1) -> str:
        return self.text[self.pos : self.pos + n]

    def eat(self, token: str) -> bool:
        if self.text.startswith(token, self.pos):
            self.pos += len(token)
            return True
        return False

    def done(self) -> bool:
        return self.pos >= len(self.text)

    def fail(self, expecting: str) -> ApiError:
        found = repr(self.text[self.pos]) if not self.done() else "end of input"
        return query_param(
            f'"failed to parse {self.what} ({self.text})" (line 1, column {self.pos + 1})',
            f"unexpected {found} expecting {expecting}",
        )

    def name(self, extra: str = "") -> str:
        """An unquoted name (letters, digits, `_`, `$`, `extra`) or a double-quoted one."""
        if self.eat('"'):
            return self.quoted()
        start = self.pos
        # PostgREST's identifier characters: Unicode letters, but ASCII digits only.
        while not self.done() and (
            self.text[self.pos].isalpha() or self.text[self.pos] in _DIGITS + "_$" + extra
        ):
            if self.text[self.pos] == "-" and self.peek(2) == "->":
                break
            self.pos += 1
        if self.pos == start:
            raise self.fail("a name")
        return self.text[start : self.pos]

    def quoted(self) -> str:
        """The rest of a double-quoted string; `\\"` and `\\\\` are escapes."""
        out: list[str] = []
        while not self.done():
            ch = self.text[self.pos]
            self.pos += 1
            if ch == "\\" and not self.done():
                out.append(self.text[self.pos])
                self.pos += 1
            elif ch == '"':
                return "".join(out)
            else:
                out.append(ch)
        raise self.fail("closing '\"'")


def _strip_spaces(text: str) -> str:
    """select= ignores whitespace outside double quotes."""
    out, quoted = [], False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        if quoted or not ch.isspace():
            out.append(ch)
    return "".join(out)


def parse_select(text: str) -> tuple[SelectItem, ...]:
    cur = _Text(_strip_spaces(text), "select parameter")
    if cur.done():
        return (Star(),)
    items = _select_items(cur, 1)
    if not cur.done():
        raise cur.fail("',' or end of input")
    return items


def _select_items(cur: _Text, depth: int) -> tuple[SelectItem, ...]:
    if depth > MAX_EMBED_DEPTH:
        raise query_param(
            f'"failed to parse {cur.what} ({cur.text[:100]}...)" (line 1, column {cur.pos + 1})',
            f"embeds nest at most {MAX_EMBED_DEPTH} levels deep",
        )
    items = [_select_item(cur, depth)]
    while cur.eat(","):
        items.append(_select_item(cur, depth))
    return tuple(items)


def _select_item(cur: _Text, depth: int) -> SelectItem:
    if cur.eat("*"):
        return Star()
    if cur.eat("..."):
        return _embed_rest(cur, cur.name(), None, depth, spread=True)
    alias = None
    first = cur.name()
    if cur.peek(1) == ":" and cur.peek(2) != "::":
        cur.eat(":")
        alias, first = first, cur.name()
    if first == "count" and cur.peek(2) == "()":
        cur.pos += 2
        return SelectField(Field(""), alias, None, "count", _cast(cur))
    if cur.peek() in ("!", "("):
        return _embed_rest(cur, first, alias, depth, spread=False)
    path = _json_path(cur)
    cast = _cast(cur)
    agg = None
    if cur.peek() == ".":
        begin = cur.pos
        cur.pos += 1
        agg = cur.name()
        if agg not in AGGREGATES or not cur.eat("()"):
            cur.pos = begin
            raise cur.fail("an aggregate (count, sum, avg, max, min) and '()'")
        return SelectField(Field(first, path), alias, cast, agg, _cast(cur))
    return SelectField(Field(first, path), alias, cast)


def _cast(cur: _Text) -> str | None:
    """`::type`, up to `,`, `(`, `)` or an aggregate's `.f()`."""
    if not cur.eat("::"):
        return None
    begin = cur.pos
    while not cur.done() and cur.text[cur.pos] not in ",()":
        if cur.text[cur.pos] == "." and any(
            cur.text.startswith(f".{a}()", cur.pos) for a in AGGREGATES
        ):
            break
        cur.pos += 1
    cast = cur.text[begin : cur.pos]
    if not is_type_name(cast):
        cur.pos = begin
        raise cur.fail("a type name")
    return cast


def _embed_rest(
    cur: _Text, name: str, alias: str | None, depth: int, *, spread: bool
) -> SelectEmbed:
    hint = join = None
    while cur.eat("!"):
        word = cur.name("-")
        if word in ("inner", "left"):
            join = word
        elif hint is None:
            hint = word
        else:
            raise cur.fail("'inner' or 'left'")
    if not cur.eat("("):
        raise cur.fail("'('")
    items: tuple[SelectItem, ...] = () if cur.peek() == ")" else _select_items(cur, depth + 1)
    if not cur.eat(")"):
        raise cur.fail("',' or ')'")
    return SelectEmbed(name, alias, hint, join, spread, items)


def _json_path(cur: _Text) -> tuple[JsonStep, ...]:
    steps = []
    while cur.peek(2) == "->":
        arrow = "->>" if cur.eat("->>") else ("->" if cur.eat("->") else "")
        negative = cur.eat("-")
        key = cur.name("-")
        if negative:
            key = "-" + key
        is_index = is_ascii_number(key.removeprefix("-"))
        steps.append(JsonStep(arrow, key, is_index))
    return tuple(steps)


def parse_field(cur: _Text) -> Field:
    name = cur.name()
    return Field(name, _json_path(cur))


def parse_key(key: str) -> tuple[tuple[str, ...], Field]:
    """`a.b.col->x` → embed path ("a", "b") and the field."""
    cur = _Text(key, "filter")
    names = [cur.name()]
    while cur.eat("."):
        names.append(cur.name())
    path = _json_path(cur)
    if not cur.done():
        raise cur.fail("'.' or '->'")
    return tuple(names[:-1]), Field(names[-1], path)


def parse_condition(field_: Field, value: str, what: str) -> Condition:
    """`[not.]op[(mod)].value` for one field (a top-level filter: the value runs to the end)."""
    cur = _Text(value, what)
    negate, op, modifier = _operator(cur)
    if op == "in":
        items = _in_list(cur)
        if not cur.done():
            raise cur.fail("end of input")
        return Condition(field_, op, items, negate, modifier)
    return _checked(Condition(field_, op, cur.text[cur.pos :], negate, modifier), cur)


def _operator(cur: _Text) -> tuple[bool, str, str | None]:
    negate = cur.eat("not.")
    start = cur.pos
    while not cur.done() and cur.text[cur.pos].isalpha():
        cur.pos += 1
    op = cur.text[start : cur.pos]
    if op not in OPERATORS:
        cur.pos = start
        raise cur.fail("operator (eq, gt, ...)")
    modifier = None
    if cur.eat("("):
        begin = cur.pos
        while not cur.done() and cur.text[cur.pos] != ")":
            cur.pos += 1
        modifier = cur.text[begin : cur.pos]
        if not cur.eat(")"):
            raise cur.fail("')'")
        if op in FTS:
            if not modifier.replace("_", "").isalnum():
                raise cur.fail("a text search configuration")
        elif modifier not in ("any", "all") or op not in QUANTIFIABLE:
            cur.pos = begin
            raise cur.fail("'any' or 'all' after eq, gt, gte, lt, lte, like, ilike, match, imatch")
    if not cur.eat("."):
        raise cur.fail("'.'")
    return negate, op, modifier


def _checked(cond: Condition, cur: _Text) -> Condition:
    if cond.op == "is" and str(cond.value).lower() not in IS_VALUES:
        raise cur.fail("null, not_null, true, false or unknown")
    return cond


def _in_list(cur: _Text) -> tuple[str, ...]:
    if not cur.eat("("):
        raise cur.fail("'('")
    items: list[str] = []
    if cur.eat(")"):
        return ()
    while True:
        if cur.eat('"'):
            items.append(cur.quoted())
        else:
            start = cur.pos
            while not cur.done() and cur.text[cur.pos] not in ",)":
                cur.pos += 1
            items.append(cur.text[start : cur.pos])
        if cur.eat(")"):
            return tuple(items)
        if not cur.eat(","):
            raise cur.fail("',' or ')'")


def parse_logic(op: str, value: str, negate: bool, what: str) -> Logic:
    """`or=(a.eq.1,not.and(b.gt.2,c.is.null))`."""
    cur = _Text(value, what)
    terms = _logic_terms(cur, 1)
    if not cur.done():
        raise cur.fail("end of input")
    return Logic(op, terms, negate)


def _logic_terms(cur: _Text, depth: int) -> tuple[Condition | Logic, ...]:
    """`(term,term,...)`; one Python frame per nesting level, and at most MAX_LOGIC_DEPTH."""
    if depth > MAX_LOGIC_DEPTH:
        raise query_param(
            f'"failed to parse {cur.what} ({cur.text[:100]}...)" (line 1, column {cur.pos + 1})',
            f"logic trees nest at most {MAX_LOGIC_DEPTH} levels deep",
        )
    if not cur.eat("("):
        raise cur.fail("'('")
    terms: list[Condition | Logic] = []
    while True:
        negate = cur.eat("not.")
        op = next((o for o in ("and", "or") if cur.text.startswith(o + "(", cur.pos)), None)
        if op is not None:
            cur.pos += len(op)
            terms.append(Logic(op, _logic_terms(cur, depth + 1), negate))
        else:
            if negate:
                cur.pos -= len("not.")
            terms.append(_logic_condition(cur))
        if not cur.eat(","):
            break
    if not cur.eat(")"):
        raise cur.fail("',' or ')'")
    return tuple(terms)


def _logic_condition(cur: _Text) -> Condition:
    field_ = parse_field(cur)
    if not cur.eat("."):
        raise cur.fail("'.'")
    negate, op, modifier = _operator(cur)
    if op == "in":
        return Condition(field_, op, _in_list(cur), negate, modifier)
    return _checked(Condition(field_, op, _logic_value(cur), negate, modifier), cur)


def _logic_value(cur: _Text) -> str:
    if cur.eat('"'):
        return cur.quoted()
    start, depth = cur.pos, 0
    while not cur.done():
        ch = cur.text[cur.pos]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch in ",)" and depth <= 0:
            break
        cur.pos += 1
    return cur.text[start : cur.pos]


def parse_order(text: str) -> list[OrderTerm]:
    cur = _Text(text, "order parameter")
    terms = [_order_term(cur)]
    while cur.eat(","):
        terms.append(_order_term(cur))
    if not cur.done():
        raise cur.fail("',' or end of input")
    return terms


def _order_term(cur: _Text) -> OrderTerm:
    first = parse_field(cur)
    relation = None
    if not first.path and cur.eat("("):
        relation, first = first.name, parse_field(cur)
        if not cur.eat(")"):
            raise cur.fail("')'")
    direction = nulls = None
    while cur.eat("."):
        word = cur.name()
        if word in ("asc", "desc") and direction is None and nulls is None:
            direction = word
        elif word in ("nullsfirst", "nullslast") and nulls is None:
            nulls = word[5:]
        else:
            raise cur.fail("asc, desc, nullsfirst or nullslast")
    return OrderTerm(first, relation, direction, nulls)


def parse_list(text: str, what: str) -> tuple[str, ...]:
    """`columns=a,"b c"` and `on_conflict=a,b`."""
    cur = _Text(_strip_spaces(text), what)
    names = [cur.name()]
    while cur.eat(","):
        names.append(cur.name())
    if not cur.done():
        raise cur.fail("',' or end of input")
    return tuple(names)


def _non_negative(value: str, key: str) -> int:
    digits = value.removeprefix("-")
    if not is_ascii_number(digits):
        raise query_param(f'"failed to parse {key} parameter ({value})"', "expecting an integer")
    number = bigint(value)
    if number < 0 and key.endswith("limit"):
        raise ApiError(
            416,
            "PGRST103",
            "Requested range not satisfiable",
            "Limit should be greater than or equal to zero.",
        )
    if number < 0:
        raise query_param(
            f'"failed to parse {key} parameter ({value})"', "expecting a non-negative integer"
        )
    return number


def is_ascii_number(text: str) -> bool:
    """ASCII digits only (str.isdigit also takes '²' and '١', which int() may refuse)."""
    return bool(text) and text.isascii() and text.isdigit()


def bigint(text: str) -> int:
    """An ASCII integer that PostgreSQL's bigint holds (limits, offsets, ranges); beyond it,
    PostgreSQL's own 22003 as PostgREST relays it (it sends such numbers to the database)."""
    digits = text.removeprefix("-").lstrip("0")
    if len(digits) > 19 or abs(int(digits or "0")) > 2**63 - 1:
        raise ApiError(400, "22003", f'value "{text}" is out of range for type bigint')
    return int(text)


def looks_like_filter(value: str) -> bool:
    """For RPC GET: a value with an operator is a filter, without one an argument."""
    head = value[4:] if value.startswith("not.") else value
    op = head.split(".", 1)[0].split("(", 1)[0]
    return op in OPERATORS and len(head) > len(op) and head[len(op)] in ".("


def parse_query(pairs: list[tuple[str, str]], *, rpc_get: bool = False) -> QueryParams:
    """All query parameters of one request. Repeated filter keys are ANDed."""
    qp = QueryParams()
    for key, value in pairs:
        _parse_pair(qp, key, value, rpc_get)
    return qp


def _parse_pair(qp: QueryParams, key: str, value: str, rpc_get: bool) -> None:
    if key == "select":
        qp.select = parse_select(value)
    elif key == "columns":
        qp.columns = parse_list(value, "columns parameter")
    elif key == "on_conflict":
        qp.on_conflict = parse_list(value, "on_conflict parameter")
    else:
        parts = key.split(".")
        last = parts[-1]
        if last in RESERVED_LAST:
            _reserved(qp, parts, value, key)
        elif rpc_get and not looks_like_filter(value):
            qp.args.append((key, value))
        else:
            embed, field_ = parse_key(key)
            qp.filters.setdefault(embed, []).append(parse_condition(field_, value, "filter"))


def _reserved(qp: QueryParams, parts: list[str], value: str, key: str) -> None:
    last = parts[-1]
    negate = len(parts) >= 2 and parts[-2] == "not" and last in ("and", "or")
    embed = tuple(parts[: -2 if negate else -1])
    if last == "order":
        qp.order[embed] = parse_order(value) if value else []
    elif last == "limit":
        qp.limits[embed] = _non_negative(value, key)
    elif last == "offset":
        qp.offsets[embed] = _non_negative(value, key)
    else:
        qp.filters.setdefault(embed, []).append(parse_logic(last, value, negate, "logic tree"))
