-- Artifacts: Document rows are versions, keyed by (id, createdAt); a new version is a new row
-- with the same id. The document's artifact extension adds kinds and AG-UI columns.
create table public."Document" (
    id uuid not null default gen_random_uuid(),
    "createdAt" timestamptz not null default now(),
    title text not null,
    content text,
    kind varchar(10) not null default 'text' check (
        kind in ('text', 'code', 'image', 'sheet', 'mermaid', 'ag-ui')
    ),
    "userId" uuid not null references public."User" (id),
    -- Artifact extension (source document 002, "Artifact extension").
    "componentTree" jsonb,
    "dataBindings" jsonb,
    "uiState" jsonb,
    "summaryForLLM" text,
    primary key (id, "createdAt")
);

comment on table public."Document" is
'Artifact versions: every row is one version of document id, the latest has the greatest createdAt.';

create table public."Suggestion" (
    id uuid primary key default gen_random_uuid(),
    "documentId" uuid not null,
    "documentCreatedAt" timestamptz not null,
    "originalText" text not null,
    "suggestedText" text not null,
    description text,
    "isResolved" boolean not null default false,
    "userId" uuid not null references public."User" (id),
    "createdAt" timestamptz not null default now(),
    -- A suggestion is about one version of a document.
    foreign key ("documentId", "documentCreatedAt")
    references public."Document" (id, "createdAt") on delete cascade
);

comment on table public."Suggestion" is 'Proposed edits to one document version (Google Docs style).';
