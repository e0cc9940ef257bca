-- Typed agent memories with embeddings, and their consolidations (source document 001, 3-4).
-- pgvector lives in schema extensions, as on hosted Supabase.
create extension if not exists vector with schema extensions;

create table public.agent_memories (
    id uuid primary key default gen_random_uuid(),
    agent_id uuid not null references public.agents (id) on delete cascade,
    memory_type varchar(20) not null check (memory_type in ('episodic', 'semantic', 'procedural', 'working')),
    content jsonb not null,
    embeddings extensions.vector(1536),
    importance float default 0.5 check (importance >= 0 and importance <= 1),
    decay_rate float default 0.1 check (decay_rate >= 0),
    access_count integer default 0,
    related_memories uuid[],
    source_message_id uuid references public.chat_messages_v2 (id) on delete set null,
    last_accessed timestamptz default now(),
    created_at timestamptz default now(),
    expires_at timestamptz,
    -- Each memory type carries its own keys.
    constraint check_memory_content check (
        case memory_type
            when 'episodic' then content ? 'event' and content ? 'temporal'
            when 'semantic' then content ? 'concept' and content ? 'definition'
            when 'procedural' then content ? 'skill' and content ? 'steps'
            when 'working' then content ? 'items' and content ? 'capacity'
            else false
        end
    )
);

comment on table public.agent_memories is
'What an agent remembers: episodic (event, temporal), semantic (concept, definition), '
'procedural (skill, steps), working (items, capacity).';

create table public.memory_consolidations (
    id uuid primary key default gen_random_uuid(),
    agent_id uuid not null references public.agents (id),
    source_memories uuid[] not null,
    consolidated_memory_id uuid references public.agent_memories (id),
    consolidation_type varchar(20) check (consolidation_type in ('merge', 'summarize', 'abstract')),
    tokens_saved integer,
    created_at timestamptz default now()
);

comment on table public.memory_consolidations is 'Memories merged, summarised or abstracted into one.';
