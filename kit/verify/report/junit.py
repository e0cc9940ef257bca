"""`--junit FILE`: JUnit XML for CI: one testcase per (tool, check), classname = tool.

Failed checks carry the failure title as `message` and the full text (expected, received, why,
body, reproduce command) as content; skipped checks say why. Drift goes to `system-out`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from kit.verify.events import (
    CleanupFinished,
    DriftReported,
    Event,
    RunFinished,
    RunStarted,
    ToolFinished,
    ToolResult,
)
from kit.verify.report import Handler


class JUnitReport(Handler):
    def __init__(self, path: Path) -> None:
        self.path = path
        self.suite = ET.Element("testsuite", name="kit verify")
        self.drift: list[str] = []

    def handle(self, event: Event) -> None:
        if isinstance(event, RunStarted):
            ET.SubElement(
                ET.SubElement(self.suite, "properties"),
                "property",
                name="target",
                value=event.target,
            )
        elif isinstance(event, DriftReported):
            self.drift = [i.text() for i in event.items] or ([event.note] if event.note else [])
        elif isinstance(event, ToolFinished | CleanupFinished):
            self._add(event.result)
            if isinstance(event, CleanupFinished):
                self.drift += event.notes  # shown with the drift, as the run's notes
        elif isinstance(event, RunFinished):
            self._totals(event)

    def _add(self, result: ToolResult) -> None:
        seconds = f"{result.ms / 1000:.3f}"
        for check in result.checks:
            case = ET.SubElement(
                self.suite, "testcase", classname=result.tool, name=check.name, time=seconds
            )
            if check.failure is not None:
                failure = ET.SubElement(case, "failure", message=check.failure.title)
                failure.text = check.failure.text()
            elif check.outcome == "skipped":
                ET.SubElement(case, "skipped", message=check.reason or "")

    def _totals(self, event: RunFinished) -> None:
        cases = event.checks_passed + event.checks_failed + event.checks_skipped
        self.suite.set("tests", str(cases))
        self.suite.set("failures", str(event.checks_failed))
        self.suite.set("skipped", str(event.checks_skipped))
        self.suite.set("errors", "0")
        self.suite.set("time", f"{event.seconds:.3f}")

    def shutdown(self) -> None:
        if self.drift:
            ET.SubElement(self.suite, "system-out").text = "\n".join(self.drift)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tree = ET.ElementTree(self._root())
        ET.indent(tree)
        tree.write(self.path, encoding="utf-8", xml_declaration=True)

    def _root(self) -> ET.Element:
        root = ET.Element("testsuites")
        root.append(self.suite)
        return root
