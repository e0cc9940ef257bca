-- The smaller platform objects (reference §2, §6).

-- pgbouncer's auth_query: the password hash of a role, for pgbouncer only. It reads pg_authid,
-- so it runs as a superuser (SECURITY DEFINER owned by supabase_admin).
create function pgbouncer.get_auth(p_usename text) returns table (username text, password text)
language sql stable security definer
set search_path = ''
as $$
    select a.rolname::text, a.rolpassword::text
    from pg_catalog.pg_authid a
    where a.rolname = p_usename
$$;
alter function pgbouncer.get_auth(text) owner to supabase_admin;
revoke all on function pgbouncer.get_auth(text) from public;
grant execute on function pgbouncer.get_auth(text) to pgbouncer;

-- GraphQL endpoint's entry point while pg_graphql is not installed (Supabase's placeholder).
create function graphql_public.graphql(
    "operationName" text default null, query text default null, variables jsonb default null,
    extensions jsonb default null
) returns jsonb
language sql stable
as $$
    select jsonb_build_object(
        'errors', jsonb_build_array(
            jsonb_build_object('message', 'pg_graphql extension is not enabled.')
        )
    )
$$;
alter function graphql_public.graphql(text, text, jsonb, jsonb) owner to supabase_admin;
grant execute on function graphql_public.graphql(text, text, jsonb, jsonb)
to postgres, anon, authenticated, service_role;
