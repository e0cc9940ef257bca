"""The checks, one per module; each module's docstring is its documentation.

A check is `async def name(case, response, ctx) -> None` that raises `Failure` when its
property does not hold and `Skip` when it has nothing to judge. `@check(applies=...)` registers
it under its function name; the engine runs every registered check that applies to a case and
reports each separately. Adding a check is adding a module to `CHECK_MODULES`.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx

from kit.verify.case import Case
from kit.verify.context import CaseContext

CheckFunction = Callable[[Case, httpx.Response, CaseContext], Awaitable[None]]

CHECK_MODULES = (
    "status_matches",
    "body_matches_schema",
    "filters_hold",
    "limit_holds",
    "order_holds",
    "reads_not_hidden",
    "writes_persist",
    "updates_change_only_sent",
    "deletes_remove_only_matching",
    "no_key_is_refused",
    "anon_key_is_refused",
)


class Skip(Exception):
    """A check had nothing to judge (e.g. no rows to test a filter on)."""


@dataclass(frozen=True)
class Check:
    name: str
    run: CheckFunction
    applies: Callable[[Case], bool]
    doc: str


REGISTRY: dict[str, Check] = {}


def check(
    applies: Callable[[Case], bool] = lambda case: True,
) -> Callable[[CheckFunction], CheckFunction]:
    def register(fn: CheckFunction) -> CheckFunction:
        doc = (fn.__doc__ or "").strip().splitlines()[0] if fn.__doc__ else fn.__name__
        REGISTRY[fn.__name__] = Check(fn.__name__, fn, applies, doc)
        return fn

    return register


def checks_for(case: Case) -> list[Check]:
    load()
    return [c for c in REGISTRY.values() if c.applies(case)]


def load() -> None:
    for module in CHECK_MODULES:
        importlib.import_module(f"kit.verify.checks.{module}")
