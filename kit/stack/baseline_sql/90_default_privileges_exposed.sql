-- [api] auto_expose_new_tables = true (the pre-2026 default): every table, sequence and
-- function postgres creates in public is granted to the API roles (supabase/postgres initial schema).
alter default privileges for role postgres in schema public
grant all on tables to postgres, anon, authenticated, service_role;
alter default privileges for role postgres in schema public
grant all on sequences to postgres, anon, authenticated, service_role;
alter default privileges for role postgres in schema public
grant all on functions to postgres, anon, authenticated, service_role;
