-- Access model. The Maker agent platform calls the REST API with a JWT whose role claim is
-- maker_agent: it gets exactly what its tools need, as explicit grants (hosted Supabase no
-- longer exposes new tables without them) and row level security policies. anon and
-- authenticated get nothing on these tables; service_role keeps full access.

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
public.conversations,
public.messages,
public.generated_code,
public.user_preferences,
public.memory_long_term
from anon, authenticated;

revoke all on function
public.search_memories(text, text, text),
public.touch_memory(uuid)
from public, anon, authenticated;

grant all on table
public.conversations,
public.messages,
public.generated_code,
public.user_preferences,
public.memory_long_term
to service_role;

grant execute on function
public.search_memories(text, text, text),
public.touch_memory(uuid)
to service_role, maker_agent;

-- What the tools need, and no more: the agent never deletes, and changes only what its
-- update tools change.
grant select, insert on public.conversations to maker_agent;
grant update (title, is_archived) on public.conversations to maker_agent;
grant select, insert on public.messages to maker_agent;
grant select, insert on public.generated_code to maker_agent;
grant select, insert, update on public.user_preferences to maker_agent;
grant select, insert on public.memory_long_term to maker_agent;
grant update (last_accessed) on public.memory_long_term to maker_agent;

alter table public.conversations enable row level security;
alter table public.messages enable row level security;
alter table public.generated_code enable row level security;
alter table public.user_preferences enable row level security;
alter table public.memory_long_term enable row level security;

create policy maker_agent_select_conversations on public.conversations
for select to maker_agent using (true);
create policy maker_agent_insert_conversations on public.conversations
for insert to maker_agent with check (true);
create policy maker_agent_update_conversations on public.conversations
for update to maker_agent using (true) with check (true);

create policy maker_agent_select_messages on public.messages
for select to maker_agent using (true);
-- Archived conversations are read-only for the agent.
create policy maker_agent_insert_messages on public.messages
for insert to maker_agent with check (
    exists (
        select from public.conversations as c
        where c.id = messages.conversation_id and c.is_archived is not true
    )
);

create policy maker_agent_select_generated_code on public.generated_code
for select to maker_agent using (true);
create policy maker_agent_insert_generated_code on public.generated_code
for insert to maker_agent with check (true);

create policy maker_agent_select_user_preferences on public.user_preferences
for select to maker_agent using (true);
create policy maker_agent_insert_user_preferences on public.user_preferences
for insert to maker_agent with check (true);
create policy maker_agent_update_user_preferences on public.user_preferences
for update to maker_agent using (true) with check (true);

create policy maker_agent_select_memory_long_term on public.memory_long_term
for select to maker_agent using (true);
create policy maker_agent_insert_memory_long_term on public.memory_long_term
for insert to maker_agent with check (true);
create policy maker_agent_update_memory_long_term on public.memory_long_term
for update to maker_agent using (true) with check (true);
