-- Functions the agent calls as RPC tools. SECURITY INVOKER (the default): RLS and grants of the
-- caller apply, exactly as for the table endpoints. Errors carry PostgREST's PTxxx SQLSTATEs
-- (PT404 -> 404, PT409 -> 409) or 22023 (-> 400) so that callers get a meaningful status.

-- Move a session from one of p_from to p_to, or say why not.
create function private.transition_session(
    p_session_id text,
    p_from text[],
    p_to text
) returns setof public.sessions
language plpgsql
volatile
set search_path = ''
as $$
declare
    moved public.sessions;
    current_status text;
begin
    update public.sessions as s
    set status = p_to
    where s.id = p_session_id and s.status = any(p_from)
    returning s.* into moved;
    if found then
        return next moved;
        return;
    end if;
    select s.status into current_status from public.sessions as s where s.id = p_session_id;
    if current_status is null then
        raise exception 'session % not found', p_session_id
        using errcode = 'PT404', hint = 'list sessions to see their ids';
    end if;
    raise exception 'session % is %, it cannot become %', p_session_id, current_status, p_to
    using errcode = 'PT409',
    hint = 'active sessions pause or complete; paused sessions resume or complete';
end;
$$;

create function public.resume_session(p_session_id text) returns setof public.sessions
language sql
volatile
set search_path = ''
as $$
    select * from private.transition_session(p_session_id, array['paused'], 'active')
$$;

create function public.pause_session(p_session_id text) returns setof public.sessions
language sql
volatile
set search_path = ''
as $$
    select * from private.transition_session(p_session_id, array['active'], 'paused')
$$;

create function public.complete_session(p_session_id text) returns setof public.sessions
language sql
volatile
set search_path = ''
as $$
    select * from private.transition_session(p_session_id, array['active', 'paused'], 'completed')
$$;

comment on function public.resume_session(text) is 'Resumes a paused session (paused -> active).';
comment on function public.pause_session(text) is 'Pauses an active session (active -> paused).';
comment on function public.complete_session(text) is
'Completes an active or paused session; a completed session is read-only for the agent.';

-- Live counts of everything a session holds.
create function public.session_summary(p_session_id text)
returns table (
    session_id text,
    title text,
    status text,
    participants text[],
    memory_count bigint,
    chunk_count bigint,
    task_count bigint,
    artifact_count bigint,
    created timestamptz,
    updated timestamptz
)
language plpgsql
stable
set search_path = ''
as $$
begin
    return query
    select
        s.id,
        s.title,
        s.status,
        s.participants,
        (select count(*) from public.memories as m where m.session_id = s.id),
        (select count(*) from public.conversation_chunks as c where c.session_id = s.id),
        (select count(*) from public.tasks as t where t.session_id = s.id),
        (select count(*) from public.artifacts as a where a.session_id = s.id),
        s.created,
        s.updated
    from public.sessions as s
    where s.id = p_session_id;
    if not found then
        raise exception 'session % not found', p_session_id
        using errcode = 'PT404', hint = 'list sessions to see their ids';
    end if;
end;
$$;

comment on function public.session_summary(text) is
'One row: the session with its numbers of memories, conversation chunks, tasks and artifacts.';

-- Full-text search over conversation chunks (web-search syntax), best match first.
create function public.search_chunks(
    p_query text,
    p_session_id text default null
) returns setof public.conversation_chunks
language sql
stable
set search_path = ''
as $$
    select c.*
    from public.conversation_chunks as c
    where (p_session_id is null or c.session_id = p_session_id)
        and c.search_vector @@ websearch_to_tsquery('english', p_query)
    order by
        ts_rank(c.search_vector, websearch_to_tsquery('english', p_query)) desc,
        c.session_id,
        c.chunk_number
$$;

comment on function public.search_chunks(text, text) is
'Conversation chunks matching the keywords (web-search syntax), optionally in one session, best first.';

-- The document's "batch" command for memories: store every item or none. A function runs as
-- one statement, so any failing item (bad shape, unknown type, completed session) rolls the
-- whole batch back. Items with an existing key replace that memory.
create function public.batch_store_memories(
    p_session_id text,
    p_items jsonb
) returns setof public.memories
language plpgsql
volatile
set search_path = ''
as $$
declare
    item jsonb;
    pos bigint;
begin
    if jsonb_typeof(p_items) is distinct from 'array' or jsonb_array_length(p_items) = 0 then
        raise exception 'p_items must be a non-empty JSON array of memories'
        using errcode = '22023', hint = 'send [{"type": "idea", "key": "...", "content": {...}}]';
    end if;
    for item, pos in select e.value, e.ordinality from jsonb_array_elements(p_items) with ordinality as e loop
        if jsonb_typeof(item) is distinct from 'object'
            or jsonb_typeof(item -> 'type') is distinct from 'string'
            or jsonb_typeof(item -> 'key') is distinct from 'string'
            or coalesce(jsonb_typeof(item -> 'tags'), 'array') <> 'array' then
            raise exception 'item % is not a memory', pos
            using errcode = '22023',
            hint = 'each item needs string "type" and "key"; "content" any JSON, "tags" an array';
        end if;
    end loop;
    if (select count(distinct e ->> 'key') from jsonb_array_elements(p_items) as e)
        < jsonb_array_length(p_items) then
        raise exception 'a key appears twice in the batch'
        using errcode = '22023', hint = 'send each memory key once per batch';
    end if;
    return query
    insert into public.memories as m (session_id, type, key, content, tags)
    select
        p_session_id,
        e ->> 'type',
        e ->> 'key',
        coalesce(e -> 'content', '{}'),
        coalesce(array(select jsonb_array_elements_text(e -> 'tags')), '{}')
    from jsonb_array_elements(p_items) as e
    on conflict (session_id, key) do update
    set type = excluded.type, content = excluded.content, tags = excluded.tags
    returning m.*;
end;
$$;

comment on function public.batch_store_memories(text, jsonb) is
'Stores a JSON array of memories in one session atomically (all or none); existing keys are replaced.';
