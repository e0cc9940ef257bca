-- Named agents (AgentDNA as top-level columns plus JSONB configuration) and the table the
-- document reserves for DB-stored skills.
create table public.agent (
    id uuid primary key default gen_random_uuid(),
    team_id uuid not null references public.team (id) on delete cascade,
    name text not null,
    slug text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    tagline text,
    avatar_emoji text not null default '',
    personality_prompt text,
    model_name text not null default 'anthropic/claude-sonnet-4.5',
    model_config jsonb not null default '{}',
    memory_config jsonb not null default '{}',
    boundaries jsonb not null default '{}',
    skill_names text[] not null default '{}',
    custom_skill_names text[] not null default '{}',
    disabled_skill_names text[] not null default '{}',
    status public.agent_status not null default 'draft',
    created_by uuid references public."user" (id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint agent_team_slug_key unique (team_id, slug)
);

comment on table public.agent is 'Named agents of a team, each with its personality, model and skills.';

-- "Reserved for future DB-stored skills; not populated in Phase 1": the minimal shape such a
-- skill needs, so that the name is taken and the REST API already knows it.
create table public.agent_skill (
    id uuid primary key default gen_random_uuid(),
    agent_id uuid not null references public.agent (id) on delete cascade,
    skill_name text not null check (skill_name ~ '^[a-z][a-z0-9_]*$'),
    definition jsonb not null default '{}',
    created_at timestamptz not null default now(),
    constraint agent_skill_agent_name_key unique (agent_id, skill_name)
);

comment on table public.agent_skill is 'Skills stored in the database for one agent (reserved in phase 1).';
