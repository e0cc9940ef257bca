"""The tool model: specs + catalog -> `ToolSet` of frozen `Tool`s. Pure: no I/O, no printing."""

from kit.model.resolve import resolve
from kit.model.tool import (
    AGENT_KEY,
    ANON_KEY,
    BASE_URL,
    PROJECT_REF,
    Parameter,
    Request,
    TableSchemas,
    Tool,
    ToolSet,
    placeholder,
)

__all__ = [
    "AGENT_KEY",
    "ANON_KEY",
    "BASE_URL",
    "PROJECT_REF",
    "Parameter",
    "Request",
    "TableSchemas",
    "Tool",
    "ToolSet",
    "placeholder",
    "resolve",
]
