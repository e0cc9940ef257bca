-- Archive of generated components for reuse and analytics (source document 000, migration 003).
create table public.generated_code (
    id uuid primary key default gen_random_uuid(),
    conversation_id uuid references public.conversations (id) on delete set null,
    message_id uuid references public.messages (id) on delete set null,
    component_name varchar(255),
    code text not null,
    prompt text,
    variant_label varchar(255),
    created_at timestamptz default now()
);

comment on table public.generated_code is 'Generated UI components, kept for reuse.';
