-- Database webhooks, as the Supabase CLI's webhook.sql sets them up locally (reference §6): the
-- Dashboard writes them as triggers calling supabase_functions.http_request(url, method,
-- headers, params, timeout_ms). The request goes through pg_net, which cannot send locally: the
-- write that fires a webhook fails with pg_net's error instead of pretending it was delivered.
create schema if not exists supabase_functions authorization supabase_admin;
grant usage on schema supabase_functions to postgres, anon, authenticated, service_role;
grant all on schema supabase_functions to supabase_functions_admin;
alter default privileges in schema supabase_functions
grant all on tables to postgres, anon, authenticated, service_role;
alter default privileges in schema supabase_functions
grant all on functions to postgres, anon, authenticated, service_role;
alter default privileges in schema supabase_functions
grant all on sequences to postgres, anon, authenticated, service_role;

create table supabase_functions.migrations (
    version text not null primary key,
    inserted_at timestamptz not null default now()
);
insert into supabase_functions.migrations (version)
values ('initial'), ('20210809183423_update_grants');

-- One row per request a webhook made (pg_net's request id).
create table supabase_functions.hooks (
    id bigserial primary key,
    hook_table_id integer not null,
    hook_name text not null,
    created_at timestamptz not null default now(),
    request_id bigint
);
create index supabase_functions_hooks_request_id_idx on supabase_functions.hooks (request_id);
create index supabase_functions_hooks_h_table_id_h_name_idx on supabase_functions.hooks
(hook_table_id, hook_name);
comment on table supabase_functions.hooks is
'Supabase Functions Hooks: Audit trail for triggered hooks.';

create function supabase_functions.http_request() returns trigger
language plpgsql security definer
set search_path = supabase_functions
as $$
declare
    url text := tg_argv[0];
    method text := tg_argv[1];
    headers jsonb := coalesce(nullif(tg_argv[2], '')::jsonb, '{"Content-Type": "application/json"}');
    params jsonb := coalesce(nullif(tg_argv[3], '')::jsonb, '{}');
    timeout_ms integer := coalesce(nullif(tg_argv[4], '')::integer, 1000);
    payload jsonb;
    request_id bigint;
begin
    if url is null or url = 'null' then
        raise exception 'supabase_functions.http_request: url argument is missing';
    end if;
    if method is null or method not in ('GET', 'POST') then
        raise exception 'supabase_functions.http_request: method must be GET or POST, not %',
            coalesce(method, 'null');
    end if;
    if method = 'GET' then
        request_id := net.http_get(url, params, headers, timeout_ms);
    else
        payload := jsonb_build_object(
            'old_record', case when tg_op in ('UPDATE', 'DELETE') then to_jsonb(old) end,
            'record', case when tg_op in ('INSERT', 'UPDATE') then to_jsonb(new) end,
            'type', tg_op,
            'table', tg_table_name,
            'schema', tg_table_schema
        );
        request_id := net.http_post(url, payload, params, headers, timeout_ms);
    end if;
    insert into supabase_functions.hooks (hook_table_id, hook_name, request_id)
    values (tg_relid, tg_name, request_id);
    return new;
end;
$$;

select pg_temp.kit_own_schema('supabase_functions', 'supabase_functions_admin');
grant all on all tables in schema supabase_functions to postgres, anon, authenticated, service_role;
grant all on all sequences in schema supabase_functions
to postgres, anon, authenticated, service_role;
revoke all on function supabase_functions.http_request() from public;
grant execute on function supabase_functions.http_request()
to postgres, anon, authenticated, service_role;
