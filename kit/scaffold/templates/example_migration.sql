-- An example table, made by `kit init`: notes the agent keeps for the people it talks to.
-- Replace it with your own tables (`supabase migration new <name>`), then `kit draft`.
create table public.notes (
    id uuid primary key default gen_random_uuid(),
    user_id text not null,
    title text not null,
    body text not null default '',
    created_at timestamptz not null default now()
);

comment on table public.notes is 'Notes the agent keeps for a user.';
comment on column public.notes.user_id is 'Who the note is for: your app''s user id.';
comment on column public.notes.title is 'A short title.';
comment on column public.notes.body is 'The note itself.';

create index notes_user_id_idx on public.notes (user_id);

alter table public.notes enable row level security;
-- The agent's table, not the app's: anon and signed-in users get nothing (Supabase grants them
-- every new table by default). `kit access` grants the agent role what its tools use.
revoke all on public.notes from anon, authenticated;
