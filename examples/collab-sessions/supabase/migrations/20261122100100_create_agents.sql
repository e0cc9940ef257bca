-- Agent registry (source document 003, "agents"): the background agents a session can
-- delegate tasks to, e.g. memory_keeper and conversation_processor.
create table public.agents (
    id text primary key check (id ~ '^[a-z][a-z0-9_]{0,62}$'),
    name text not null,
    capabilities text[] not null default '{}',
    status text not null default 'active' check (status in ('active', 'idle', 'busy', 'offline')),
    metadata jsonb not null default '{}'
);

comment on table public.agents is 'Registered background agents and what they can do.';
