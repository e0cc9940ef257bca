-- Indexes for what the tools read: a user's chats, a chat's messages in order, a document's
-- versions, the knowledge base by path, tag and text; and one per foreign key.
create index idx_chat_user on public."Chat" ("userId", "createdAt" desc);
create index idx_message_chat on public."Message_v2" ("chatId", "createdAt");
create index idx_message_preprocessing on public."Message_v2" ("preprocessingLogId");
create index idx_vote_message on public."Vote_v2" ("messageId");
create index idx_stream_chat on public."Stream" ("chatId", "createdAt");
create index idx_document_user on public."Document" ("userId");
create index idx_suggestion_document on public."Suggestion" ("documentId", "documentCreatedAt");
create index idx_suggestion_user on public."Suggestion" ("userId");

create index idx_knowledge_path on public.knowledge_documents (user_id, path text_pattern_ops);
create index idx_knowledge_tags on public.knowledge_documents using gin (tags);
create index idx_knowledge_fts on public.knowledge_documents using gin (content_tsvector);

create index idx_preprocessing_message on public.preprocessing_log (message_id);
create index idx_background_conversation on public.background_queries (conversation_id, created_at desc);
-- At most one unfinished query per chat, type and input: queueing the same work twice
-- returns the query already waiting (see queue_background_query).
create unique index background_queries_one_unfinished on public.background_queries (
    conversation_id, type, md5(input::text)
)
where status in ('pending', 'running');
