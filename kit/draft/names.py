"""Plain words and tool names from SQL names: `user_preferences` → `UserPreference`, "user
preference". Hand-written: English plurals of table names only need the common endings, and an
inflection library would be a dependency for four rules."""

from __future__ import annotations

import re

_IRREGULAR = {"people": "person", "children": "child", "data": "data", "media": "media"}


def words(name: str) -> str:
    return name.removeprefix("p_").replace("_", " ").strip()


def snake(name: str) -> str:
    """A parameter name from a column name: `chatId` → `chat_id`, `Created At` → `created_at`."""
    text = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()
    text = re.sub(r"[^a-z0-9_]+", "_", text).strip("_")
    return text if text[:1].isalpha() else f"p_{text}"


def pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("_") if part)


def singular(name: str) -> str:
    """The singular of a snake_case table name (its last word only)."""
    head, _, last = name.rpartition("_")
    return (head + "_" if head else "") + _singular_word(last)


def _singular_word(word: str) -> str:
    lower = word.lower()
    if lower in _IRREGULAR:
        return _IRREGULAR[lower]
    if lower.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if lower.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if lower.endswith("s") and not lower.endswith(("ss", "us", "is")):
        return word[:-1]
    return word
