-- The schemas every Supabase database has before its first migration, with their owners and
-- grants (reference §2). `vault`, `graphql`, `cron` and `net` come with their extensions.
create schema if not exists extensions authorization postgres;
create schema if not exists auth authorization supabase_admin;
create schema if not exists storage authorization supabase_admin;
create schema if not exists realtime authorization supabase_admin;
create schema if not exists graphql_public authorization supabase_admin;
create schema if not exists pgbouncer authorization pgbouncer;
-- Created by the Supabase CLI for the Realtime server's own tables.
create schema if not exists _realtime authorization postgres;
-- A database from an older kit made these as postgres.
alter schema extensions owner to postgres;
alter schema auth owner to supabase_admin;
alter schema graphql_public owner to supabase_admin;

grant usage on schema public to postgres, anon, authenticated, service_role;
grant create on schema public to supabase_realtime_admin;
grant usage on schema extensions to anon, authenticated, service_role;
grant all on schema extensions to postgres, dashboard_user;
grant usage on schema auth, storage, realtime, graphql_public
to postgres, anon, authenticated, service_role;
grant all on schema auth to supabase_auth_admin, dashboard_user;
grant all on schema storage to supabase_storage_admin, dashboard_user;
grant all on schema realtime to supabase_realtime_admin;

-- Default privileges Supabase sets for its own roles (the ones for postgres in public are the
-- `[api] auto_expose_new_tables` files, applied on every start).
alter default privileges for role supabase_admin in schema public, graphql_public
grant all on tables to postgres, anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema public, graphql_public
grant all on sequences to postgres, anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema public, graphql_public
grant all on functions to postgres, anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema extensions
grant all on tables to postgres with grant option;
alter default privileges for role supabase_admin in schema extensions
grant all on sequences to postgres with grant option;
alter default privileges for role supabase_admin in schema extensions
grant all on functions to postgres with grant option;
alter default privileges for role supabase_auth_admin in schema auth
grant all on tables to postgres, dashboard_user;
alter default privileges for role supabase_auth_admin in schema auth
grant all on sequences to postgres, dashboard_user;
alter default privileges for role supabase_auth_admin in schema auth
grant all on functions to postgres, dashboard_user;
alter default privileges for role supabase_admin in schema realtime
grant all on tables to postgres, dashboard_user;
alter default privileges for role supabase_admin in schema realtime
grant all on sequences to postgres, dashboard_user;
alter default privileges for role supabase_admin in schema realtime
grant all on functions to postgres, dashboard_user;
alter default privileges for role supabase_storage_admin in schema storage
grant all on tables to postgres, anon, authenticated, service_role;
alter default privileges for role supabase_storage_admin in schema storage
grant all on sequences to postgres, anon, authenticated, service_role;
alter default privileges for role supabase_storage_admin in schema storage
grant all on functions to postgres, anon, authenticated, service_role;
