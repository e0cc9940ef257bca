-- Memory: one table for every memory type (ADR-6), its append-only audit log (ADR-8) and tags.
create table public.memory (
    -- Identity
    id uuid primary key default gen_random_uuid(),
    team_id uuid not null references public.team (id) on delete cascade,
    agent_id uuid references public.agent (id) on delete cascade, -- null = shared/user-profile
    user_id uuid references public."user" (id) on delete cascade, -- null = team-wide

    -- Content
    memory_type public.memory_type_enum not null,
    content text not null,
    subject text, -- structured: "user.preference.language"
    embedding extensions.vector(1536),

    -- Scoring
    importance integer not null default 5 check (importance between 1 and 10),
    confidence double precision not null default 1.0 check (confidence between 0 and 1),
    access_count integer not null default 0,
    is_pinned boolean not null default false,

    -- Provenance
    source_type public.memory_source not null default 'extraction',
    source_conversation_id uuid references public.conversation (id) on delete set null,
    source_message_ids uuid[], -- the exact messages this memory came from
    extraction_model text,

    -- Versioning and contradictions
    version integer not null default 1 check (version > 0),
    superseded_by uuid references public.memory (id) on delete set null,
    contradicts uuid[],

    -- Relationships
    related_to uuid[],

    -- Metadata
    metadata jsonb not null default '{}',

    -- Lifecycle
    tier public.memory_tier not null default 'warm',
    status public.memory_status not null default 'active',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    last_accessed_at timestamptz not null default now(),
    expires_at timestamptz, -- null = never expires

    constraint memory_not_superseded_by_itself check (superseded_by <> id)
);

comment on table public.memory is 'Everything agents remember, all memory types in one table.';

-- Append-only audit log: never updated, never deleted (a trigger refuses both for every role).
-- No foreign key on purpose: the log survives the memory's deletion.
create table public.memory_log (
    id uuid primary key default gen_random_uuid(),
    memory_id uuid not null,
    action text not null check (
        action in ('created', 'updated', 'superseded', 'promoted', 'demoted', 'deleted')
    ),
    old_content text,
    new_content text,
    old_importance integer,
    new_importance integer,
    changed_by text not null, -- 'system', 'user', 'consolidation', 'feedback'
    reason text,
    created_at timestamptz not null default now()
);

comment on table public.memory_log is
'Append-only history of every memory: written by a trigger on memory, never changed.';

create table public.memory_tag (
    id uuid primary key default gen_random_uuid(),
    memory_id uuid not null references public.memory (id) on delete cascade,
    tag text not null check (char_length(tag) between 1 and 64),
    constraint memory_tag_memory_tag_key unique (memory_id, tag)
);

comment on table public.memory_tag is 'Categorical tags of a memory, one row per tag.';
