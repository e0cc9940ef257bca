-- Individual messages within a conversation (source document 000, migration 002).
create table public.messages (
    id uuid primary key default gen_random_uuid(),
    conversation_id uuid not null references public.conversations (id) on delete cascade,
    role varchar(20) not null check (role in ('user', 'assistant', 'system')),
    content text not null,
    code text,
    variant_codes jsonb,
    created_at timestamptz default now()
);

comment on table public.messages is 'Messages of a conversation, in the order they were written.';
