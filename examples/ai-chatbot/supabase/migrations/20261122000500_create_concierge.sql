-- Concierge signals, background queries and the message extension (source document 002).
create table public.preprocessing_log (
    id uuid primary key default gen_random_uuid(),
    message_id uuid not null references public."Message_v2" (id) on delete cascade,
    intent jsonb,
    emotion jsonb,
    routing jsonb,
    memory_query jsonb,
    clarity jsonb,
    response_hints jsonb,
    model_selected varchar(100),
    created_at timestamptz not null default now()
);

comment on table public.preprocessing_log is
'What the concierge read from a message before answering: intent, emotion, routing, model.';

create table public.background_queries (
    id uuid primary key default gen_random_uuid(),
    conversation_id uuid not null references public."Chat" (id) on delete cascade,
    type varchar(50) not null,
    status varchar(20) not null default 'pending' check (
        status in ('pending', 'running', 'completed', 'failed')
    ),
    input jsonb not null default '{}',
    result jsonb,
    -- Compressed version of the result for the context window.
    summary_for_llm text,
    created_at timestamptz not null default now(),
    completed_at timestamptz,
    -- Finished queries have a completion time, unfinished ones none (a trigger keeps it so).
    constraint background_queries_completed_at_check check (
        (status in ('completed', 'failed')) = (completed_at is not null)
    )
);

comment on table public.background_queries is
'Work the assistant started in the background; a worker runs it, the chat polls it.';

-- Message extension: a compressed version for the context window, and the concierge signals.
alter table public."Message_v2"
add column "contentForLLM" text,
add column "preprocessingLogId" uuid references public.preprocessing_log (id) on delete set null;
