-- The document's indexes, plus one per foreign key that tools filter on.

-- Vector similarity search. HNSW instead of the document's ivfflat (lists = 100): ivfflat is
-- trained when it is built, and a migration builds it on an empty table.
create index idx_memory_embedding on public.memory
using hnsw (embedding extensions.vector_cosine_ops);

-- Filtered vector search (most common query pattern), over live memories only. The document's
-- predicate `expires_at is null or expires_at > now()` cannot be an index predicate (now() is not
-- immutable); expiry is a key column instead and is checked at query time.
create index idx_memory_team_type on public.memory (team_id, memory_type, expires_at)
where status = 'active';

-- Conversation lookup
create index idx_message_conversation on public.message (conversation_id, created_at);

-- Agent per team
create index idx_agent_team on public.agent (team_id, status);

create index idx_team_owner on public.team (owner_id);
create index idx_team_membership_team on public.team_membership (team_id);
create index idx_agent_created_by on public.agent (created_by);
create index idx_conversation_agent on public.conversation (agent_id, created_at desc);
create index idx_conversation_team_user on public.conversation (team_id, user_id);
create index idx_memory_agent on public.memory (agent_id);
create index idx_memory_user on public.memory (user_id);
create index idx_memory_source_conversation on public.memory (source_conversation_id);
create index idx_memory_superseded_by on public.memory (superseded_by);
create index idx_memory_log_memory on public.memory_log (memory_id, created_at);
create index idx_memory_tag_tag on public.memory_tag (tag);
