-- Versioned agent state, checkpoints and transitions (source document 001, tables 5-7).
create table public.agent_states (
    id uuid primary key default gen_random_uuid(),
    agent_id uuid not null references public.agents (id),
    version varchar(10) not null,
    local_state jsonb not null default '{}',
    shared_state jsonb default '{}',
    session_state jsonb default '{}',
    persistent_state jsonb not null default '{}',
    -- Filled by a trigger from the four partitions (see the triggers migration).
    state_hash varchar(64) not null,
    modification_count integer default 0,
    valid_from timestamptz default now(),
    valid_until timestamptz,
    is_current boolean not null default true,
    created_at timestamptz default now(),
    last_modified timestamptz default now()
);

comment on table public.agent_states is
'Every state an agent has had; exactly one row per agent is current (is_current).';

-- Only one current state per agent. The document wrote this as UNIQUE (...) WHERE, which
-- PostgreSQL does not accept; a partial unique index is the way to say it.
create unique index agent_states_one_current_per_agent on public.agent_states (agent_id)
where is_current;

create table public.state_checkpoints (
    id uuid primary key default gen_random_uuid(),
    agent_id uuid not null references public.agents (id),
    state_id uuid not null references public.agent_states (id),
    checkpoint_type varchar(20) check (checkpoint_type in ('manual', 'automatic', 'error_recovery', 'milestone')),
    trigger_reason text,
    state_data jsonb not null,
    compression_type varchar(10),
    size_bytes integer,
    restoration_time_ms integer,
    restoration_count integer default 0,
    retention_policy varchar(20) check (retention_policy in ('temporary', 'permanent', 'archive')),
    expires_at timestamptz,
    created_at timestamptz default now()
);

comment on table public.state_checkpoints is 'Recovery points: a copy of an agent state to restore later.';

create table public.state_transitions (
    id uuid primary key default gen_random_uuid(),
    agent_id uuid not null references public.agents (id),
    from_state_id uuid references public.agent_states (id),
    to_state_id uuid not null references public.agent_states (id),
    transition_type varchar(20) check (transition_type in ('update', 'merge', 'reset', 'restore')),
    trigger varchar(50),
    changes jsonb not null,
    rollback_available boolean default true,
    rollback_data jsonb,
    created_at timestamptz default now()
);

comment on table public.state_transitions is 'How each state came from the previous one, with rollback data.';
