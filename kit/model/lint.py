"""What the platforms would reject, found at generate time (GPT Actions, OpenAI, Anthropic).

Limits (reference/toolspecs.md §0, §3.2): function names `[A-Za-z0-9_-]{1,64}` (we keep to
`[A-Za-z0-9_]`); an operation description of at most 300 characters and a parameter
description of at most 700 (GPT Actions); at most 128 tools per request (OpenAI), and clients
such as Cursor cap a whole session at about 40.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kit.errors import KitError
from kit.model.problems import Problems
from kit.model.tool import Tool

NAME = re.compile(r"^[A-Za-z0-9_]{1,64}$")
DESCRIPTION_MAX = 300
PARAMETER_DESCRIPTION_MAX = 700
TOOLS_WARN = 40
TOOLS_MAX = 128


def lint(
    tools: Sequence[Tool], problems: Problems, *, tool_limit: int | None = TOOLS_MAX
) -> list[KitError]:
    """Adds errors to `problems`; returns warnings."""
    for tool in tools:
        _lint_tool(tool, problems)
    warnings: list[KitError] = []
    count = len(tools)
    where = tools[-1].source if tools else None
    if tool_limit is None:
        return warnings
    if count > tool_limit:
        problems.add(
            f"{count} tools: OpenAI accepts at most {tool_limit} in one request",
            where,
            hint="split the specs into several projects or drop tools the agent does not need",
        )
    elif count > TOOLS_WARN:
        warnings.append(
            KitError(
                f"{count} tools: some clients (Cursor) cap a session at about {TOOLS_WARN}",
                hint="give each agent only the tools it needs",
            )
        )
    return warnings


def _lint_tool(tool: Tool, problems: Problems) -> None:
    if not NAME.match(tool.name):
        problems.add(
            f"bad tool name `{tool.name}`: at most 64 characters of [A-Za-z0-9_]",
            tool.source,
        )
    if len(tool.description) > DESCRIPTION_MAX:
        problems.add(
            f"{tool.name}: description has {len(tool.description)} characters; GPT Actions "
            f"accept at most {DESCRIPTION_MAX}",
            tool.source,
            hint="say what it does and when to use it in a sentence or two",
        )
    for param in tool.parameters:
        if len(param.description) > PARAMETER_DESCRIPTION_MAX:
            problems.add(
                f"{tool.name}: description of `{param.name}` has {len(param.description)} "
                f"characters; GPT Actions accept at most {PARAMETER_DESCRIPTION_MAX}",
                tool.source,
            )
