-- Supabase's pair of event triggers around pg_graphql (reference §7): creating the extension
-- points graphql_public.graphql at graphql.resolve and opens schema graphql to the API roles;
-- dropping it puts the placeholder back. Locally graphql.resolve is the kit's stand-in, which
-- raises naming pg_graphql, so a call says why it fails rather than "not enabled". SECURITY
-- DEFINER (owned by supabase_admin): whoever creates the extension, the wrapper can be replaced.
create or replace function extensions.grant_pg_graphql_access() returns event_trigger
language plpgsql security definer
set search_path = ''
as $$
begin
    if not exists (
        select from pg_event_trigger_ddl_commands() c
        where c.command_tag = 'CREATE EXTENSION' and c.object_identity = 'pg_graphql'
    ) then
        return;
    end if;
    create or replace function graphql_public.graphql(
        "operationName" text default null, query text default null,
        variables jsonb default null, extensions jsonb default null
    ) returns jsonb
    language sql
    as $body$
        select graphql.resolve(
            query => query, variables => coalesce(variables, '{}'),
            "operationName" => "operationName", extensions => extensions
        )
    $body$;
    grant usage on schema graphql to postgres, anon, authenticated, service_role;
    grant all on all functions in schema graphql to postgres, anon, authenticated, service_role;
    grant all on all tables in schema graphql to postgres, anon, authenticated, service_role;
    grant all on all sequences in schema graphql to postgres, anon, authenticated, service_role;
end;
$$;

create or replace function extensions.set_graphql_placeholder() returns event_trigger
language plpgsql security definer
set search_path = ''
as $$
begin
    if not exists (
        select from pg_event_trigger_dropped_objects() o
        where o.object_type = 'extension' and o.object_identity = 'pg_graphql'
    ) then
        return;
    end if;
    create or replace function graphql_public.graphql(
        "operationName" text default null, query text default null,
        variables jsonb default null, extensions jsonb default null
    ) returns jsonb
    language sql stable
    as $body$
        select jsonb_build_object(
            'errors', jsonb_build_array(
                jsonb_build_object('message', 'pg_graphql extension is not enabled.')
            )
        )
    $body$;
end;
$$;

alter function extensions.grant_pg_graphql_access() owner to supabase_admin;
alter function extensions.set_graphql_placeholder() owner to supabase_admin;

drop event trigger if exists issue_pg_graphql_access;
create event trigger issue_pg_graphql_access on ddl_command_end
when tag in ('CREATE EXTENSION')
execute function extensions.grant_pg_graphql_access();
alter event trigger issue_pg_graphql_access owner to supabase_admin;

drop event trigger if exists issue_graphql_placeholder;
create event trigger issue_graphql_placeholder on sql_drop
when tag in ('DROP EXTENSION')
execute function extensions.set_graphql_placeholder();
alter event trigger issue_graphql_placeholder owner to supabase_admin;
