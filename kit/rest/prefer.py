"""The `Prefer` header (PostgREST `ApiRequest/Preferences.hs`).

Several headers and comma lists merge; the first occurrence of a key wins; unknown values are
ignored unless `handling=strict`, which makes them a 400 PGRST122.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from kit.rest.errors import ApiError

_KNOWN = {
    "return": ("minimal", "representation", "headers-only"),
    "count": ("exact", "planned", "estimated"),
    "resolution": ("merge-duplicates", "ignore-duplicates"),
    "missing": ("default", "null"),
    "handling": ("strict", "lenient"),
    "tx": ("commit", "rollback"),
    "params": ("single-object",),
}


@dataclass(frozen=True)
class Preferences:
    return_: str | None = None
    count: str | None = None
    resolution: str | None = None
    missing: str | None = None
    handling: str | None = None
    max_affected: int | None = None
    timezone: str | None = None
    tx: str | None = None

    @functools.cached_property  # a kept request shape answers with the same each time
    def applied(self) -> tuple[str, ...]:
        """What `Preference-Applied` echoes (`tx` is added by `respond` when it was honoured)."""
        pairs = [
            ("return", self.return_),
            ("count", self.count),
            ("resolution", self.resolution),
            ("missing", self.missing),
            ("handling", self.handling),
        ]
        out = [f"{k}={v}" for k, v in pairs if v]
        if self.max_affected is not None:
            out.append(f"max-affected={self.max_affected}")
        if self.timezone:
            out.append(f"timezone={self.timezone}")
        return tuple(out)


def parse_prefer(headers: list[str]) -> Preferences:
    seen: dict[str, str] = {}
    invalid: list[str] = []
    for header in headers:
        for raw in header.split(","):
            item = raw.strip()
            if not item:
                continue
            key, _, value = item.partition("=")
            key, value = key.strip(), value.strip()
            if not _valid(key, value):
                invalid.append(item)
            elif key not in seen:
                seen[key] = value
    if seen.get("handling") == "strict" and invalid:
        raise ApiError(
            400,
            "PGRST122",
            "Invalid preferences given with handling=strict",
            "Invalid preferences: " + ", ".join(invalid),
        )
    max_affected = _max_affected(seen.get("max-affected"))
    return Preferences(
        return_=seen.get("return"),
        count=seen.get("count"),
        resolution=seen.get("resolution"),
        missing=seen.get("missing"),
        handling=seen.get("handling"),
        max_affected=max_affected,
        timezone=seen.get("timezone"),
        tx=seen.get("tx"),
    )


def _valid(key: str, value: str) -> bool:
    if key in _KNOWN:
        return value in _KNOWN[key]
    if key == "max-affected":
        return True  # never refused, even with handling=strict; see _max_affected
    return key == "timezone" and bool(value)


def _max_affected(value: str | None) -> int | None:
    """PostgREST reads an Int64 and ignores a value that does not parse as one."""
    if value is None or not (value.isascii() and value.isdigit()):
        return None
    digits = value.lstrip("0") or "0"
    return int(digits) if len(digits) <= 19 and int(digits) <= 2**63 - 1 else None
