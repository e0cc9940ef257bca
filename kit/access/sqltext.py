"""SQL text for the access migration: identifiers quoted only where PostgreSQL needs it, so the
file reads as a person would write it and passes `kit lint` (sqlfluff RF06).

Hand-written rather than psycopg's `sql.Identifier`, which always quotes.
"""

from __future__ import annotations

import re
import textwrap

_PLAIN = re.compile(r"^[a-z_][a-z0-9_$]*$")
# PostgreSQL's reserved key words (`select word from pg_get_keywords() where catcode = 'R'`):
# as identifiers they must be quoted.
RESERVED = frozenset(
    """all analyse analyze and any array as asc asymmetric both case cast check collate column
    constraint create current_catalog current_date current_role current_time current_timestamp
    current_user default deferrable desc distinct do else end except false fetch for foreign
    from grant group having in initially intersect into lateral leading limit localtime
    localtimestamp not null offset on only or order placing primary references returning select
    session_user some symmetric system_user table then to trailing true union unique user using
    variadic when where window with""".split()
)
WIDTH = 100


def ident(name: str) -> str:
    if _PLAIN.match(name) and name not in RESERVED:
        return name
    return '"' + name.replace('"', '""') + '"'


def qualified(schema: str, name: str) -> str:
    return f"{ident(schema)}.{ident(name)}"


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def columns(names: list[str], head: str, tail: str) -> str:
    """`head (a, b, c) tail`, wrapped at WIDTH with the column list indented."""
    one = f"{head} ({', '.join(ident(n) for n in names)}) {tail}"
    if len(one) <= WIDTH:
        return one
    body = textwrap.fill(
        ", ".join(ident(n) for n in names),
        WIDTH - 4,
        initial_indent="    ",
        subsequent_indent="    ",
    )
    return f"{head} (\n{body}\n) {tail}"


def comment(text: str) -> list[str]:
    return textwrap.wrap(text, WIDTH - 3, initial_indent="-- ", subsequent_indent="-- ")


def signature(schema: str, text: str) -> str:
    """`f(uuid,text)` as regprocedure prints it (no schema when on the search path), qualified
    and spaced as in a migration."""
    name, _, args = text.partition("(")
    if "." not in name:
        name = f"{ident(schema)}.{name}"
    return f"{name}({args.replace(',', ', ')}"
