"""A value that must never print by accident (after starlette's `Secret`)."""

from __future__ import annotations


class Secret:
    """Holds a key or password; `repr` and `str` mask it, `reveal()` is the one way out."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    @property
    def masked(self) -> str:
        return mask(self._value)

    def __repr__(self) -> str:
        return f"Secret({self.masked!r})"

    def __str__(self) -> str:
        return self.masked

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)


def mask(value: str) -> str:
    """Keep a short recognisable prefix (`sb_publishable_`, `eyJhbGci`) and hide the rest."""
    if not value:
        return ""
    for prefix in ("sb_publishable_", "sb_secret_"):
        if value.startswith(prefix):
            return prefix + "…"
    return value[:6] + "…" if len(value) > 12 else "…"
