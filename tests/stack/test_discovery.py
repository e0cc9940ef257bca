"""Which files the kit takes as migrations and seeds, and how it splits them: the Supabase CLI's
rules, checked without a database (test_cli_agreement runs the real CLI on the same project)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit import pathglob
from kit.project import discover_migrations, discover_seeds, load_project
from kit.stack import sqlsplit

from . import odd_project


def test_odd_names_are_applied_or_skipped_with_the_cli_warning(tmp_path: Path) -> None:
    project = load_project(odd_project.write(tmp_path))
    names = [p.name for p in project.migration_files()]
    assert names == sorted(set(odd_project.MIGRATIONS) - set(odd_project.SKIPPED))
    assert project.migration_warnings() == [
        'Skipping migration 00000000000000_init.sql... (replace "init" with a different file '
        "name to apply this migration)",
        *(
            f'Skipping migration {name}... (file name must match pattern "<timestamp>_name.sql")'
            for name in ("README.md", "readme.sql", "x_no_number.sql")
        ),
    ]


def test_the_init_rule_looks_at_the_first_entry_only(tmp_path: Path) -> None:
    # As in the CLI: a dot file sorts first, so the old _init.sql after it applies.
    (tmp_path / ".gitkeep").write_text("")
    (tmp_path / "20200101000000_init.sql").write_text("select 1;")
    files, warnings = discover_migrations(tmp_path)
    assert [f.name for f in files] == ["20200101000000_init.sql"]
    assert warnings == [
        'Skipping migration .gitkeep... (file name must match pattern "<timestamp>_name.sql")'
    ]


def test_seed_paths_follow_the_cli(tmp_path: Path) -> None:
    project = load_project(odd_project.write(tmp_path))
    files, warnings = project.seed_paths()
    assert files == [
        "supabase/seed.sql",
        "supabase/seeds/.hidden.sql",
        "supabase/seeds/01_first.sql",  # matched twice, listed once
        "supabase/data/nested/deep.sql",  # a matched folder: every .sql under it
    ]
    assert warnings == ["no files matched pattern: supabase/nothing/*.sql"]
    _, bad = discover_seeds(tmp_path, ("seeds/[a.sql", "../escape/*.sql"))
    assert bad == [
        "failed to glob files: syntax error in pattern",
        "no files matched pattern: escape/*.sql",
    ]


@pytest.mark.parametrize(
    ("pattern", "name", "matches"),
    [
        ("*.sql", ".hidden.sql", True),
        ("[^a]*.sql", "b.sql", True),
        ("[^a]*.sql", "a.sql", False),
        ("[!a].sql", "!.sql", True),  # Go has no `!` negation
        ("\\*.sql", "*.sql", True),
        ("0?_*.sql", "01_x.sql", True),
        ("[a-c]x", "bx", True),
    ],
)
def test_glob_segments_match_as_go_path_match(pattern: str, name: str, matches: bool) -> None:
    assert bool(pathglob.segment_regex(pattern).fullmatch(name)) is matches


@pytest.mark.parametrize("pattern", ["[", "[]", "a\\", "[a-]", "[^]"])
def test_malformed_globs_are_bad_patterns(pattern: str) -> None:
    with pytest.raises(pathglob.BadPattern):
        pathglob.check(pattern)


def test_split_keeps_what_the_cli_keeps() -> None:
    sql = (
        "-- head\ncreate table a (b int);  -- tail\n"
        "create function f() returns int language sql\nbegin atomic\n select 1;\n"
        " select case when true then 2 end;\nend;\n"
        "select E'it\\'s; ok', $x$ ; $x$, \"a;b\";\n"
        "/* a /* nested ; */ */ select (1; 2);\n"
        "-- trailing\n"
    )
    statements = sqlsplit.split(sql)
    assert [s.text.splitlines()[0] for s in statements] == [
        "-- head",
        "-- tail",
        "select E'it\\'s; ok', $x$ ; $x$, \"a;b\"",
        "/* a /* nested ; */ */ select (1; 2)",
        "-- trailing",  # a statement of its own, as the CLI records it
    ]
    assert all(sql[s.offset :].startswith(s.text) for s in statements)
    assert statements[1].text.endswith("then 2 end;\nend")


@pytest.mark.parametrize(
    ("statement", "control", "alone"),
    [
        ("-- why\nBEGIN", True, False),
        ("commit", True, False),
        ("rollback", True, False),
        ("rollback to savepoint s", False, False),
        ("/* x */ create unique index concurrently i on t (a)", False, True),
        ("vacuum (analyze) t", False, True),
        ("create table begin_x (i int)", False, False),
    ],
)
def test_statement_classes(statement: str, control: bool, alone: bool) -> None:
    assert sqlsplit.transaction_control(statement) is control
    assert sqlsplit.non_transactional(statement) is alone
