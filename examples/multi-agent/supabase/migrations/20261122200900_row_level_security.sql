-- Access model, as in the flagship project. The Maker agent platform calls the REST API with a
-- JWT whose role claim is maker_agent: it gets exactly what its tools need, as explicit grants
-- and row level security policies. anon and authenticated get nothing; service_role keeps full
-- access (except that memory_log stays append-only, see the triggers).

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

-- Nothing for the public API roles, whichever default privileges the project has.
revoke all on table
public."user",
public.team,
public.team_membership,
public.agent,
public.agent_skill,
public.conversation,
public.message,
public.memory,
public.memory_log,
public.memory_tag
from anon, authenticated;

revoke all on function
public.search_memories(uuid, extensions.vector, uuid, public.memory_type_enum[], integer)
from public, anon, authenticated;

grant all on table
public."user",
public.team,
public.team_membership,
public.agent,
public.agent_skill,
public.conversation,
public.message,
public.memory,
public.memory_log,
public.memory_tag
to service_role;

grant execute on function
public.search_memories(uuid, extensions.vector, uuid, public.memory_type_enum[], integer)
to service_role, maker_agent;

-- What the tools need, and no more. The agent never deletes and never updates; it never reads
-- password hashes or webhook secrets; it cannot set counts, versions or lifecycle columns;
-- memory_log is written only by the memory trigger.
grant select (id, email, display_name, is_active, created_at, updated_at)
on public."user" to maker_agent;
grant select (
    id, name, slug, owner_id, settings, shared_skill_names, webhook_url,
    conversation_retention_days, created_at, updated_at
) on public.team to maker_agent;
grant select on public.team_membership to maker_agent;
grant select on public.agent to maker_agent;
grant insert (
    id, team_id, name, slug, tagline, avatar_emoji, personality_prompt, model_name,
    model_config, memory_config, boundaries, skill_names, custom_skill_names,
    disabled_skill_names, status, created_by
) on public.agent to maker_agent;
grant select on public.agent_skill to maker_agent;
grant select on public.conversation to maker_agent;
grant insert (id, agent_id, user_id, team_id, title) on public.conversation to maker_agent;
grant select on public.message to maker_agent;
grant insert (id, conversation_id, role, content, tool_calls, token_count)
on public.message to maker_agent;
grant select on public.memory to maker_agent;
grant insert (
    id, team_id, agent_id, user_id, memory_type, content, subject, embedding, importance,
    confidence, is_pinned, source_type, source_conversation_id, source_message_ids,
    extraction_model, contradicts, related_to, metadata, tier, expires_at
) on public.memory to maker_agent;
grant select on public.memory_log to maker_agent;
grant select on public.memory_tag to maker_agent;
grant insert (id, memory_id, tag) on public.memory_tag to maker_agent;

alter table public."user" enable row level security;
alter table public.team enable row level security;
alter table public.team_membership enable row level security;
alter table public.agent enable row level security;
alter table public.agent_skill enable row level security;
alter table public.conversation enable row level security;
alter table public.message enable row level security;
alter table public.memory enable row level security;
alter table public.memory_log enable row level security;
alter table public.memory_tag enable row level security;

create policy maker_agent_select_user on public."user"
for select to maker_agent using (true);

create policy maker_agent_select_team on public.team
for select to maker_agent using (true);

create policy maker_agent_select_team_membership on public.team_membership
for select to maker_agent using (true);

create policy maker_agent_select_agent on public.agent
for select to maker_agent using (true);
-- RBAC: an agent is created on behalf of an owner or admin of its team.
create policy maker_agent_insert_agent on public.agent
for insert to maker_agent with check (
    exists (
        select from public.team_membership as tm
        where tm.team_id = agent.team_id
            and tm.user_id = agent.created_by
            and tm.role in ('owner', 'admin')
    )
);

create policy maker_agent_select_agent_skill on public.agent_skill
for select to maker_agent using (true);

create policy maker_agent_select_conversation on public.conversation
for select to maker_agent using (true);
-- A conversation is with an active agent of the same team, and its user (if any) is a member.
create policy maker_agent_insert_conversation on public.conversation
for insert to maker_agent with check (
    exists (
        select from public.agent as a
        where a.id = conversation.agent_id
            and a.team_id = conversation.team_id
            and a.status = 'active'
    )
    and (
        conversation.user_id is null
        or exists (
            select from public.team_membership as tm
            where tm.team_id = conversation.team_id and tm.user_id = conversation.user_id
        )
    )
);

create policy maker_agent_select_message on public.message
for select to maker_agent using (true);
-- Closed conversations take no new messages.
create policy maker_agent_insert_message on public.message
for insert to maker_agent with check (
    exists (
        select from public.conversation as c
        where c.id = message.conversation_id and c.status <> 'closed'
    )
);

create policy maker_agent_select_memory on public.memory
for select to maker_agent using (true);
-- A memory's agent, if any, belongs to the memory's team.
create policy maker_agent_insert_memory on public.memory
for insert to maker_agent with check (
    memory.agent_id is null
    or exists (
        select from public.agent as a
        where a.id = memory.agent_id and a.team_id = memory.team_id
    )
);

create policy maker_agent_select_memory_log on public.memory_log
for select to maker_agent using (true);

create policy maker_agent_select_memory_tag on public.memory_tag
for select to maker_agent using (true);
create policy maker_agent_insert_memory_tag on public.memory_tag
for insert to maker_agent with check (true);
