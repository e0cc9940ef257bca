-- Every role a Supabase database has (../shared/reference/supabase-db.md §1), with its attributes,
-- memberships and role settings. Idempotent: roles are cluster-wide and survive a database reset.
-- `postgres` stays the superuser initdb made it: see README "Differences from a Supabase database".
do $$
declare
    name text;
begin
    foreach name in array array[
        'anon', 'authenticated', 'service_role', 'authenticator', 'supabase_admin',
        'supabase_auth_admin', 'supabase_storage_admin', 'supabase_realtime_admin',
        'supabase_replication_admin', 'supabase_etl_admin', 'supabase_read_only_user',
        'supabase_superuser', 'dashboard_user', 'pgbouncer', 'supabase_functions_admin'
    ] loop
        if not exists (select from pg_catalog.pg_roles where rolname = name) then
            execute format('create role %I', name);
        end if;
    end loop;
end;
$$;

-- Attributes, spelled out in full so a second run corrects a role changed by hand.
-- The API roles became INHERIT in 2023 (supabase/postgres 20230529180330).
alter role anon nosuperuser nocreatedb nocreaterole noreplication nobypassrls nologin inherit;
alter role authenticated
nosuperuser nocreatedb nocreaterole noreplication nobypassrls nologin inherit;
alter role service_role nosuperuser nocreatedb nocreaterole noreplication bypassrls nologin inherit;
alter role authenticator
nosuperuser nocreatedb nocreaterole noreplication nobypassrls login noinherit;
alter role supabase_admin superuser createdb createrole replication bypassrls login inherit;
-- CREATEROLE as in the image the CLI pins (17.6.1.132); removed upstream in 2026-08.
alter role supabase_auth_admin
nosuperuser nocreatedb createrole noreplication nobypassrls login noinherit;
alter role supabase_storage_admin
nosuperuser nocreatedb createrole noreplication nobypassrls login noinherit;
alter role supabase_realtime_admin
nosuperuser nocreatedb createrole replication nobypassrls login noinherit;
alter role supabase_replication_admin
nosuperuser nocreatedb nocreaterole replication nobypassrls login inherit;
alter role supabase_etl_admin
nosuperuser nocreatedb nocreaterole replication nobypassrls login inherit;
alter role supabase_read_only_user
nosuperuser nocreatedb nocreaterole noreplication bypassrls login inherit;
alter role supabase_superuser
nosuperuser nocreatedb nocreaterole noreplication nobypassrls nologin inherit;
alter role dashboard_user nosuperuser createdb createrole replication nobypassrls nologin inherit;
alter role pgbouncer nosuperuser nocreatedb nocreaterole noreplication nobypassrls login inherit;
alter role supabase_functions_admin
nosuperuser nocreatedb createrole noreplication nobypassrls login noinherit;

-- Memberships.
grant anon, authenticated, service_role to authenticator;
grant anon, authenticated, service_role to postgres with admin option;
grant anon, authenticated, service_role to supabase_realtime_admin;
grant authenticator to supabase_storage_admin;
grant pg_monitor, pg_signal_backend to supabase_superuser;
grant supabase_superuser, pg_read_all_data, pg_signal_backend to postgres;
grant supabase_superuser to supabase_etl_admin;
grant pg_read_all_data to supabase_read_only_user;

-- Role settings. Per-role timeouts are what PostgREST applies for the API roles.
alter role postgres set search_path = "$user", public, extensions;
alter role supabase_admin set search_path = "$user", public, auth, extensions;
alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';
alter role authenticator set statement_timeout = '8s';
alter role authenticator set lock_timeout = '8s';
alter role supabase_auth_admin set search_path = auth;
alter role supabase_auth_admin set idle_in_transaction_session_timeout = 60000;
alter role supabase_storage_admin set search_path = storage;
alter role supabase_realtime_admin set search_path = public, extensions, realtime;
alter role supabase_functions_admin set search_path = supabase_functions;

-- The service admins create their own objects in the database (CREATE on it).
do $$
begin
    execute format(
        'grant create on database %I to supabase_auth_admin, supabase_storage_admin, '
        'supabase_realtime_admin',
        current_database()
    );
end;
$$;

-- Used by the service files that follow (this session only): hand every object of a schema to
-- the role that owns it on Supabase. Grants are given after, so their grantor is that owner.
create or replace function pg_temp.kit_own_schema(target name, owner name) returns void
language plpgsql
as $$
declare
    object record;
begin
    for object in
        select c.relname as name, c.relkind as kind
        from pg_catalog.pg_class c
        where c.relnamespace = target::regnamespace
          and c.relkind in ('r', 'p', 'v', 'm', 'f')
          and not c.relispartition
    loop
        execute format('alter table %I.%I owner to %I', target, object.name, owner);
    end loop;
    for object in
        select t.typname as name
        from pg_catalog.pg_type t
        where t.typnamespace = target::regnamespace
          and t.typtype in ('e', 'd')
          or (t.typnamespace = target::regnamespace and t.typtype = 'c'
              and (select c.relkind from pg_catalog.pg_class c where c.oid = t.typrelid) = 'c')
    loop
        execute format('alter type %I.%I owner to %I', target, object.name, owner);
    end loop;
    for object in
        select p.oid::regprocedure as signature
        from pg_catalog.pg_proc p
        where p.pronamespace = target::regnamespace
    loop
        execute format('alter routine %s owner to %I', object.signature, owner);
    end loop;
end;
$$;
