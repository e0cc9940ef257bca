-- Schemas every Supabase database has, with the usage grants of supabase/postgres.
create schema if not exists extensions;
create schema if not exists auth;
create schema if not exists graphql_public;

grant usage on schema public to postgres, anon, authenticated, service_role;
grant usage on schema extensions to postgres, anon, authenticated, service_role;
grant usage on schema auth to anon, authenticated, service_role;
grant usage on schema graphql_public to postgres, anon, authenticated, service_role;
