-- Triggers. Helpers live in schema private, which the REST API does not expose.
create schema if not exists private;

-- Keep updated_at current on every update.
create function private.set_updated_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
    if new.updated_at is not distinct from old.updated_at then
        new.updated_at := now();
    end if;
    return new;
end;
$$;

revoke all on function private.set_updated_at() from public;

create trigger chat_messages_v2_set_updated_at
before update on public.chat_messages_v2
for each row execute function private.set_updated_at();

create trigger context_templates_set_updated_at
before update on public.context_templates
for each row execute function private.set_updated_at();

-- state_hash is always the SHA-256 of the four state partitions, so it can be trusted to
-- compare states; whoever writes a state cannot set it to anything else.
create function private.set_state_hash() returns trigger
language plpgsql
set search_path = ''
as $$
begin
    new.state_hash := encode(
        sha256(convert_to(jsonb_build_object(
            'local_state', new.local_state,
            'shared_state', new.shared_state,
            'session_state', new.session_state,
            'persistent_state', new.persistent_state
        )::text, 'UTF8')),
        'hex'
    );
    return new;
end;
$$;

revoke all on function private.set_state_hash() from public;

create trigger agent_states_set_state_hash
before insert or update on public.agent_states
for each row execute function private.set_state_hash();

-- A new message counts towards its session: message_count, tool_calls_count, last_active.
-- SECURITY DEFINER: the agent role may insert messages but has no UPDATE on these counters.
create function private.track_session_activity() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    update public.conversation_sessions
    set message_count = coalesce(message_count, 0) + 1,
        tool_calls_count = coalesce(tool_calls_count, 0)
        + case when jsonb_typeof(new.tools) = 'array' then jsonb_array_length(new.tools) else 0 end,
        total_tokens_used = coalesce(total_tokens_used, 0)
        + case
            when jsonb_typeof(new.metadata -> 'tokens' -> 'total') = 'number'
                then (new.metadata -> 'tokens' ->> 'total')::numeric::integer
            else 0
        end,
        last_active = greatest(last_active, coalesce(new.created_at, now()))
    where id = new.session_id;
    return new;
end;
$$;

revoke all on function private.track_session_activity() from public;

create trigger chat_messages_v2_track_session
after insert on public.chat_messages_v2
for each row execute function private.track_session_activity();
