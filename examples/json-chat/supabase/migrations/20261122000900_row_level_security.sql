-- Access model, as in the flagship project. The Maker agent platform calls the REST API with a
-- JWT whose role claim is maker_agent: it gets exactly what its tools need, as explicit grants
-- and row level security policies. anon and authenticated get nothing; service_role keeps all.

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
-- The state RPCs share one helper in schema private (not exposed over REST).
grant usage on schema private to maker_agent;

-- Nothing for the public API roles, whichever default privileges the project has.
revoke all on table
public.users,
public.agents,
public.channels,
public.conversation_sessions,
public.chat_messages_v2,
public.message_versions,
public.agent_memories,
public.memory_consolidations,
public.agent_states,
public.state_checkpoints,
public.state_transitions,
public.context_snapshots,
public.context_templates
from anon, authenticated;

revoke all on function
public.post_message(uuid, uuid, text, jsonb, text, uuid, uuid, uuid, uuid, jsonb),
public.edit_message(uuid, jsonb, uuid, text, text),
public.store_memory(uuid, text, jsonb, float, uuid, timestamptz),
public.recall_memories(uuid, text, float, integer),
public.set_agent_state(uuid, jsonb, jsonb, jsonb, jsonb, text, text),
public.create_checkpoint(uuid, text, text, text, timestamptz),
public.restore_checkpoint(uuid)
from public, anon, authenticated;

grant all on table
public.users,
public.agents,
public.channels,
public.conversation_sessions,
public.chat_messages_v2,
public.message_versions,
public.agent_memories,
public.memory_consolidations,
public.agent_states,
public.state_checkpoints,
public.state_transitions,
public.context_snapshots,
public.context_templates
to service_role;

grant execute on function
public.post_message(uuid, uuid, text, jsonb, text, uuid, uuid, uuid, uuid, jsonb),
public.edit_message(uuid, jsonb, uuid, text, text),
public.store_memory(uuid, text, jsonb, float, uuid, timestamptz),
public.recall_memories(uuid, text, float, integer),
public.set_agent_state(uuid, jsonb, jsonb, jsonb, jsonb, text, text),
public.create_checkpoint(uuid, text, text, text, timestamptz),
public.restore_checkpoint(uuid)
to service_role, maker_agent;

grant execute on function
private.advance_agent_state(uuid, text, jsonb, jsonb, jsonb, jsonb, text, text)
to service_role, maker_agent;

-- What the tools need, and no more. The agent never deletes; it updates only the columns its
-- tools and RPCs change (content via edit_message, counters via recall and restore, the
-- current flag when a new state replaces the old one).
grant select on public.users, public.agents, public.channels to maker_agent;
grant select on public.context_templates to maker_agent;
grant select, insert on public.conversation_sessions to maker_agent;
grant update (status, ended_at, session_state, interruption_context)
on public.conversation_sessions to maker_agent;
grant select, insert on public.chat_messages_v2 to maker_agent;
grant update (content) on public.chat_messages_v2 to maker_agent;
grant select, insert on public.message_versions to maker_agent;
grant select, insert on public.agent_memories to maker_agent;
grant update (access_count, last_accessed) on public.agent_memories to maker_agent;
grant select, insert on public.memory_consolidations to maker_agent;
grant select, insert on public.agent_states to maker_agent;
grant update (is_current, valid_until, last_modified) on public.agent_states to maker_agent;
grant select, insert on public.state_checkpoints to maker_agent;
grant update (restoration_count, restoration_time_ms) on public.state_checkpoints to maker_agent;
grant select, insert on public.state_transitions to maker_agent;
grant select, insert on public.context_snapshots to maker_agent;

alter table public.users enable row level security;
alter table public.agents enable row level security;
alter table public.channels enable row level security;
alter table public.conversation_sessions enable row level security;
alter table public.chat_messages_v2 enable row level security;
alter table public.message_versions enable row level security;
alter table public.agent_memories enable row level security;
alter table public.memory_consolidations enable row level security;
alter table public.agent_states enable row level security;
alter table public.state_checkpoints enable row level security;
alter table public.state_transitions enable row level security;
alter table public.context_snapshots enable row level security;
alter table public.context_templates enable row level security;

create policy maker_agent_select_users on public.users
for select to maker_agent using (true);
create policy maker_agent_select_agents on public.agents
for select to maker_agent using (true);
create policy maker_agent_select_channels on public.channels
for select to maker_agent using (true);
create policy maker_agent_select_context_templates on public.context_templates
for select to maker_agent using (true);

create policy maker_agent_select_conversation_sessions on public.conversation_sessions
for select to maker_agent using (true);
create policy maker_agent_insert_conversation_sessions on public.conversation_sessions
for insert to maker_agent with check (true);
create policy maker_agent_update_conversation_sessions on public.conversation_sessions
for update to maker_agent using (true) with check (true);

create policy maker_agent_select_chat_messages_v2 on public.chat_messages_v2
for select to maker_agent using (true);
-- Completed and abandoned sessions take no new messages.
create policy maker_agent_insert_chat_messages_v2 on public.chat_messages_v2
for insert to maker_agent with check (
    exists (
        select from public.conversation_sessions as s
        where s.id = chat_messages_v2.session_id and s.status in ('active', 'paused')
    )
);
create policy maker_agent_update_chat_messages_v2 on public.chat_messages_v2
for update to maker_agent using (true) with check (true);

create policy maker_agent_select_message_versions on public.message_versions
for select to maker_agent using (true);
create policy maker_agent_insert_message_versions on public.message_versions
for insert to maker_agent with check (true);

-- Expired memories are gone for the agent.
create policy maker_agent_select_agent_memories on public.agent_memories
for select to maker_agent using (expires_at is null or expires_at > now());
create policy maker_agent_insert_agent_memories on public.agent_memories
for insert to maker_agent with check (true);
create policy maker_agent_update_agent_memories on public.agent_memories
for update to maker_agent using (expires_at is null or expires_at > now()) with check (true);

create policy maker_agent_select_memory_consolidations on public.memory_consolidations
for select to maker_agent using (true);
create policy maker_agent_insert_memory_consolidations on public.memory_consolidations
for insert to maker_agent with check (true);

create policy maker_agent_select_agent_states on public.agent_states
for select to maker_agent using (true);
create policy maker_agent_insert_agent_states on public.agent_states
for insert to maker_agent with check (true);
-- The agent may only retire the current state; it never edits or revives an old one.
create policy maker_agent_update_agent_states on public.agent_states
for update to maker_agent using (is_current) with check (not is_current);

create policy maker_agent_select_state_checkpoints on public.state_checkpoints
for select to maker_agent using (true);
create policy maker_agent_insert_state_checkpoints on public.state_checkpoints
for insert to maker_agent with check (true);
create policy maker_agent_update_state_checkpoints on public.state_checkpoints
for update to maker_agent using (true) with check (true);

create policy maker_agent_select_state_transitions on public.state_transitions
for select to maker_agent using (true);
create policy maker_agent_insert_state_transitions on public.state_transitions
for insert to maker_agent with check (true);

create policy maker_agent_select_context_snapshots on public.context_snapshots
for select to maker_agent using (true);
create policy maker_agent_insert_context_snapshots on public.context_snapshots
for insert to maker_agent with check (true);
