-- Functions the agent calls as RPC tools. SECURITY INVOKER (the default): RLS and grants of the
-- caller apply, exactly as for the table endpoints. Errors carry PostgREST's PTxxx SQLSTATEs
-- (PT404 -> 404, PT409 -> 409) or 22023 (-> 400) so that callers get a meaningful status.

-- Move a session to p_to from one of p_from, or say why not. Asking for the status the session
-- already has changes nothing and succeeds, so a retried call is harmless.
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
    found_session public.sessions;
begin
    update public.sessions as s
    set status = p_to
    where s.id = p_session_id and s.status = any(p_from)
    returning s.* into found_session;
    if found then
        return next found_session;
        return;
    end if;
    select s.* into found_session from public.sessions as s where s.id = p_session_id;
    if not found then
        raise exception 'session % not found', p_session_id
        using errcode = 'PT404', hint = 'list sessions to see their ids';
    end if;
    if found_session.status = p_to then
        return next found_session;
        return;
    end if;
    raise exception 'session % is %, it cannot become %', p_session_id, found_session.status, p_to
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

comment on function public.resume_session(text) is
'Resumes a paused session (paused -> active); an active session stays as it is.';
comment on function public.pause_session(text) is
'Pauses an active session (active -> paused); a paused session stays as it is.';
comment on function public.complete_session(text) is
'Completes an active or paused session; a completed session is read-only for the agent.';

-- Live counts of everything a session holds. A view, so that the REST API and the tool model
-- know the shape of a summary; security_invoker, so that the caller's grants and RLS apply.
create view public.session_summaries with (security_invoker = true) as
select
    s.id as session_id,
    s.title,
    s.status,
    s.participants,
    (
        select count(*) from public.memories as m
        where m.session_id = s.id
    ) as memory_count,
    (
        select count(*) from public.conversation_chunks as c
        where c.session_id = s.id
    ) as chunk_count,
    (
        select count(*) from public.tasks as t
        where t.session_id = s.id
    ) as task_count,
    (
        select count(*) from public.artifacts as a
        where a.session_id = s.id
    ) as artifact_count,
    s.created,
    s.updated
from public.sessions as s;

comment on view public.session_summaries is
'Each session with its numbers of memories, conversation chunks, tasks and artifacts.';

create function public.session_summary(p_session_id text)
returns setof public.session_summaries
language plpgsql
stable
set search_path = ''
as $$
begin
    return query
    select * from public.session_summaries as v where v.session_id = p_session_id;
    if not found then
        raise exception 'session % not found', p_session_id
        using errcode = 'PT404', hint = 'list sessions to see their ids';
    end if;
end;
$$;

comment on function public.session_summary(text) is
'One session with its numbers of memories, conversation chunks, tasks and artifacts.';

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

-- Store memories in one session, all or none: a function runs as one statement, so any
-- failing item (bad shape, unknown type, completed session) rolls the whole call back. An item
-- whose key the session already has replaces that memory.
create function private.store_memories(
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
    -- A key given twice: the later item replaces the earlier, as it would a stored memory
    -- (one INSERT ... ON CONFLICT cannot update the same row twice).
    return query
    insert into public.memories as m (session_id, type, key, content, tags)
    select distinct on (e.value ->> 'key')
        p_session_id,
        e.value ->> 'type',
        e.value ->> 'key',
        coalesce(e.value -> 'content', '{}'),
        coalesce(array(select jsonb_array_elements_text(e.value -> 'tags')), '{}')
    from jsonb_array_elements(p_items) with ordinality as e
    order by e.value ->> 'key', e.ordinality desc
    on conflict (session_id, key) do update
    set type = excluded.type, content = excluded.content, tags = excluded.tags
    returning m.*;
end;
$$;

-- The document's "batch" command: p_items is a JSON array of memories.
create function public.batch_store_memories(
    p_session_id text,
    p_items jsonb
) returns setof public.memories
language sql
volatile
set search_path = ''
as $$
    select * from private.store_memories(p_session_id, p_items)
$$;

comment on function public.batch_store_memories(text, jsonb) is
'Stores a JSON array of memories in one session atomically (all or none); existing keys are replaced.';

-- The document's store_memory: one memory, created or replaced by key. p_content is text: a
-- JSON object is stored as it is, anything else as {"text": ...}.
create function public.store_memory(
    p_session_id text,
    p_type text,
    p_key text,
    p_content text default '{}',
    p_tags text[] default '{}'
) returns setof public.memories
language plpgsql
volatile
set search_path = ''
as $$
declare
    content jsonb;
begin
    begin
        content := p_content::jsonb;
    exception when invalid_text_representation then
        content := null;
    end;
    if jsonb_typeof(content) is distinct from 'object' then
        content := jsonb_build_object('text', p_content);
    end if;
    return query select * from private.store_memories(
        p_session_id,
        jsonb_build_array(jsonb_build_object(
            'type', p_type, 'key', p_key, 'content', content, 'tags', to_jsonb(coalesce(p_tags, '{}'))
        ))
    );
end;
$$;

comment on function public.store_memory(text, text, text, text, text[]) is
'Stores one memory of a session by key (a new key creates it, a known key replaces it).';
