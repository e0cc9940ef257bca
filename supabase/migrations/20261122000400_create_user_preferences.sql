-- Settings and customisation per user (source document 000, migration 004).
create table public.user_preferences (
    id uuid primary key default gen_random_uuid(),
    user_id varchar(255) unique not null,
    preferred_style varchar(50) default 'minimal',
    dark_mode boolean default true,
    settings jsonb default '{}',
    created_at timestamptz default now(),
    updated_at timestamptz default now()
);

comment on table public.user_preferences is 'One row of settings per user.';
