"""A project whose migration folder and seed settings hold every naming case the Supabase CLI
treats specially, built on disk by the tests (CRLF files and folders stay exactly as written)."""

from __future__ import annotations

from pathlib import Path

MIGRATIONS = {
    # First entry and an old `<timestamp>_init.sql`: the CLI skips it (it would fail).
    "00000000000000_init.sql": "select 1/0;\n",
    "0001_a.sql": "create table public.a (id int primary key);\n",
    "1234567890123_thirteen_digits.sql": "create table public.thirteen (id int);\n",
    "20200101000000_init.sql": "create table public.late_init (id int);\n",  # not first: applies
    "20260309_b.sql": "insert into public.a values (1);\n",
    "20261201000000_own_transaction.sql": (
        "-- a comment before BEGIN still counts as transaction control\n"
        "begin;\ncreate table public.in_tx (id int);\ncommit;\n"
        "create table public.after_tx (id int);\n"
    ),
    "20261201000001_concurrently.sql": (
        "create table public.indexed (v text);\n"
        "create index concurrently indexed_v on public.indexed (v);\n"
        "insert into public.indexed values ('x');\n"
    ),
    "20261201000002_tricky.sql": (
        "/* header /* nested; */ still; */\n"
        "create function public.atomic_one() returns int language sql\n"
        "begin atomic\n  select 1;\n  select case when true then 1 end;\nend;\n"
        "create table public.\"semi;colon\" (note text default E'it\\'s; fine');\n"
        "do $body$ begin perform ';'; end $body$;\n"
        "comment on table public.a is $$a; table$$;\n"
        "-- a trailing comment is a statement of its own for the CLI\n"
    ),
    "20261201000003_crlf.sql": "create table public.crlf (id int);\r\n-- done\r\n",
    "readme.sql": "this is not sql;\n",
    "x_no_number.sql": "this is not sql either;\n",
    "README.md": "# notes\n",
}
SKIPPED = ["00000000000000_init.sql", "README.md", "readme.sql", "x_no_number.sql"]

SEEDS = {
    "seed.sql": "insert into public.a values (2);\n",
    "seeds/01_first.sql": "insert into public.a values (3);\n",
    "seeds/.hidden.sql": "insert into public.a values (4);\n",  # Go's `*` matches dot files
    "data/nested/deep.sql": "insert into public.a values (5);\n",
    "data/notes.txt": "not a seed\n",
}
SEED_PATHS = ["./seed.sql", "seeds/*.sql", "seeds/01_*.sql", "data", "nothing/*.sql"]


def write(root: Path) -> Path:
    supabase = root / "supabase"
    (supabase / "migrations" / "archive").mkdir(parents=True)
    # A subfolder is ignored, whatever it holds.
    (supabase / "migrations" / "archive" / "20990101000000_never.sql").write_text("select 1/0;")
    for name, sql in MIGRATIONS.items():
        (supabase / "migrations" / name).write_bytes(sql.encode())
    for name, sql in SEEDS.items():
        path = supabase / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(sql)
    paths = ", ".join(f'"{p}"' for p in SEED_PATHS)
    (supabase / "config.toml").write_text(
        f'project_id = "odd"\n\n[db.seed]\nenabled = true\nsql_paths = [{paths}]\n'
    )
    return root
