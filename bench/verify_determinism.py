"""`kit verify` gives the same verdicts on every run of the same project on the same data.

    .venv/bin/python bench/verify_determinism.py [--runs 20] [--project examples/json-chat]
    .venv/bin/python bench/verify_determinism.py --project per-user

For the flagship and every example (or the `--project`s given), a stack of its own (temporary
folder, free ports), then `--runs` verify runs in a row, each one's verdicts (tool, check,
outcome) compared with the first's. One more case, `per-user key`: a copy of the flagship whose
conversations, preferences and memories are scoped to the JWT's `sub` by RESTRICTIVE policies,
verified with a key minted for `user_grace`, and one tool (GetConversation) left without an
`example:`, so verify picks its sample row from the data. (Before samples followed key order
and the agent's view, the physical first row, which cleanup moves, flipped that tool between
green and red.) Prints one line per project: runs, distinct verdict sets (1 = deterministic),
green runs, and the failing checks if any. Exits 1 unless every project has exactly one.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from kit.project import Project, load_project
from kit.secret import Secret
from kit.stack.keys import mint, project_jwt_secret
from kit.target import Target
from kit.testing import running_stack
from kit.verify import verify_project
from kit.verify.events import Event, ToolFinished
from kit.verify.report import Handler

ROOT = Path(__file__).resolve().parent.parent
USER = "user_grace"
PER_USER = "per-user"  # the name of the per-user case for --project
CONVERSATION = "c0000000-0000-4000-8000-000000000003"  # one of user_grace's, not archived
ARCHIVED = "c0000000-0000-4000-8000-000000000004"  # user_grace's archived one
PER_USER_SQL = """
create policy per_user_conversations on public.conversations as restrictive
for all to maker_agent using (user_id = (select auth.jwt() ->> 'sub'));
create policy per_user_preferences on public.user_preferences as restrictive
for all to maker_agent using (user_id = (select auth.jwt() ->> 'sub'));
create policy per_user_memories on public.memory_long_term as restrictive
for all to maker_agent using (user_id = (select auth.jwt() ->> 'sub'));
"""


class Verdicts(Handler):
    def __init__(self) -> None:
        self.seen: list[tuple[str, str, str]] = []

    def handle(self, event: Event) -> None:
        if isinstance(event, ToolFinished):
            for check in event.result.checks:
                self.seen.append((event.result.tool, check.name, check.outcome))


def measure(name: str, project: Project, runs: int, sub: str | None = None) -> bool:
    with running_stack(project) as stack:
        info = stack.info()
        agent = info.agent_key
        if sub is not None:
            secret = project_jwt_secret(project)
            agent = Secret(mint(secret, "maker_agent", extra_claims={"sub": sub}))
        target = Target(
            f"{name} stack",
            info.api_url,
            anon_key=info.anon_key,
            service_key=info.service_role_key,
            agent_key=agent,
        )
        sets: dict[tuple[tuple[str, str, str], ...], int] = {}
        green = 0
        for _ in range(runs):
            handler = Verdicts()
            final = verify_project(project, target, handlers=[handler])
            verdicts = tuple(sorted(handler.seen))
            sets[verdicts] = sets.get(verdicts, 0) + 1
            green += final.checks_failed == 0
    failing = sorted({f"{t}.{c}" for v in sets for t, c, o in v if o == "failed"})
    print(
        f"{name:<16} runs {runs:>3}  distinct verdict sets {len(sets)}  green runs "
        f"{green:>3}/{runs}" + (f"  failing: {', '.join(failing)}" if failing else ""),
        flush=True,
    )
    return len(sets) == 1


def per_user_copy(folder: Path) -> Project:
    """The flagship scoped per user, in `folder` (the committed project is not touched)."""
    for part in ("supabase", "seed", "tool_specs"):
        shutil.copytree(ROOT / part, folder / part)
    (folder / "supabase" / "migrations" / "20261122009900_per_user.sql").write_text(PER_USER_SQL)
    for spec in (folder / "tool_specs").glob("*.yaml"):
        text = spec.read_text().replace("user_ada", USER)
        text = text.replace("c0000000-0000-4000-8000-000000000001", CONVERSATION)
        # ArchiveConversation's own conversation: user_grace's archived one (no tool writes it)
        text = text.replace("c0000000-0000-4000-8000-000000000005", ARCHIVED)
        if spec.name == "conversations.yaml":  # GetConversation: its row comes from the data
            text = text.replace(
                f"        description: The conversation's id.\n        example: {CONVERSATION}\n"
                "\n  - name: CreateConversation",
                "        description: The conversation's id.\n\n  - name: CreateConversation",
            )
        spec.write_text(text)
    return load_project(folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--project", action="append", default=[])
    args = parser.parse_args()
    names = args.project or [".", *sorted(str(p) for p in (ROOT / "examples").iterdir()), PER_USER]
    ok = True
    for name in names:
        if name == PER_USER:
            with tempfile.TemporaryDirectory(prefix="kit-bench-per-user-") as folder:
                ok &= measure("per-user key", per_user_copy(Path(folder)), args.runs, sub=USER)
            continue
        path = (ROOT / name).resolve()
        label = "flagship" if path == ROOT else path.name
        ok &= measure(label, load_project(path), args.runs)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
