-- The Vercel ai-chatbot core tables (source document 002, lib/db/schema.ts). Table and column
-- names are the template's own mixed-case names, quoted, so its Drizzle schema and queries
-- work unchanged against this database.
create table public."User" (
    id uuid primary key default gen_random_uuid(),
    email varchar(64) not null unique,
    -- A password hash (Auth.js credentials); null for guest users.
    password varchar(64)
);

comment on table public."User" is 'Accounts, registered or guest.';

create table public."Chat" (
    id uuid primary key default gen_random_uuid(),
    "createdAt" timestamptz not null default now(),
    title text not null,
    "userId" uuid not null references public."User" (id),
    visibility varchar(10) not null default 'private' check (visibility in ('public', 'private')),
    -- Token usage of the last model call (the AI SDK's usage object).
    "lastContext" jsonb
);

comment on table public."Chat" is 'Conversations of a user with the assistant.';
