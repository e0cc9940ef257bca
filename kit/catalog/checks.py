"""What CHECK constraints allow, for the schemas a client reads: `col IN ('a', 'b')` is an enum
to an LLM; `col ~ '^[a-z]+$'`, `char_length(col) between 1 and 64` and `col <> ''` are a string's
pattern and length bounds, and `col between 1 and 5` a number's minimum and maximum (a client
that honours them sends nothing the table refuses).

PostgreSQL stores `role in ('user', 'assistant')` as `((role)::text = ANY (ARRAY[...]))`; the
definition is parsed with pglast (PostgreSQL's own parser), never with regular expressions.
"""

from __future__ import annotations

import re
from typing import Any

import pglast
from pglast import ast
from pglast.enums import A_Expr_Kind, BoolExprType


def check_enum(definition: str) -> tuple[str, tuple[str, ...]] | None:
    """(column, allowed values) when a CHECK is exactly one column IN a list of literals."""
    return _in_list(_condition(definition))


def check_rules(definition: str) -> dict[str, dict[str, Any]]:
    """Per column, the JSON Schema keywords (`pattern`, `minLength`, `maxLength`, `minimum`,
    `exclusiveMinimum` ...) of a CHECK that is one of the simple rules above or a bound on a
    number (`col > 0`, `col between 1 and 5`), or an AND of them; {} for anything else (an OR, a
    rule over two columns, a regular expression JSON Schema reads differently)."""
    found: dict[str, dict[str, Any]] = {}
    node = _condition(definition)
    parts = (
        node.args
        if isinstance(node, ast.BoolExpr) and node.boolop == BoolExprType.AND_EXPR
        else (node,)
    )
    for part in parts or ():
        rule = _rule(part)
        if rule is None:
            return {}
        column, keyword, value = rule
        found.setdefault(column, {})[keyword] = value
    return found


def _condition(definition: str) -> Any:
    if not definition.upper().startswith("CHECK"):
        return None
    try:
        stmt = pglast.parse_sql(f"select 1 where {definition[len('CHECK') :]}")[0].stmt
    except pglast.parser.ParseError:
        return None
    return getattr(stmt, "whereClause", None)


# A regular expression read alike by PostgreSQL (ARE) and JSON Schema (ECMA-262): literals,
# classes, groups, alternation, quantifiers and escapes of punctuation or \d \w \s; no POSIX
# `[:class:]`, no `(?` options or lookarounds, no other backslash letter (ARE's \m, \y ...).
_PORTABLE = re.compile(
    r"^(?:[^\\\[(]|\\[^A-Za-z0-9]|\\[dwsDWS]|\((?!\?)|\[(?!:)(?:[^\]\\[]|\\.)*\])*$"
)


_NUMBER_BOUNDS = {
    ">=": "minimum",
    ">": "exclusiveMinimum",
    "<=": "maximum",
    "<": "exclusiveMaximum",
}


def _rule(node: Any) -> tuple[str, str, Any] | None:
    """(column, keyword, value) for `col op number`, `col ~ 'regex'`, `col <> ''` or
    `char_length(col) op n`."""
    if not isinstance(node, ast.A_Expr) or node.kind != A_Expr_Kind.AEXPR_OP:
        return None
    op = [n.sval for n in node.name or ()]
    right = _strip_casts(node.rexpr)
    if not isinstance(right, ast.A_Const) or right.isnull:
        return None
    column = _column(node.lexpr)
    if column and len(op) == 1 and isinstance(right.val, ast.Integer | ast.Float):
        number = float(str(right.val.fval)) if isinstance(right.val, ast.Float) else right.val.ival
        keyword = _NUMBER_BOUNDS.get(op[0])
        return (column, keyword, number) if keyword else None
    if column and op == ["~"] and isinstance(right.val, ast.String):
        pattern = str(right.val.sval)
        return (column, "pattern", pattern) if _PORTABLE.match(pattern) else None
    if column and op == ["<>"] and isinstance(right.val, ast.String) and right.val.sval == "":
        return column, "minLength", 1
    left = _strip_casts(node.lexpr)
    if not isinstance(left, ast.FuncCall) or not isinstance(right.val, ast.Integer):
        return None
    names = [n.sval for n in left.funcname or ()]
    args = tuple(left.args or ())
    if not names or names[-1] not in ("char_length", "length") or len(args) != 1:
        return None
    column, size = _column(args[0]), int(right.val.ival or 0)
    bound = {">=": ("minLength", size), ">": ("minLength", size + 1)}
    bound |= {"<=": ("maxLength", size), "<": ("maxLength", size - 1)}
    if column is None or op[0] not in bound or len(op) != 1:
        return None
    return column, *bound[op[0]]


def _in_list(node: Any) -> tuple[str, tuple[str, ...]] | None:
    if not isinstance(node, ast.A_Expr) or node.kind != A_Expr_Kind.AEXPR_OP_ANY:
        return None
    if [n.sval for n in node.name or ()] != ["="]:
        return None
    column = _column(node.lexpr)
    values = _literals(_strip_casts(node.rexpr))
    return (column, values) if column and values else None


def _strip_casts(node: Any) -> Any:
    while isinstance(node, ast.TypeCast):
        node = node.arg
    return node


def _column(node: Any) -> str | None:
    node = _strip_casts(node)
    fields = node.fields or () if isinstance(node, ast.ColumnRef) else ()
    if len(fields) == 1:
        return str(fields[0].sval)
    return None


def _literals(node: Any) -> tuple[str, ...]:
    if not isinstance(node, ast.A_ArrayExpr) or not node.elements:
        return ()
    values = []
    for element in node.elements:
        const = _strip_casts(element)
        if not isinstance(const, ast.A_Const) or not isinstance(const.val, ast.String):
            return ()
        values.append(str(const.val.sval))
    return tuple(values)
