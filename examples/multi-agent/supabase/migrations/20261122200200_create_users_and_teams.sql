-- Core tables: users, teams (the multi-tenant root) and memberships with a role.
-- "user" is a reserved word: it is kept, always double-quoted. PostgREST quotes identifiers,
-- so the REST API serves it as /rest/v1/user.
create table public."user" (
    id uuid primary key default gen_random_uuid(),
    email text not null unique check (email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),
    -- bcrypt: $2a$/$2b$/$2y$, a two-digit cost, 53 characters of salt and hash.
    password_hash text not null check (password_hash ~ '^\$2[aby]\$[0-9]{2}\$[./A-Za-z0-9]{53}$'),
    display_name text,
    is_active boolean not null default true,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

comment on table public."user" is 'People who own teams and talk to agents.';

create table public.team (
    id uuid primary key default gen_random_uuid(),
    name text not null,
    slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    owner_id uuid not null references public."user" (id),
    settings jsonb not null default '{}',
    shared_skill_names text[] not null default '{}',
    webhook_url text check (webhook_url ~ '^https?://'),
    webhook_secret text,
    conversation_retention_days integer check (conversation_retention_days > 0),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

comment on table public.team is 'A tenant: its agents, conversations and memories belong to it.';

create table public.team_membership (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references public."user" (id) on delete cascade,
    team_id uuid not null references public.team (id) on delete cascade,
    role public.user_role not null default 'member',
    created_at timestamptz not null default now(),
    constraint team_membership_user_team_key unique (user_id, team_id)
);

comment on table public.team_membership is 'Who belongs to which team, with which role (RBAC).';
