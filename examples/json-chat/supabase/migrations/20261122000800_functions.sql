-- Functions the agent calls as RPC tools. SECURITY INVOKER (the default): the caller's grants
-- and RLS policies apply, exactly as for the table endpoints. Each call runs in one
-- transaction (PostgREST wraps every request in one), so each is all-or-nothing.
-- JSON arguments are jsonb: the request carries them as JSON values (a tool's placeholder
-- stands for a whole JSON value), so a value that is not JSON never reaches the function; null
-- counts as not given. An empty string in a text argument counts as not given as well.

-- Post a message to a session of a conversation: p_content is the message's JSON, e.g.
-- {"type": "structured", "data": {...}} (the content CHECK decides which types are valid);
-- plain p_text stands for {"type": "text", "text": p_text}. With neither, the NOT NULL on
-- content refuses the message.
create function public.post_message(
    p_conversation_id uuid,
    p_session_id uuid,
    p_role text,
    p_content jsonb default null,
    p_text text default null,
    p_sender_user_id uuid default null,
    p_sender_agent_id uuid default null,
    p_parent_message_id uuid default null,
    p_channel_id uuid default null,
    p_metadata jsonb default null
) returns setof public.chat_messages_v2
language sql
volatile
set search_path = ''
as $$
    insert into public.chat_messages_v2 (
        conversation_id, session_id, role, content, sender_user_id, sender_agent_id,
        parent_message_id, channel_id, metadata
    )
    values (
        p_conversation_id,
        p_session_id,
        p_role,
        coalesce(
            p_content,
            case when p_text is not null then jsonb_build_object('type', 'text', 'text', p_text) end
        ),
        p_sender_user_id,
        p_sender_agent_id,
        p_parent_message_id,
        p_channel_id,
        coalesce(p_metadata, '{}')
    )
    returning *
$$;

comment on function public.post_message(uuid, uuid, text, jsonb, text, uuid, uuid, uuid, uuid, jsonb) is
'Adds a message to a session: p_content is JSON with a type (text, structured, multimodal '
'or tool_result), or p_text is plain text.';

-- Edit a message: record the new content as the next version, then update the message.
-- Before the first edit, the original content becomes version 1. The new content is p_content
-- (JSON) or, for a text message, plain p_text.
create function public.edit_message(
    p_message_id uuid,
    p_content jsonb default null,
    p_changed_by uuid default null,
    p_change_reason text default null,
    p_text text default null
) returns setof public.chat_messages_v2
language plpgsql
volatile
set search_path = ''
as $$
declare
    v_content jsonb := coalesce(
        p_content,
        case when p_text is not null then jsonb_build_object('type', 'text', 'text', p_text) end
    );
    v_old public.chat_messages_v2;
    v_last integer;
begin
    if v_content is null then
        raise exception 'no new content for message %', p_message_id
            using errcode = '22023', hint = 'pass p_content (JSON) or p_text (plain text)';
    end if;
    -- The row lock serialises concurrent edits of one message, so version numbers never clash.
    select m.* into v_old
    from public.chat_messages_v2 as m
    where m.id = p_message_id
    for update;
    if not found then
        raise exception 'message % not found', p_message_id
            using errcode = 'PT404', hint = 'list the conversation''s messages to get a valid id';
    end if;

    select coalesce(max(v.version_number), 0) into v_last
    from public.message_versions as v
    where v.message_id = p_message_id;
    if v_last = 0 then
        insert into public.message_versions (
            message_id, version_number, content, metadata, changed_by, change_reason, created_at
        )
        values (
            p_message_id, 1, v_old.content, v_old.metadata, v_old.sender_user_id, 'original',
            v_old.created_at
        );
        v_last := 1;
    end if;

    insert into public.message_versions (
        message_id, version_number, content, metadata, changed_by, change_reason
    )
    values (
        p_message_id, v_last + 1, v_content, v_old.metadata, p_changed_by, nullif(p_change_reason, '')
    );

    return query
    update public.chat_messages_v2 as m
    set content = v_content
    where m.id = p_message_id
    returning m.*;
end;
$$;

comment on function public.edit_message(uuid, jsonb, uuid, text, text) is
'Replaces a message''s content and records it as a new row in message_versions.';

-- Store a memory. content is JSON with the keys its type requires (see agent_memories). With
-- no p_memory_type, the keys decide it (in the order below), so a caller cannot send a type
-- and content that disagree; with neither, the NOT NULL on memory_type refuses the memory.
create function public.store_memory(
    p_agent_id uuid,
    p_memory_type text default null,
    p_content jsonb default null,
    p_importance float default 0.5,
    p_source_message_id uuid default null,
    p_expires_at timestamptz default null
) returns setof public.agent_memories
language sql
volatile
set search_path = ''
as $$
    insert into public.agent_memories (
        agent_id, memory_type, content, importance, source_message_id, expires_at
    )
    values (
        p_agent_id,
        coalesce(
            nullif(p_memory_type, ''),
            case
                when p_content ?& array['event', 'temporal'] then 'episodic'
                when p_content ?& array['concept', 'definition'] then 'semantic'
                when p_content ?& array['skill', 'steps'] then 'procedural'
                when p_content ?& array['items', 'capacity'] then 'working'
            end
        ),
        p_content,
        p_importance,
        p_source_message_id,
        p_expires_at
    )
    returning *
$$;

comment on function public.store_memory(uuid, text, jsonb, float, uuid, timestamptz) is
'Stores a memory: episodic {event, temporal}, semantic {concept, definition}, procedural '
'{skill, steps} or working {items, capacity} (without a type, the keys decide it); '
'importance 0 to 1.';

-- Recall an agent's memories by type and minimum importance, most important first; each
-- recalled memory counts as accessed (access_count, last_accessed), which decay relies on.
create function public.recall_memories(
    p_agent_id uuid,
    p_memory_type text default null,
    p_min_importance float default 0,
    p_limit integer default 10
) returns setof public.agent_memories
language sql
volatile
set search_path = ''
as $$
    with recalled as (
        update public.agent_memories as m
        set access_count = coalesce(m.access_count, 0) + 1,
            last_accessed = now()
        where m.id in (
            select r.id
            from public.agent_memories as r
            where r.agent_id = p_agent_id
                and (nullif(p_memory_type, '') is null or r.memory_type = p_memory_type)
                and r.importance >= p_min_importance
                and (r.expires_at is null or r.expires_at > now())
            order by r.importance desc, r.last_accessed desc, r.id
            limit p_limit
        )
        returning m.*
    )
    select * from recalled
    order by importance desc, id
$$;

comment on function public.recall_memories(uuid, text, float, integer) is
'Memories of an agent of one type (or all) with importance at least p_min_importance, '
'most important first, marked as accessed.';

-- The one place a new state is made current: retire the current state, insert the new one,
-- record the transition. Used by set_agent_state and restore_checkpoint. Partitions passed
-- as null keep their current value.
create function private.advance_agent_state(
    p_agent_id uuid,
    p_version text,
    p_local_state jsonb,
    p_shared_state jsonb,
    p_session_state jsonb,
    p_persistent_state jsonb,
    p_transition_type text,
    p_trigger text
) returns public.agent_states
language plpgsql
volatile
set search_path = ''
as $$
declare
    v_from public.agent_states;
    v_to public.agent_states;
begin
    update public.agent_states as s
    set is_current = false, valid_until = now(), last_modified = now()
    where s.agent_id = p_agent_id and s.is_current
    returning s.* into v_from;

    insert into public.agent_states (
        agent_id, version, local_state, shared_state, session_state, persistent_state,
        state_hash, modification_count
    )
    values (
        p_agent_id,
        coalesce(p_version, v_from.version, '1.0.0'),
        coalesce(p_local_state, v_from.local_state, '{}'),
        coalesce(p_shared_state, v_from.shared_state, '{}'),
        coalesce(p_session_state, v_from.session_state, '{}'),
        coalesce(p_persistent_state, v_from.persistent_state, '{}'),
        '',  -- set by the agent_states_set_state_hash trigger
        coalesce(v_from.modification_count + 1, 0)
    )
    returning * into v_to;

    insert into public.state_transitions (
        agent_id, from_state_id, to_state_id, transition_type, trigger, changes,
        rollback_available, rollback_data
    )
    values (
        p_agent_id, v_from.id, v_to.id, p_transition_type, p_trigger,
        -- The partitions that changed, with their new value.
        jsonb_strip_nulls(jsonb_build_object(
            'version', nullif(v_to.version, v_from.version),
            'local_state', case when v_to.local_state is distinct from v_from.local_state then v_to.local_state end,
            'shared_state', case when v_to.shared_state is distinct from v_from.shared_state then v_to.shared_state end,
            'session_state', case when v_to.session_state is distinct from v_from.session_state then v_to.session_state end,
            'persistent_state', case
                when v_to.persistent_state is distinct from v_from.persistent_state then v_to.persistent_state
            end
        )),
        v_from.id is not null,
        case when v_from.id is not null then to_jsonb(v_from) end
    );
    return v_to;
end;
$$;

revoke all on function private.advance_agent_state(uuid, text, jsonb, jsonb, jsonb, jsonb, text, text)
from public;

-- Make a new state current for an agent; the previous current state is retired.
create function public.set_agent_state(
    p_agent_id uuid,
    p_local_state jsonb default null,
    p_shared_state jsonb default null,
    p_session_state jsonb default null,
    p_persistent_state jsonb default null,
    p_version text default null,
    p_trigger text default 'set_agent_state'
) returns setof public.agent_states
language sql
volatile
set search_path = ''
as $$
    select * from private.advance_agent_state(
        p_agent_id,
        nullif(p_version, ''),
        p_local_state,
        p_shared_state,
        p_session_state,
        p_persistent_state,
        'update',
        coalesce(nullif(p_trigger, ''), 'set_agent_state')
    )
$$;

comment on function public.set_agent_state(uuid, jsonb, jsonb, jsonb, jsonb, text, text) is
'Makes a new state the agent''s current one (partitions left null keep their value) and '
'records the transition.';

-- Save the agent's current state as a checkpoint.
create function public.create_checkpoint(
    p_agent_id uuid,
    p_checkpoint_type text default 'manual',
    p_trigger_reason text default null,
    p_retention_policy text default 'temporary',
    p_expires_at timestamptz default null
) returns setof public.state_checkpoints
language plpgsql
volatile
set search_path = ''
as $$
declare
    v_data jsonb;
    v_state_id uuid;
begin
    select
        s.id,
        jsonb_build_object(
            'version', s.version,
            'state_hash', s.state_hash,
            'local_state', s.local_state,
            'shared_state', coalesce(s.shared_state, '{}'),
            'session_state', coalesce(s.session_state, '{}'),
            'persistent_state', s.persistent_state
        )
    into v_state_id, v_data
    from public.agent_states as s
    where s.agent_id = p_agent_id and s.is_current;
    if not found then
        raise exception 'agent % has no current state', p_agent_id
            using errcode = 'PT404', hint = 'set a state with set_agent_state first';
    end if;

    return query
    insert into public.state_checkpoints (
        agent_id, state_id, checkpoint_type, trigger_reason, state_data, size_bytes,
        retention_policy, expires_at
    )
    values (
        p_agent_id,
        v_state_id,
        coalesce(nullif(p_checkpoint_type, ''), 'manual'),
        nullif(p_trigger_reason, ''),
        v_data,
        octet_length(v_data::text),
        coalesce(nullif(p_retention_policy, ''), 'temporary'),
        p_expires_at
    )
    returning *;
end;
$$;

comment on function public.create_checkpoint(uuid, text, text, text, timestamptz) is
'Copies the agent''s current state into a new checkpoint.';

-- Restore a checkpoint: its state becomes a new current state (history is never rewritten).
create function public.restore_checkpoint(p_checkpoint_id uuid) returns setof public.agent_states
language plpgsql
volatile
set search_path = ''
as $$
declare
    v_started timestamptz := clock_timestamp();
    v_checkpoint public.state_checkpoints;
    v_state public.agent_states;
begin
    select c.* into v_checkpoint
    from public.state_checkpoints as c
    where c.id = p_checkpoint_id
    for update;
    if not found then
        raise exception 'checkpoint % not found', p_checkpoint_id
            using errcode = 'PT404', hint = 'list the agent''s checkpoints to get a valid id';
    end if;
    if v_checkpoint.expires_at <= now() then
        raise exception 'checkpoint % expired at %', p_checkpoint_id, v_checkpoint.expires_at
            using errcode = '22023', hint = 'restore a checkpoint that has not expired';
    end if;

    v_state := private.advance_agent_state(
        v_checkpoint.agent_id,
        v_checkpoint.state_data ->> 'version',
        coalesce(v_checkpoint.state_data -> 'local_state', '{}'),
        coalesce(v_checkpoint.state_data -> 'shared_state', '{}'),
        coalesce(v_checkpoint.state_data -> 'session_state', '{}'),
        coalesce(v_checkpoint.state_data -> 'persistent_state', '{}'),
        'restore',
        'checkpoint:' || p_checkpoint_id
    );

    update public.state_checkpoints
    set restoration_count = coalesce(restoration_count, 0) + 1,
        restoration_time_ms = ceil(extract(epoch from clock_timestamp() - v_started) * 1000)::integer
    where id = p_checkpoint_id;

    return next v_state;
end;
$$;

comment on function public.restore_checkpoint(uuid) is
'Makes a checkpoint''s state the agent''s current state again and counts the restoration.';
