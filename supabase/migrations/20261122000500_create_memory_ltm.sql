-- Long-term memory across sessions (source document 000, migration 005).
-- pgvector lives in schema extensions, as on hosted Supabase.
create extension if not exists vector with schema extensions;

create table public.memory_long_term (
    id uuid primary key default gen_random_uuid(),
    user_id varchar(255) not null,
    memory_type varchar(50) not null check (
        memory_type in ('pattern', 'preference', 'correction', 'summary')
    ),
    content text not null,
    embedding extensions.vector(1536),
    relevance_score float default 1.0,
    source_conversation_id uuid references public.conversations (id) on delete set null,
    created_at timestamptz default now(),
    last_accessed timestamptz default now()
);

comment on table public.memory_long_term is 'What the agent remembers about a user across conversations.';
