-- Background agent tasks (source document 003, "tasks").
create table public.tasks (
    id text primary key check (id ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$'),
    session_id text not null references public.sessions (id) on delete cascade,
    assigned_agent text references public.agents (id) on delete set null,
    status text not null default 'pending' check (
        status in ('pending', 'running', 'completed', 'failed', 'cancelled')
    ),
    input_data jsonb not null default '{}',
    output_data jsonb,
    created timestamptz not null default now(),
    started timestamptz,
    completed timestamptz,
    constraint tasks_started_after_created check (started is null or started >= created),
    constraint tasks_completed_after_started check (
        completed is null or (started is not null and completed >= started)
    )
);

comment on table public.tasks is 'Work delegated to a background agent within a session.';
