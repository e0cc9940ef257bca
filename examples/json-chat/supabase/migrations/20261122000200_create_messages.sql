-- Sessions, structured messages and their edit history (source document 001, tables 1, 2, 10).
-- Sessions come first: a message belongs to a session of its conversation.
create table public.conversation_sessions (
    id uuid primary key default gen_random_uuid(),
    conversation_id uuid not null,
    user_id uuid references public.users (id),
    agent_id uuid references public.agents (id),
    started_at timestamptz default now(),
    ended_at timestamptz,
    last_active timestamptz default now(),
    message_count integer default 0,
    total_tokens_used integer default 0,
    tool_calls_count integer default 0,
    session_state jsonb default '{}',
    interruption_context jsonb,
    status varchar(20) default 'active' check (status in ('active', 'paused', 'completed', 'abandoned')),
    -- Target of the messages' (session_id, conversation_id) reference.
    unique (id, conversation_id)
);

comment on table public.conversation_sessions is 'One sitting of a user with an agent in a conversation.';

create table public.chat_messages_v2 (
    id uuid primary key default gen_random_uuid(),
    version varchar(10) not null default '1.0.0',
    conversation_id uuid not null,
    session_id uuid not null,
    parent_message_id uuid references public.chat_messages_v2 (id) on delete set null,
    channel_id uuid references public.channels (id),
    sender_user_id uuid references public.users (id),
    sender_agent_id uuid references public.agents (id),
    role varchar(20) not null check (role in ('system', 'user', 'assistant', 'tool')),
    content jsonb not null,
    metadata jsonb default '{}',
    context jsonb default '{}',
    tools jsonb,
    memory_refs uuid[],
    state_snapshot_id uuid,
    audit jsonb,
    created_at timestamptz default now(),
    updated_at timestamptz default now(),
    -- A message's session must be a session of the same conversation.
    constraint chat_messages_v2_session_fkey foreign key (session_id, conversation_id)
    references public.conversation_sessions (id, conversation_id),
    constraint check_content_structure check (
        content ? 'type'
        and content ->> 'type' in ('text', 'structured', 'multimodal', 'tool_result')
    )
);

comment on table public.chat_messages_v2 is
'Messages with structured JSON content; content.type is text, structured, multimodal or tool_result.';

create table public.message_versions (
    id uuid primary key default gen_random_uuid(),
    message_id uuid not null references public.chat_messages_v2 (id) on delete cascade,
    version_number integer not null check (version_number > 0),
    content jsonb not null,
    metadata jsonb,
    changed_by uuid references public.users (id),
    change_reason text,
    created_at timestamptz default now(),
    unique (message_id, version_number),
    -- Every version is message content, so it obeys the message's rule.
    constraint check_version_content_structure check (
        content ? 'type'
        and content ->> 'type' in ('text', 'structured', 'multimodal', 'tool_result')
    )
);

comment on table public.message_versions is
'Edit history: version 1 is the original content, each edit adds the next version.';
