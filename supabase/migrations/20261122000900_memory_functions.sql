-- Functions the agent calls as RPC tools. SECURITY INVOKER (the default): RLS and grants of the
-- caller apply, exactly as for the table endpoints.

-- Keyword search over a user's memories, best match first (built-in full-text search).
create function public.search_memories(
    p_user_id text,
    p_query text,
    p_memory_type text default null
) returns setof public.memory_long_term
language sql
stable
set search_path = ''
as $$
    select m.*
    from public.memory_long_term as m
    where m.user_id = p_user_id
        and (p_memory_type is null or m.memory_type = p_memory_type)
        and to_tsvector('english', m.content) @@ websearch_to_tsquery('english', p_query)
    order by
        ts_rank(to_tsvector('english', m.content), websearch_to_tsquery('english', p_query)) desc,
        m.relevance_score desc nulls last,
        m.id
$$;

comment on function public.search_memories(text, text, text) is
'Memories of a user whose content matches the keywords (web-search syntax), best match first.';

-- Mark a memory as used now, so recency-based recall prefers it.
create function public.touch_memory(p_id uuid) returns setof public.memory_long_term
language sql
volatile
set search_path = ''
as $$
    update public.memory_long_term
    set last_accessed = now()
    where id = p_id
    returning *
$$;

comment on function public.touch_memory(uuid) is
'Sets last_accessed of one memory to now and returns the memory.';
