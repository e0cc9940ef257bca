-- Functions the agent calls as RPC tools. SECURITY INVOKER (the default): RLS and grants of the
-- caller apply, exactly as for the table endpoints.

-- Nearest memories of a team by cosine distance (pgvector `<=>`), closest first. Only live
-- memories (active, not expired) that have an embedding. Without p_agent_id only team-shared
-- memories (agent_id is null) are searched; with it, those plus that agent's own. It returns
-- rows of public.memory, so that the REST API and the tool model know their shape; a tool
-- selects the columns it wants (leaving out the 1536 numbers of the embedding).
create function public.search_memories(
    p_team_id uuid,
    p_embedding extensions.vector,
    p_agent_id uuid default null,
    p_memory_types public.memory_type_enum[] default null,
    p_limit integer default 10
) returns setof public.memory
language sql
stable
set search_path = ''
as $$
    select m.*
    from public.memory as m
    where m.team_id = p_team_id
        and m.embedding is not null
        and m.status = 'active'
        and (m.expires_at is null or m.expires_at > now())
        and (m.agent_id is null or m.agent_id = p_agent_id)
        and (p_memory_types is null or m.memory_type = any(p_memory_types))
    order by m.embedding operator(extensions.<=>) p_embedding, m.id
    limit least(greatest(coalesce(p_limit, 10), 1), 100)
$$;

comment on function public.search_memories(
    uuid, extensions.vector, uuid, public.memory_type_enum[], integer
) is
'Live memories of a team nearest to an embedding by cosine distance, closest first (at most 100).';
