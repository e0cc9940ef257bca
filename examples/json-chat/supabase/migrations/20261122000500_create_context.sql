-- Context snapshots and reusable context templates (source document 001, tables 8-9).
create table public.context_snapshots (
    id uuid primary key default gen_random_uuid(),
    message_id uuid references public.chat_messages_v2 (id) on delete set null,
    agent_id uuid references public.agents (id),
    snapshot_data jsonb not null,
    total_tokens integer,
    compression_ratio float,
    segment_count integer,
    build_time_ms integer,
    optimization_count integer,
    created_at timestamptz default now()
);

comment on table public.context_snapshots is 'The context window as it was built for a message.';

create table public.context_templates (
    id uuid primary key default gen_random_uuid(),
    name varchar(100) not null unique,
    description text,
    segments jsonb not null,
    variables jsonb,
    total_tokens integer,
    use_count integer default 0,
    use_cases text[],
    agent_types text[],
    created_at timestamptz default now(),
    updated_at timestamptz default now()
);

comment on table public.context_templates is 'Reusable context layouts: segments with variables.';
