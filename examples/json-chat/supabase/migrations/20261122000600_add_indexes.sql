-- The document's indexes, plus one per foreign key the tools filter or join on.
-- HNSW instead of the document's IVFFlat: IVFFlat built on an empty table learns no clusters.
create index idx_messages_conversation on public.chat_messages_v2 (conversation_id, created_at);
create index idx_messages_session on public.chat_messages_v2 (session_id, conversation_id);
create index idx_messages_channel on public.chat_messages_v2 (channel_id);
create index idx_messages_parent on public.chat_messages_v2 (parent_message_id);
create index idx_messages_content_gin on public.chat_messages_v2 using gin (content);
create index idx_messages_metadata_gin on public.chat_messages_v2 using gin (metadata);

create index idx_memories_agent_type on public.agent_memories (agent_id, memory_type);
create index idx_memories_importance on public.agent_memories (importance desc);
create index idx_memories_embedding on public.agent_memories
using hnsw (embeddings extensions.vector_cosine_ops);
create index idx_memories_content_gin on public.agent_memories using gin (content);
create index idx_memories_source_message on public.agent_memories (source_message_id);

create index idx_consolidations_agent on public.memory_consolidations (agent_id);
create index idx_consolidations_memory on public.memory_consolidations (consolidated_memory_id);

create index idx_states_valid_range on public.agent_states (valid_from, valid_until);
create index idx_checkpoints_agent on public.state_checkpoints (agent_id, created_at desc);
create index idx_checkpoints_state on public.state_checkpoints (state_id);
create index idx_transitions_agent on public.state_transitions (agent_id, created_at);
create index idx_transitions_from on public.state_transitions (from_state_id);
create index idx_transitions_to on public.state_transitions (to_state_id);

create index idx_snapshots_message on public.context_snapshots (message_id);
create index idx_snapshots_agent on public.context_snapshots (agent_id);

create index idx_sessions_conversation on public.conversation_sessions (conversation_id);
create index idx_sessions_agent on public.conversation_sessions (agent_id, last_active desc);
create index idx_sessions_user on public.conversation_sessions (user_id);
