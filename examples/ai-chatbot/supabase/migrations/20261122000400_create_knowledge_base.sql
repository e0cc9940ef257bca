-- Knowledge base documents (source document 002, "Add Carmenta-specific tables").
-- The document types path as ltree; ltree is a contrib module the kit's local PostgreSQL lacks.
-- A text path in ltree's label syntax (labels of letters, digits, _ and -, joined by dots) does
-- the same job: a btree text_pattern_ops index serves subtree queries (path LIKE 'a.b.%').
-- Full-text search is core PostgreSQL: a generated, weighted tsvector with a GIN index.
create table public.knowledge_documents (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references public."User" (id) on delete cascade,
    path text not null check (path ~ '^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$'),
    name text not null,
    content text not null default '',
    content_tsvector tsvector generated always as (
        setweight(to_tsvector('english', coalesce(name, '')), 'A')
        || setweight(to_tsvector('english', coalesce(content, '')), 'B')
    ) stored,
    -- Where it came from: uploaded_pdf, conversation_extraction, note, web_page, ...
    source_type text,
    source_id uuid,
    tags text[] not null default '{}',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (user_id, path)
);

comment on table public.knowledge_documents is
'A user''s knowledge base: documents at dot-separated paths, searchable by full text.';
