-- The extensions a `supabase start` database has before any migration (reference §3), in the
-- schemas Supabase puts them. uuid-ossp, pgcrypto, supabase_vault and pg_net come from
-- kit/stack/extensions/ (see README "Differences from a Supabase database").
-- As supabase_admin, who installs them on Supabase (and so owns vault and net).
set role supabase_admin;
create extension if not exists "uuid-ossp" with schema extensions;
create extension if not exists pgcrypto with schema extensions;
create extension if not exists pg_stat_statements with schema extensions;
create extension if not exists supabase_vault;
create extension if not exists pg_net with schema extensions;
reset role;
