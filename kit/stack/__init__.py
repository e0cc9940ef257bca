"""The local Supabase-shaped stack: embedded PostgreSQL, the Supabase baseline, migrations."""
