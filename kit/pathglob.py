"""File globs with the Supabase CLI's rules (Go's `path.Match`, which the CLI reproduces).

Python's `glob` differs where it matters for `[db.seed] sql_paths`: its `*` skips dot files,
it negates classes with `!` rather than `^`, escapes with `[*]` rather than `\\*`, and takes a
malformed class literally where the CLI reports a bad pattern. So a pattern is translated to a
regular expression here, one path segment at a time, and directories are listed by hand.
"""

from __future__ import annotations

import os
import posixpath
import re
from functools import cache

META = re.compile(r"[*?\[\\]")


class BadPattern(ValueError):
    """The CLI's "syntax error in pattern"."""


@cache
def segment_regex(pattern: str) -> re.Pattern[str]:
    """One segment of a Go `path.Match` pattern as a regular expression."""
    out, i, n = [], 0, len(pattern)
    while i < n:
        char = pattern[i]
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "\\":
            if i + 1 >= n:
                raise BadPattern(pattern)
            i += 1
            out.append(re.escape(pattern[i]))
        elif char == "[":
            i, cls = _char_class(pattern, i + 1)
            out.append(cls)
            continue
        else:
            out.append(re.escape(char))
        i += 1
    return re.compile("".join(out), re.DOTALL)


def _char_class(pattern: str, i: int) -> tuple[int, str]:
    """`[...]` from just after the `[`: (index after `]`, regex class)."""
    n, negate = len(pattern), False
    ranges: list[str] = []
    if i < n and pattern[i] == "^":
        negate, i = True, i + 1
    while True:
        if i < n and pattern[i] == "]" and ranges:
            return i + 1, "[" + ("^" if negate else "") + "".join(ranges) + "]"
        i, low = _class_char(pattern, i)
        high = low
        if i < n and pattern[i] == "-":
            i, high = _class_char(pattern, i + 1)
        ranges.append(re.escape(low) + ("-" + re.escape(high) if high != low else ""))


def _class_char(pattern: str, i: int) -> tuple[int, str]:
    n = len(pattern)
    if i >= n or pattern[i] in "-]":
        raise BadPattern(pattern)
    if pattern[i] == "\\":
        i += 1
        if i >= n:
            raise BadPattern(pattern)
    if i + 1 >= n:  # a class must close after its last character
        raise BadPattern(pattern)
    return i + 1, pattern[i]


def check(pattern: str) -> None:
    """Raise BadPattern if any segment of `pattern` is malformed."""
    for part in pattern.split("/"):
        segment_regex(part)


def glob(pattern: str, root: str) -> list[str]:
    """Paths matching `pattern` (relative to `root` unless absolute), as the CLI spells them:
    the pattern's own directory part joined with each matching name; unsorted."""
    if not pattern:
        return []
    if not META.search(pattern):
        full = pattern if os.path.isabs(pattern) else os.path.join(root, pattern)
        return [pattern] if os.path.lexists(full) else []
    folder, _, name = pattern.rpartition("/")
    if not folder and pattern.startswith("/"):
        folder = "/"
    folders = glob(folder, root) if META.search(folder) else [folder]
    regex = segment_regex(name)
    found = []
    for where in folders:
        path = where if os.path.isabs(where) else os.path.join(root, where)
        try:
            names = os.listdir(path or root)
        except OSError:
            continue
        found += [
            posixpath.normpath(posixpath.join(where, entry))
            for entry in names
            if regex.fullmatch(entry)
        ]
    return found
