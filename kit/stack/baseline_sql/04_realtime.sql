-- The realtime schema as the Realtime server leaves it (reference §6, §7), and the empty
-- publication projects add their tables to. No Realtime server runs locally: nothing is
-- delivered to clients, and realtime.send() only warns (see README).
create type realtime.equality_op as enum ('eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'in');
create type realtime.action as enum ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'ERROR');
create type realtime.user_defined_filter as (
    column_name text,
    op realtime.equality_op,
    value text
);

create table realtime.schema_migrations (
    version bigint not null primary key,
    inserted_at timestamp(0)
);

-- The Realtime server adds one partition per day (messages_YYYY_MM_DD) and drops old ones.
create table realtime.messages (
    topic text not null,
    extension text not null,
    payload jsonb,
    event text,
    private boolean default false,
    updated_at timestamp not null default now(),
    inserted_at timestamp not null default now(),
    id uuid not null default gen_random_uuid(),
    binary_payload bytea,
    primary key (id, inserted_at)
) partition by range (inserted_at);
create index messages_inserted_at_topic_index on realtime.messages
(inserted_at desc, topic) where (extension = 'broadcast' and private is true);

create function realtime.to_regrole(role_name text) returns regrole
language sql immutable
as $$ select role_name::regrole $$;

create table realtime.subscription (
    id bigint not null generated always as identity primary key,
    subscription_id uuid not null,
    entity regclass not null,
    filters realtime.user_defined_filter[] not null default '{}',
    claims jsonb not null,
    claims_role regrole not null generated always as (realtime.to_regrole(claims ->> 'role'))
    stored,
    created_at timestamp not null default timezone('utc', now()),
    action_filter text default '*'
    check (action_filter in ('*', 'INSERT', 'UPDATE', 'DELETE')),
    selected_columns text[]
);
create index ix_realtime_subscription_entity on realtime.subscription (entity);

create function realtime.topic() returns text
language sql stable
as $$ select nullif(current_setting('realtime.topic', true), '')::text $$;

-- Broadcast from the database: one row per message, read by the Realtime server. A failure
-- (here: no partition, as no Realtime server creates them) is a warning, never an error.
create function realtime.send(payload jsonb, event text, topic text, private boolean default true)
returns void
language plpgsql
as $$
declare
    message jsonb := payload;
begin
    if not message ? 'id' then
        message := message || jsonb_build_object('id', gen_random_uuid());
    end if;
    begin
        perform set_config('realtime.topic', topic, true);
        insert into realtime.messages (payload, event, topic, private, extension)
        values (message, event, topic, private, 'broadcast');
    exception when others then
        raise warning 'realtime.send: message on topic "%" not stored: % (no Realtime server '
            'runs in the kit''s local stack)', topic, sqlerrm;
    end;
end;
$$;

create function realtime.broadcast_changes(
    topic_name text, event_name text, operation text, table_name text, table_schema text,
    new record, old record, level text default 'ROW'
) returns void
language plpgsql
as $$
declare
    row_data jsonb;
    old_data jsonb;
begin
    if level = 'STATEMENT' then
        raise exception 'function can only be triggered for each row, not for each statement';
    end if;
    if operation in ('INSERT', 'UPDATE') then
        row_data := to_jsonb(new);
    end if;
    if operation in ('UPDATE', 'DELETE') then
        old_data := to_jsonb(old);
    end if;
    perform realtime.send(
        jsonb_build_object(
            'old_record', old_data, 'record', row_data, 'operation', operation,
            'table', table_name, 'schema', table_schema
        ),
        event_name, topic_name
    );
end;
$$;

alter table realtime.messages enable row level security;
alter table realtime.subscription enable row level security;
alter table realtime.schema_migrations enable row level security;

select pg_temp.kit_own_schema('realtime', 'supabase_admin');

grant select, insert, update on realtime.messages to postgres, anon, authenticated, service_role;
grant all on realtime.subscription to postgres, dashboard_user;
revoke all on realtime.schema_migrations from postgres, anon, authenticated, service_role;
grant execute on all functions in schema realtime to postgres, anon, authenticated, service_role;

-- Empty, owned by postgres: migrations add their tables (alter publication ... add table).
create publication supabase_realtime;
