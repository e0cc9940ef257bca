-- Indexes for the tools: sessions by status and recency, memories by type and tags (the query
-- tool filters `tags=cs.{...}`, which GIN answers), chunks by full-text search, and every
-- foreign key.
create index idx_sessions_status_updated on public.sessions (status, updated desc);
create index idx_memories_session_type on public.memories (session_id, type);
create index idx_memories_tags on public.memories using gin (tags);
create index idx_chunks_search on public.conversation_chunks using gin (search_vector);
create index idx_tasks_session on public.tasks (session_id, status);
create index idx_tasks_agent on public.tasks (assigned_agent);
create index idx_artifacts_session on public.artifacts (session_id);
