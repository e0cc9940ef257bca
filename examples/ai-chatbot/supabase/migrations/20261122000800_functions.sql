-- Functions the agent calls as RPC tools. SECURITY INVOKER (the default): the caller's grants
-- and RLS policies apply, exactly as for the table endpoints.
-- JSON arguments are json/jsonb: the request carries them as JSON values (a tool's placeholder
-- stands for a whole JSON value), so a value that is not JSON never reaches the function.
-- An empty string in a text argument counts as not given.

-- Save a message of a chat. Plain text becomes one text part; p_parts, when given, is the
-- AI SDK parts array and wins over p_text.
create function public.save_message(
    p_chat_id uuid,
    p_role text,
    p_text text default null,
    p_parts json default null,
    p_attachments json default '[]',
    p_content_for_llm text default null
) returns setof public."Message_v2"
language sql
volatile
set search_path = ''
as $$
    insert into public."Message_v2" ("chatId", role, parts, attachments, "contentForLLM")
    values (
        p_chat_id,
        p_role,
        -- Neither parts nor text: null, which the NOT NULL on parts rejects.
        coalesce(
            p_parts,
            case when p_text is not null then json_build_array(json_build_object('type', 'text', 'text', p_text)) end
        ),
        coalesce(p_attachments, '[]'),
        nullif(p_content_for_llm, '')
    )
    returning *
$$;

comment on function public.save_message(uuid, text, text, json, json, text) is
'Saves a message of a chat: plain text, or the AI SDK parts array.';

-- Full-text search over a user's knowledge base, optionally within a path (the path itself
-- and everything below it; null or empty: everywhere), best match first; names weigh more
-- than content.
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
            nullif(p_path, '') is null
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
    v_input jsonb := coalesce(p_input, '{}');
    v_query public.background_queries;
begin
    insert into public.background_queries (conversation_id, type, input)
    values (p_chat_id, p_type, v_input)
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
            and md5(q.input::text) = md5(v_input::text)
            and q.status in ('pending', 'running');
    end if;
    return next v_query;
end;
$$;

comment on function public.queue_background_query(uuid, text, jsonb) is
'Queues work for a chat (status pending) and returns it; the same unfinished work is not '
'queued twice.';
