-- Functions the agent calls as RPC tools. SECURITY INVOKER (the default): the caller's grants
-- and RLS policies apply, exactly as for the table endpoints.

-- Full-text search over a user's knowledge base, optionally within a path (the path itself
-- and everything below it), best match first; names weigh more than content.
create function public.search_knowledge(
    p_user_id uuid,
    p_query text,
    p_path text default null,
    p_limit integer default 10
) returns setof public.knowledge_documents
language sql
stable
set search_path = ''
as $$
    select d.*
    from public.knowledge_documents as d
    where d.user_id = p_user_id
        and d.content_tsvector @@ websearch_to_tsquery('english', p_query)
        and (
            p_path is null
            or d.path = p_path
            -- LIKE wildcards in the given path are escaped, so only the subtree matches.
            or d.path like replace(replace(replace(p_path, '\', '\\'), '%', '\%'), '_', '\_') || '.%'
        )
    order by
        ts_rank(d.content_tsvector, websearch_to_tsquery('english', p_query)) desc,
        d.updated_at desc,
        d.id
    limit p_limit
$$;

comment on function public.search_knowledge(uuid, text, text, integer) is
'Knowledge base documents of a user matching the keywords (web-search syntax), optionally '
'under a path, best match first.';

-- Queue a background query for a chat. Queueing the same work (chat, type, input) while it is
-- still pending or running returns the query already queued instead of a duplicate.
create function public.queue_background_query(
    p_chat_id uuid,
    p_type text,
    p_input jsonb default '{}'
) returns setof public.background_queries
language plpgsql
volatile
set search_path = ''
as $$
declare
    v_query public.background_queries;
begin
    insert into public.background_queries (conversation_id, type, input)
    values (p_chat_id, p_type, coalesce(p_input, '{}'))
    on conflict (conversation_id, type, md5(input::text))
    where status in ('pending', 'running')
    do nothing
    returning * into v_query;
    if v_query.id is null then
        -- A new statement sees the conflicting row even if it committed after ours began.
        select q.* into v_query
        from public.background_queries as q
        where q.conversation_id = p_chat_id
            and q.type = p_type
            and md5(q.input::text) = md5(coalesce(p_input, '{}')::text)
            and q.status in ('pending', 'running');
    end if;
    return next v_query;
end;
$$;

comment on function public.queue_background_query(uuid, text, jsonb) is
'Queues work for a chat (status pending) and returns it; the same unfinished work is not '
'queued twice.';
