"""Reporters: handlers over the verify event stream (console, JSON, JUnit XML).

A handler has `start()`, `handle(event)` and `shutdown()`; adding a format is adding a handler.
"""

from __future__ import annotations

from kit.verify.events import Event


class Handler:
    def start(self) -> None:
        """Called once before the first event."""

    def handle(self, event: Event) -> None:
        raise NotImplementedError

    def shutdown(self) -> None:
        """Called once after the last event (also when the run was interrupted)."""
