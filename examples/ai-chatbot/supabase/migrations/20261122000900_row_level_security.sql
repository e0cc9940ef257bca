-- Access model, as in the flagship project. The Maker agent platform calls the REST API with a
-- JWT whose role claim is maker_agent: it gets exactly what its tools need, as explicit grants
-- and row level security policies. anon and authenticated get nothing; service_role keeps all
-- (the background worker finishes queries with it).

do $$
begin
    if not exists (select from pg_catalog.pg_roles where rolname = 'maker_agent') then
        create role maker_agent nologin noinherit;
    end if;
end;
$$;

comment on role maker_agent is 'The Maker agent platform: least-privilege role for its tools.';

-- PostgREST connects as authenticator and switches to the role named in the JWT.
grant maker_agent to authenticator;
grant usage on schema public to maker_agent;

-- Nothing for the public API roles, whichever default privileges the project has.
revoke all on table
public."User",
public."Chat",
public."Message_v2",
public."Vote_v2",
public."Stream",
public."Document",
public."Suggestion",
public.knowledge_documents,
public.preprocessing_log,
public.background_queries
from anon, authenticated;

revoke all on function
public.save_message(uuid, text, text, json, json, text),
public.search_knowledge(uuid, text, text, integer),
public.queue_background_query(uuid, text, jsonb)
from public, anon, authenticated;

grant all on table
public."User",
public."Chat",
public."Message_v2",
public."Vote_v2",
public."Stream",
public."Document",
public."Suggestion",
public.knowledge_documents,
public.preprocessing_log,
public.background_queries
to service_role;

grant execute on function
public.save_message(uuid, text, text, json, json, text),
public.search_knowledge(uuid, text, text, integer),
public.queue_background_query(uuid, text, jsonb)
to service_role, maker_agent;

-- What the tools need, and no more. The agent never deletes. It never reads password hashes.
-- Document versions are immutable: a new version is a new row, so no UPDATE on "Document".
grant select (id, email) on public."User" to maker_agent;
grant select, insert on public."Chat" to maker_agent;
grant update (title, visibility, "lastContext") on public."Chat" to maker_agent;
grant select, insert on public."Message_v2" to maker_agent;
grant update ("contentForLLM", "preprocessingLogId") on public."Message_v2" to maker_agent;
-- A vote is changed by voting again: an upsert on the composite key, whose ON CONFLICT DO
-- UPDATE sets every column of the payload, keys included (the policies keep them consistent).
grant select, insert on public."Vote_v2" to maker_agent;
grant update ("chatId", "messageId", "isUpvoted") on public."Vote_v2" to maker_agent;
grant select, insert on public."Stream" to maker_agent;
grant select, insert on public."Document" to maker_agent;
grant select, insert on public."Suggestion" to maker_agent;
grant update ("isResolved") on public."Suggestion" to maker_agent;
grant select, insert on public.knowledge_documents to maker_agent;
grant select, insert on public.preprocessing_log to maker_agent;
grant select, insert on public.background_queries to maker_agent;

alter table public."User" enable row level security;
alter table public."Chat" enable row level security;
alter table public."Message_v2" enable row level security;
alter table public."Vote_v2" enable row level security;
alter table public."Stream" enable row level security;
alter table public."Document" enable row level security;
alter table public."Suggestion" enable row level security;
alter table public.knowledge_documents enable row level security;
alter table public.preprocessing_log enable row level security;
alter table public.background_queries enable row level security;

create policy maker_agent_select_user on public."User"
for select to maker_agent using (true);

create policy maker_agent_select_chat on public."Chat"
for select to maker_agent using (true);
create policy maker_agent_insert_chat on public."Chat"
for insert to maker_agent with check (true);
create policy maker_agent_update_chat on public."Chat"
for update to maker_agent using (true) with check (true);

create policy maker_agent_select_message on public."Message_v2"
for select to maker_agent using (true);
create policy maker_agent_insert_message on public."Message_v2"
for insert to maker_agent with check (true);
create policy maker_agent_update_message on public."Message_v2"
for update to maker_agent using (true) with check (true);

-- A vote names a chat and a message: the message must be one of that chat's messages.
create policy maker_agent_select_vote on public."Vote_v2"
for select to maker_agent using (true);
create policy maker_agent_insert_vote on public."Vote_v2"
for insert to maker_agent with check (
    exists (
        select from public."Message_v2" as m
        where m.id = "Vote_v2"."messageId" and m."chatId" = "Vote_v2"."chatId"
    )
);
create policy maker_agent_update_vote on public."Vote_v2"
for update to maker_agent using (true) with check (
    exists (
        select from public."Message_v2" as m
        where m.id = "Vote_v2"."messageId" and m."chatId" = "Vote_v2"."chatId"
    )
);

create policy maker_agent_select_stream on public."Stream"
for select to maker_agent using (true);
create policy maker_agent_insert_stream on public."Stream"
for insert to maker_agent with check (true);

create policy maker_agent_select_document on public."Document"
for select to maker_agent using (true);
create policy maker_agent_insert_document on public."Document"
for insert to maker_agent with check (true);

create policy maker_agent_select_suggestion on public."Suggestion"
for select to maker_agent using (true);
create policy maker_agent_insert_suggestion on public."Suggestion"
for insert to maker_agent with check (true);
create policy maker_agent_update_suggestion on public."Suggestion"
for update to maker_agent using (true) with check (true);

create policy maker_agent_select_knowledge_documents on public.knowledge_documents
for select to maker_agent using (true);
create policy maker_agent_insert_knowledge_documents on public.knowledge_documents
for insert to maker_agent with check (true);

create policy maker_agent_select_preprocessing_log on public.preprocessing_log
for select to maker_agent using (true);
create policy maker_agent_insert_preprocessing_log on public.preprocessing_log
for insert to maker_agent with check (true);

-- The agent queues work; only the worker (service_role) runs and finishes it.
create policy maker_agent_select_background_queries on public.background_queries
for select to maker_agent using (true);
create policy maker_agent_insert_background_queries on public.background_queries
for insert to maker_agent with check (status = 'pending');
