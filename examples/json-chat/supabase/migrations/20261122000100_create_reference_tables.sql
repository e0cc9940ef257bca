-- The tables the v2 schema references but the source document never creates (it lists them
-- under "Current Tables"): users, agents and channels, reduced to the columns the document names.
create table public.users (
    id uuid primary key default gen_random_uuid(),
    email varchar(255) unique not null,
    display_name varchar(100),
    created_at timestamptz default now()
);

comment on table public.users is 'People who chat with the agents.';

create table public.agents (
    id uuid primary key default gen_random_uuid(),
    name text not null,
    system_instructions text,
    assistant_instructions text,
    personality text,
    created_at timestamptz default now()
);

comment on table public.agents is 'The agents: their instructions and personality.';

create table public.channels (
    id uuid primary key default gen_random_uuid(),
    name text not null,
    created_at timestamptz default now()
);

comment on table public.channels is 'Where conversations take place (a workspace channel, a DM).';
