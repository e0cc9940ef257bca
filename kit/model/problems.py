"""Collects every mistake of a run so all of them are reported at once."""

from __future__ import annotations

from kit.errors import KitError, Location


class Problems(list[KitError]):
    def add(self, message: str, location: Location | None, hint: str | None = None) -> None:
        self.append(KitError(message, location=location, hint=hint))
