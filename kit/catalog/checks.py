"""Enumerations hidden in CHECK constraints: `col IN ('a', 'b')` is an enum to an LLM.

PostgreSQL stores `role in ('user', 'assistant')` as `((role)::text = ANY (ARRAY[...]))`; the
definition is parsed with pglast (PostgreSQL's own parser), never with regular expressions.
"""

from __future__ import annotations

from typing import Any

import pglast
from pglast import ast
from pglast.enums import A_Expr_Kind


def check_enum(definition: str) -> tuple[str, tuple[str, ...]] | None:
    """(column, allowed values) when a CHECK is exactly one column IN a list of literals."""
    if not definition.upper().startswith("CHECK"):
        return None
    try:
        stmt = pglast.parse_sql(f"select 1 where {definition[len('CHECK') :]}")[0].stmt
    except pglast.parser.ParseError:
        return None
    return _in_list(getattr(stmt, "whereClause", None))


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
