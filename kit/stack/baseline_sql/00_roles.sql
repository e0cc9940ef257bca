-- Supabase's API roles, as supabase/cli `globals.sql` and supabase/postgres create them.
-- Idempotent: roles are cluster-wide and survive a database reset.
do $$
begin
    if not exists (select from pg_catalog.pg_roles where rolname = 'anon') then
        create role anon nologin noinherit;
    end if;
    if not exists (select from pg_catalog.pg_roles where rolname = 'authenticated') then
        create role authenticated nologin noinherit;
    end if;
    if not exists (select from pg_catalog.pg_roles where rolname = 'service_role') then
        create role service_role nologin noinherit bypassrls;
    end if;
    if not exists (select from pg_catalog.pg_roles where rolname = 'authenticator') then
        create role authenticator login noinherit;
    end if;
end;
$$;

-- Supabase switched the API roles to INHERIT in 2023 (supabase/postgres 20230529180330).
alter role anon inherit;
alter role authenticated inherit;
alter role service_role inherit;
alter role authenticator noinherit;

grant anon, authenticated, service_role to authenticator;

-- Per-role timeouts PostgREST applies as transaction-local settings (supabase/cli globals.sql).
alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';
alter role authenticator set statement_timeout = '8s';
alter role authenticator set lock_timeout = '8s';
