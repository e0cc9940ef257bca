"""`kit draft`: tool specs drafted from the project's database.

    database ─► catalog + indexes + a sample row per table ─► drafter (pure) ─► writer (YAML)

Read-only: the local stack's database, `--db-url`, or a throwaway server with the project's
migrations and seed. A spec a person edited is never overwritten unless `force`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kit.access.identity import Identity
from kit.errors import KitError
from kit.project import Project

__all__ = ["DraftResult", "draft"]


@dataclass
class DraftResult:
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # edited by a person: left alone
    notes: list[str] = field(default_factory=list)
    tools: int = 0
    source: str = ""


def draft(
    project: Project,
    identity: Identity,
    *,
    tables: Sequence[str] = (),
    functions: Sequence[str] = (),
    db_url: str | None = None,
    force: bool = False,
    opened: tuple[Any, str] | None = None,
) -> DraftResult:
    """`opened`: a connection (and its name) already open on the project's database."""
    from kit.access.database import project_database

    if opened is not None:
        docs, notes = _documents(opened[0], project, identity, tables, functions)
        return _write(project, docs, notes, opened[1], force)
    with project_database(project, db_url, seed=True) as (conn, source):
        docs, notes = _documents(conn, project, identity, tables, functions)
    return _write(project, docs, notes, source, force)


def _documents(
    conn: Any,
    project: Project,
    identity: Identity,
    tables: Sequence[str],
    functions: Sequence[str],
) -> tuple[dict[str, dict[str, Any]], list[str]]:
    from kit.catalog import read_catalog
    from kit.draft.drafter import TableFacts, draft_function, draft_table
    from kit.draft.samples import first_row, free_key, indexed_columns, owner_column

    catalog = read_catalog(conn, project.api.schemas)
    chosen = _chosen(catalog.tables, tables, "table", functions and not tables)
    indexed = indexed_columns(conn, catalog.schemas)
    sub = identity.sub
    docs: dict[str, dict[str, Any]] = {}
    notes: list[str] = []
    rows: dict[str, Any] = {}  # every table's sample row, merged: examples for RPC arguments
    by_table: dict[str, Any] = {}
    for name in chosen:
        table = catalog.tables[name]
        if table.kind not in ("r", "p"):
            continue
        facts = TableFacts(table, indexed.get(name, set()), first_row(conn, table, sub))
        facts.owner = owner_column(table)
        # A key made only of foreign keys (a many-to-many's primary key or unique pair): a
        # create needs a pair no row holds yet.
        fk_key = next((k for k in table.keys if k and set(k) <= _fk_columns(table)), None)
        if fk_key:
            facts.free_key = free_key(conn, table, fk_key, catalog, sub)
        doc, found = draft_table(facts, identity.role)
        notes += found
        docs[table.name if table.schema == "public" else name] = doc
        rows.update(facts.row or {})
        by_table[name] = facts.row or {}
    # Trigger functions are not callable; graphql_public holds Supabase's own, not the user's.
    all_fns = {
        n: tuple(f for f in fns if f.return_type not in ("trigger", "event_trigger"))
        for n, fns in catalog.functions.items()
        if not n.startswith("graphql_public.")
    }
    all_fns = {n: fns for n, fns in all_fns.items() if fns}
    for name in _chosen(all_fns, functions, "function", tables and not functions):
        for fn in all_fns[name]:
            tool = draft_function(fn, {**rows, **by_table.get(fn.returns_table or "", {})})
            if tool is None:
                notes.append(f"{fn.signature}: no RPC tool (an argument is json or unnamed)")
                continue
            home = fn.returns_table.split(".", 1)[1] if fn.returns_table else None
            if home in docs:
                docs[home]["tools"].append(tool)
            else:
                _rpc_doc(docs, identity.role, next(iter(docs), None))["tools"].append(tool)
    return docs, notes


def _rpc_doc(docs: dict[str, dict[str, Any]], role: str, table: str | None) -> dict[str, Any]:
    if "rpc" not in docs:
        if table is None:
            raise KitError("RPC tools need a table to belong to", hint="draft a table too")
        docs["rpc"] = {
            "table": table,
            "role": role,
            "description": "Functions the agent calls (`table:` only groups them).",
            "tools": [],
        }
    return docs["rpc"]


def _chosen(available: dict[str, Any], names: Sequence[str], what: str, none: object) -> list[str]:
    """The qualified names chosen (all when none given; none when only the other kind is)."""
    from kit.catalog.catalog import qualify
    from kit.specs import did_you_mean

    if not names:
        return [] if none else sorted(available)
    out = []
    for name in names:
        if qualify(name) not in available:
            known = sorted(n.removeprefix("public.") for n in available)
            raise KitError(
                f"no {what} `{name}` in the exposed schemas{did_you_mean(name, known)}",
                hint=f"{what}s: " + ", ".join(known),
            )
        out.append(qualify(name))
    return out


def _fk_columns(table: Any) -> set[str]:
    return {c for fk in table.foreign_keys if len(fk.columns) == 1 for c in fk.columns}


def _write(
    project: Project,
    docs: dict[str, dict[str, Any]],
    notes: list[str],
    source: str,
    force: bool,
) -> DraftResult:
    from kit.draft.writer import dump, edited

    result = DraftResult(notes=notes, source=source)
    folder = project.tool_specs_dir
    folder.mkdir(parents=True, exist_ok=True)
    for name, doc in docs.items():
        path = folder / f"{name.replace('.', '_')}.yaml"
        result.tools += len(doc["tools"])
        if edited(path) and not force:
            result.kept.append(path)
            continue
        text = dump(doc, source)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            result.written.append(path)
    return result
