-- Collaborative sessions (source document 003, "sessions"). The id is chosen by the caller
-- (e.g. mobile_test_001), so it is checked to be safe in URLs and filters.
create table public.sessions (
    id text primary key check (id ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$'),
    title text not null,
    status text not null default 'active' check (status in ('active', 'paused', 'completed')),
    created timestamptz not null default now(),
    updated timestamptz not null default now(),
    participants text[] not null default '{}',
    memory_count integer not null default 0,
    task_count integer not null default 0,
    metadata jsonb not null default '{}'
);

comment on table public.sessions is
'Collaborative sessions: active -> paused <-> active -> completed. Counts are kept by triggers.';
