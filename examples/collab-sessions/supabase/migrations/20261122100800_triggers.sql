-- Triggers that keep sessions consistent whoever writes: updated timestamps, the session status
-- machine, the memory and task counts, and chunk numbering. Helpers live in schema private,
-- which the REST API does not expose.
create schema if not exists private;

create function private.set_updated() returns trigger
language plpgsql
set search_path = ''
as $$
begin
    -- An update that sets updated itself keeps its value.
    if new.updated is not distinct from old.updated then
        new.updated := now();
    end if;
    return new;
end;
$$;

-- Only changes to the session itself; the count triggers move updated to the newest row's time.
create trigger sessions_set_updated
before update of title, status, participants, metadata on public.sessions
for each row execute function private.set_updated();

create trigger memories_set_updated
before update on public.memories
for each row execute function private.set_updated();

-- The status machine: active -> paused -> active, active | paused -> completed. A completed
-- session never reopens. Raised as PT409 so that PostgREST answers 409 Conflict.
create function private.check_session_status() returns trigger
language plpgsql
set search_path = ''
as $$
begin
    if new.status is distinct from old.status and not (
        (old.status = 'active' and new.status in ('paused', 'completed'))
        or (old.status = 'paused' and new.status in ('active', 'completed'))
    ) then
        raise exception 'session % cannot go from % to %', old.id, old.status, new.status
        using errcode = 'PT409',
        hint = 'active sessions pause or complete; paused sessions resume or complete';
    end if;
    return new;
end;
$$;

create trigger sessions_check_status
before update of status on public.sessions
for each row execute function private.check_session_status();

-- memory_count and task_count follow their rows.
-- SECURITY DEFINER: the agent role inserts memories and tasks but may not update the counts.
create function private.track_session_counts() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
    delta integer := case tg_op when 'INSERT' then 1 else -1 end;
    sid text := case tg_op when 'INSERT' then new.session_id else old.session_id end;
    -- An insert moves updated to the new row's time; a delete leaves it.
    stamp timestamptz := case tg_op when 'INSERT' then new.created end;
begin
    if tg_table_name = 'memories' then
        update public.sessions
        set memory_count = greatest(memory_count + delta, 0),
            updated = greatest(updated, stamp)
        where id = sid;
    else
        update public.sessions
        set task_count = greatest(task_count + delta, 0),
            updated = greatest(updated, stamp)
        where id = sid;
    end if;
    return null;
end;
$$;

create trigger memories_track_count
after insert or delete on public.memories
for each row execute function private.track_session_counts();

create trigger tasks_track_count
after insert or delete on public.tasks
for each row execute function private.track_session_counts();

-- A chunk stored without a number (the default 0) gets the next one of its session.
create function private.number_chunk() returns trigger
language plpgsql
set search_path = ''
as $$
begin
    if new.chunk_number is null or new.chunk_number = 0 then
        select coalesce(max(c.chunk_number), 0) + 1 into new.chunk_number
        from public.conversation_chunks as c
        where c.session_id = new.session_id;
    end if;
    return new;
end;
$$;

create trigger conversation_chunks_number
before insert on public.conversation_chunks
for each row execute function private.number_chunk();

revoke all on function
private.set_updated(),
private.check_session_status(),
private.track_session_counts(),
private.number_chunk()
from public;
