-- Conversations of a user with an agent, and their messages.
create table public.conversation (
    id uuid primary key default gen_random_uuid(),
    agent_id uuid not null references public.agent (id) on delete cascade,
    user_id uuid references public."user" (id) on delete set null,
    team_id uuid not null references public.team (id) on delete cascade,
    title text,
    status public.conversation_status not null default 'active',
    message_count integer not null default 0,
    token_count integer not null default 0,
    created_at timestamptz not null default now(),
    last_message_at timestamptz
);

comment on table public.conversation is 'A conversation with one agent; counts are kept by a trigger.';

create table public.message (
    id uuid primary key default gen_random_uuid(),
    conversation_id uuid not null references public.conversation (id) on delete cascade,
    role public.message_role not null,
    content text not null,
    tool_calls jsonb,
    token_count integer check (token_count >= 0),
    feedback_rating smallint check (feedback_rating between 1 and 5),
    feedback_comment text,
    created_at timestamptz not null default now()
);

comment on table public.message is 'The full history of a conversation, one row per message.';
