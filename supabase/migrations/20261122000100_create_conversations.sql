-- Chat sessions of the agent's users (source document 000, migration 001).
create table public.conversations (
    id uuid primary key default gen_random_uuid(),
    user_id varchar(255),
    title varchar(500),
    created_at timestamptz default now(),
    updated_at timestamptz default now(),
    message_count integer default 0,
    is_archived boolean default false
);

comment on table public.conversations is 'Chat sessions, one row per conversation with a user.';
