-- [api] auto_expose_new_tables = false (hosted Supabase since 2026): new objects in public need
-- explicit grants; the Supabase CLI revokes the API roles' default privileges.
alter default privileges for role postgres in schema public
revoke all on tables from anon, authenticated, service_role;
alter default privileges for role postgres in schema public
revoke all on sequences from anon, authenticated, service_role;
alter default privileges for role postgres in schema public
revoke all on functions from anon, authenticated, service_role;
