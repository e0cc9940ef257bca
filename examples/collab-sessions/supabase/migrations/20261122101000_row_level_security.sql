-- Access model, as in the flagship project. The Maker agent platform calls the REST API with a
-- JWT whose role claim is maker_agent: it gets exactly what its tools need, as explicit grants
-- and row level security policies. anon and authenticated get nothing; service_role keeps full
-- access.

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
grant usage on schema extensions to maker_agent;
-- The RPCs share helpers in schema private (not exposed by the REST API).
grant usage on schema private to maker_agent, service_role;

-- Nothing for the public API roles, whichever default privileges the project has.
revoke all on table
public.agents,
public.sessions,
public.memories,
public.conversation_chunks,
public.tasks,
public.artifacts
from anon, authenticated;

revoke all on table public.session_summaries from anon, authenticated;

revoke all on function
private.transition_session(text, text[], text),
private.store_memories(text, jsonb),
public.resume_session(text),
public.pause_session(text),
public.complete_session(text),
public.session_summary(text),
public.search_chunks(text, text),
public.batch_store_memories(text, jsonb),
public.store_memory(text, text, text, text, text[])
from public, anon, authenticated;

grant all on table
public.agents,
public.sessions,
public.memories,
public.conversation_chunks,
public.tasks,
public.artifacts
to service_role;

grant select on public.session_summaries to service_role, maker_agent;

grant execute on function
private.transition_session(text, text[], text),
private.store_memories(text, jsonb),
public.resume_session(text),
public.pause_session(text),
public.complete_session(text),
public.session_summary(text),
public.search_chunks(text, text),
public.batch_store_memories(text, jsonb),
public.store_memory(text, text, text, text, text[])
to service_role, maker_agent;

-- What the tools need, and no more. The agent never deletes; new sessions always start active
-- with zero counts; status changes only through the status RPCs' UPDATE; memories change only
-- through the store RPCs' upsert; tasks and artifacts are read-only (delegate_task and
-- add_artifact are "future" in the source document).
grant select on public.agents to maker_agent;
grant select on public.sessions to maker_agent;
grant insert (id, title, participants, metadata) on public.sessions to maker_agent;
grant update (status) on public.sessions to maker_agent;
grant select on public.memories to maker_agent;
grant insert (session_id, type, key, content, tags) on public.memories to maker_agent;
grant update (type, content, tags) on public.memories to maker_agent;
grant select on public.conversation_chunks to maker_agent;
grant insert (session_id, chunk_number, content) on public.conversation_chunks to maker_agent;
grant select on public.tasks to maker_agent;
grant select on public.artifacts to maker_agent;

alter table public.agents enable row level security;
alter table public.sessions enable row level security;
alter table public.memories enable row level security;
alter table public.conversation_chunks enable row level security;
alter table public.tasks enable row level security;
alter table public.artifacts enable row level security;

create policy maker_agent_select_agents on public.agents
for select to maker_agent using (true);

create policy maker_agent_select_sessions on public.sessions
for select to maker_agent using (true);
create policy maker_agent_insert_sessions on public.sessions
for insert to maker_agent with check (true);
-- The status trigger guards which transitions are allowed.
create policy maker_agent_update_sessions on public.sessions
for update to maker_agent using (true) with check (true);

-- A completed session is read-only for the agent: no new or changed memories or chunks.
create policy maker_agent_select_memories on public.memories
for select to maker_agent using (true);
create policy maker_agent_insert_memories on public.memories
for insert to maker_agent with check (
    exists (
        select from public.sessions as s
        where s.id = memories.session_id and s.status <> 'completed'
    )
);
create policy maker_agent_update_memories on public.memories
for update to maker_agent using (true) with check (
    exists (
        select from public.sessions as s
        where s.id = memories.session_id and s.status <> 'completed'
    )
);

create policy maker_agent_select_conversation_chunks on public.conversation_chunks
for select to maker_agent using (true);
create policy maker_agent_insert_conversation_chunks on public.conversation_chunks
for insert to maker_agent with check (
    exists (
        select from public.sessions as s
        where s.id = conversation_chunks.session_id and s.status <> 'completed'
    )
);

create policy maker_agent_select_tasks on public.tasks
for select to maker_agent using (true);

create policy maker_agent_select_artifacts on public.artifacts
for select to maker_agent using (true);
