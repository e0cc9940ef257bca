-- Performance indexes (source document 000, migration 006), plus the ones the tools need:
-- nearest-neighbour search on embeddings and keyword search over memories.
create index idx_conversations_user_id on public.conversations (user_id);
create index idx_conversations_updated on public.conversations (updated_at desc);
create index idx_messages_conversation on public.messages (conversation_id, created_at);
create index idx_generated_code_name on public.generated_code (component_name);
create index idx_generated_code_created on public.generated_code (created_at desc);
create index idx_ltm_user on public.memory_long_term (user_id, memory_type);
create index idx_ltm_accessed on public.memory_long_term (last_accessed desc);
create index idx_ltm_embedding on public.memory_long_term
using hnsw (embedding extensions.vector_cosine_ops);
create index idx_ltm_content_fts on public.memory_long_term
using gin (to_tsvector('english', content));
create index idx_generated_code_conversation on public.generated_code (conversation_id);
create index idx_generated_code_message on public.generated_code (message_id);
create index idx_ltm_source_conversation on public.memory_long_term (source_conversation_id);
