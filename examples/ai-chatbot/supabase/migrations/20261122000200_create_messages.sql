-- Messages as JSON parts, votes on them (composite key) and resumable streams.
-- Deleting a chat deletes its messages, votes and streams (upstream does it in four statements).
create table public."Message_v2" (
    id uuid primary key default gen_random_uuid(),
    "chatId" uuid not null references public."Chat" (id) on delete cascade,
    role varchar(20) not null check (role in ('user', 'assistant', 'system')),
    -- The AI SDK's UIMessage parts: [{"type": "text", "text": ...}, {"type": "tool-...", ...}]
    parts json not null check (json_typeof(parts) = 'array'),
    attachments json not null default '[]' check (json_typeof(attachments) = 'array'),
    "createdAt" timestamptz not null default now()
);

comment on table public."Message_v2" is 'Messages of a chat; content is an array of JSON parts.';

create table public."Vote_v2" (
    "chatId" uuid not null references public."Chat" (id) on delete cascade,
    "messageId" uuid not null references public."Message_v2" (id) on delete cascade,
    "isUpvoted" boolean not null,
    primary key ("chatId", "messageId")
);

comment on table public."Vote_v2" is 'One thumbs up or down per message, keyed by (chatId, messageId).';

create table public."Stream" (
    id uuid primary key default gen_random_uuid(),
    "chatId" uuid not null references public."Chat" (id) on delete cascade,
    "createdAt" timestamptz not null default now()
);

comment on table public."Stream" is 'Response streams of a chat, so an interrupted one can resume.';
