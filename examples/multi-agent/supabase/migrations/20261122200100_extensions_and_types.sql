-- Extensions and ENUM types of the multi-agent platform (source document 004, phase 1).
-- gen_random_uuid() is core PostgreSQL (13+): neither uuid-ossp nor pgcrypto is needed.
-- pgvector lives in schema extensions, as on hosted Supabase.
create extension if not exists vector with schema extensions;

create type public.user_role as enum ('owner', 'admin', 'member', 'viewer');
create type public.agent_status as enum ('draft', 'active', 'paused', 'archived');
create type public.message_role as enum ('user', 'assistant', 'system', 'tool');
create type public.memory_type_enum as enum (
    'semantic', 'episodic', 'procedural', 'agent_private',
    'shared', 'identity', 'user_profile'
);
create type public.memory_status as enum ('active', 'superseded', 'archived', 'disputed');
create type public.memory_tier as enum ('hot', 'warm', 'cold');
create type public.memory_source as enum (
    'extraction', 'explicit', 'system', 'feedback', 'consolidation', 'compaction'
);
create type public.conversation_status as enum ('active', 'idle', 'closed');
