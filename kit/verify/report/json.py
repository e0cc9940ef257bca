"""`--json FILE`: the whole run as one JSON document, written at the end.

{"target", "tools": [...], "drift": {...}, "results": [ToolResult...], "cleanup": {...},
 "summary": {...}}
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from kit.verify.events import (
    CleanupFinished,
    DriftReported,
    Event,
    RunFinished,
    RunStarted,
    ToolFinished,
)
from kit.verify.report import Handler


class JsonReport(Handler):
    def __init__(self, path: Path) -> None:
        self.path = path
        self.document: dict[str, Any] = {"results": []}

    def handle(self, event: Event) -> None:
        if isinstance(event, RunStarted):
            self.document |= {"target": event.target, "tools": list(event.tools)}
        elif isinstance(event, DriftReported):
            self.document["drift"] = _drop_event(event.to_dict())
        elif isinstance(event, ToolFinished):
            self.document["results"].append(asdict(event.result))
        elif isinstance(event, CleanupFinished):
            self.document["cleanup"] = _drop_event(event.to_dict())
        elif isinstance(event, RunFinished):
            self.document["summary"] = {**_drop_event(event.to_dict()), "passed": event.passed}

    def shutdown(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self.document, indent=2, ensure_ascii=False) + "\n")


def _drop_event(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "event"}
