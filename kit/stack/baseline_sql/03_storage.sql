-- The storage schema as Supabase Storage leaves it after its migrations (reference §5): tables,
-- keys, triggers, the helper functions policies call, RLS on with no policies. There is no
-- Storage server locally: rows can be inserted (buckets in migrations and seeds), files cannot be
-- uploaded or served.
create type storage.buckettype as enum ('STANDARD', 'ANALYTICS', 'VECTOR');

create table storage.migrations (
    id integer not null primary key,
    name varchar(100) not null unique,
    hash varchar(40) not null,
    executed_at timestamp default current_timestamp
);

create table storage.buckets (
    id text not null primary key,
    name text not null,
    owner uuid,
    created_at timestamptz default now(),
    updated_at timestamptz default now(),
    public boolean default false,
    avif_autodetection boolean default false,
    file_size_limit bigint,
    allowed_mime_types text[],
    owner_id text,
    type storage.buckettype not null default 'STANDARD',
    versioning_status text not null default 'DISABLED'
    constraint buckets_versioning_status_check
    check (versioning_status in ('DISABLED', 'ENABLED', 'SUSPENDED')),
    constraint buckets_versioning_standard_only
    check (type = 'STANDARD' or versioning_status = 'DISABLED'),
    -- Versioning is not offered yet: Supabase forces it off.
    constraint buckets_versioning_disabled check (versioning_status = 'DISABLED')
);
comment on column storage.buckets.owner is 'Field is deprecated, use owner_id instead';
create unique index bname on storage.buckets (name);

create table storage.objects (
    id uuid not null default gen_random_uuid() primary key,
    bucket_id text constraint "objects_bucketId_fkey" references storage.buckets (id),
    name text,
    owner uuid,
    created_at timestamptz default now(),
    updated_at timestamptz default now(),
    last_accessed_at timestamptz default now(),
    metadata jsonb,
    path_tokens text[] generated always as (string_to_array(name, '/')) stored,
    version text,
    owner_id text,
    user_metadata jsonb,
    archived_at timestamptz,
    is_delete_marker boolean not null default false,
    is_versioned boolean not null default false
);
comment on column storage.objects.owner is 'Field is deprecated, use owner_id instead';
create unique index bucketid_objname on storage.objects (bucket_id, name);
create index name_prefix_search on storage.objects (name text_pattern_ops);
create index idx_objects_bucket_id_name on storage.objects (bucket_id, name collate "C");
create index idx_objects_bucket_id_name_lower on storage.objects
(bucket_id, lower(name) collate "C");

create table storage.s3_multipart_uploads (
    id text not null primary key,
    in_progress_size bigint not null default 0,
    upload_signature text not null,
    bucket_id text not null references storage.buckets (id),
    key text collate "C" not null,
    version text not null,
    owner_id text,
    created_at timestamptz not null default now(),
    user_metadata jsonb,
    metadata jsonb
);
create index idx_multipart_uploads_list on storage.s3_multipart_uploads
(bucket_id, key, created_at);

create table storage.s3_multipart_uploads_parts (
    id uuid not null default gen_random_uuid() primary key,
    upload_id text not null references storage.s3_multipart_uploads (id) on delete cascade,
    size bigint not null default 0,
    part_number integer not null,
    bucket_id text not null references storage.buckets (id),
    key text collate "C" not null,
    etag text not null,
    owner_id text,
    version text not null,
    created_at timestamptz not null default now()
);

create table storage.buckets_analytics (
    name text not null,
    type storage.buckettype not null default 'ANALYTICS',
    format text not null default 'ICEBERG',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    id uuid not null default gen_random_uuid() primary key,
    deleted_at timestamptz
);
create unique index buckets_analytics_unique_name_idx on storage.buckets_analytics (name)
where (deleted_at is null);

create table storage.buckets_vectors (
    id text not null primary key,
    type storage.buckettype not null default 'VECTOR',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

create table storage.vector_indexes (
    id text not null default gen_random_uuid() primary key,
    name text collate "C" not null,
    bucket_id text not null references storage.buckets_vectors (id),
    data_type text not null,
    dimension integer not null,
    distance_metric text not null,
    metadata_configuration jsonb,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create unique index vector_indexes_name_bucket_id_idx on storage.vector_indexes (name, bucket_id);

create table storage.iceberg_namespaces (
    id uuid not null default gen_random_uuid() primary key,
    bucket_name text not null,
    name text collate "C" not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    metadata jsonb not null default '{}',
    catalog_id uuid not null references storage.buckets_analytics (id) on delete cascade
);
create unique index idx_iceberg_namespaces_bucket_id on storage.iceberg_namespaces
(catalog_id, name);

create table storage.iceberg_tables (
    id uuid not null default gen_random_uuid() primary key,
    namespace_id uuid not null references storage.iceberg_namespaces (id) on delete cascade,
    bucket_name text not null,
    name text collate "C" not null,
    location text not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    remote_table_id text,
    shard_key text,
    shard_id text,
    catalog_id uuid not null references storage.buckets_analytics (id) on delete cascade
);
create unique index idx_iceberg_tables_namespace_id on storage.iceberg_tables
(catalog_id, namespace_id, name);

-- Path helpers storage policies call, e.g. (storage.foldername(name))[1] = auth.uid()::text.
create function storage.foldername(name text) returns text[]
language sql immutable
as $$
    -- every segment but the last
    select (string_to_array(name, '/'))[1:cardinality(string_to_array(name, '/')) - 1]
$$;

create function storage.filename(name text) returns text
language sql immutable
as $$
    select (string_to_array(name, '/'))[cardinality(string_to_array(name, '/'))]
$$;

create function storage.extension(name text) returns text
language sql immutable
as $$
    -- what follows the last dot of the last segment
    select reverse(split_part(reverse(storage.filename(name)), '.', 1))
$$;

create function storage.get_size_by_bucket() returns table (size bigint, bucket_id text)
language sql stable
as $$
    select sum((o.metadata ->> 'size')::bigint), o.bucket_id
    from storage.objects o
    group by o.bucket_id
$$;

-- The folder listing the Storage API serves: the entries one level (`levels`) below `prefix`;
-- files carry their row's fields, folders only their name.
create function storage.search(
    prefix text, bucketname text, limits integer default 100, levels integer default 1,
    offsets integer default 0, search text default '', sortcolumn text default 'name',
    sortorder text default 'asc'
) returns table (
    name text, id uuid, updated_at timestamptz, created_at timestamptz,
    last_accessed_at timestamptz, metadata jsonb
)
language plpgsql stable
as $$
declare
    sort_column text := lower(sortcolumn);
    sort_order text := lower(sortorder);
begin
    if sort_column not in ('name', 'updated_at', 'created_at', 'last_accessed_at') then
        sort_column := 'name';
    end if;
    if sort_order not in ('asc', 'desc') then
        sort_order := 'asc';
    end if;
    return query execute format(
        $sql$
        with entries as (
            select o.path_tokens[$3] as name,
                   case when cardinality(o.path_tokens) = $3 then o.id end as id,
                   case when cardinality(o.path_tokens) = $3 then o.updated_at end as updated_at,
                   case when cardinality(o.path_tokens) = $3 then o.created_at end as created_at,
                   case when cardinality(o.path_tokens) = $3 then o.last_accessed_at end
                       as last_accessed_at,
                   case when cardinality(o.path_tokens) = $3 then o.metadata end as metadata
            from storage.objects o
            where o.bucket_id = $2
              and o.name ilike $1 || '%%'
              and cardinality(o.path_tokens) >= $3
              and o.path_tokens[$3] ilike $6 || '%%'
        ), listed as (
            select distinct on (e.name) e.* from entries e order by e.name, e.id nulls last
        )
        select l.* from listed l order by l.%1$I %2$s nulls last, l.name limit $4 offset $5
        $sql$,
        sort_column, sort_order
    ) using prefix, bucketname, levels, limits, offsets, search;
end;
$$;

-- The operation the Storage API runs (set per request by the server); policies may read it.
create function storage.operation() returns text
language sql stable
as $$
    select current_setting('storage.operation', true)
$$;

create function storage.allow_only_operation(expected_operation text) returns boolean
language sql stable
as $$
    select storage.operation() = expected_operation
$$;

create function storage.allow_any_operation(expected_operations text[]) returns boolean
language sql stable
as $$
    select storage.operation() = any(expected_operations)
$$;

-- Whether the caller's policies allow inserting this object: the insert is tried and undone;
-- success is reported as SQLSTATE PT200 'ROLLBACK', as the Storage API expects.
create function storage.can_insert_object(bucketid text, name text, owner uuid, metadata jsonb)
returns void
language plpgsql
as $$
begin
    insert into storage.objects (bucket_id, name, owner, metadata)
    values (bucketid, name, owner, metadata);
    raise sqlstate 'PT200' using message = 'ROLLBACK', detail = 'rollback successful insert';
end;
$$;

create function storage.update_updated_at_column() returns trigger
language plpgsql
as $$
begin
    new.updated_at = now();
    return new;
end;
$$;

create function storage.enforce_bucket_name_length() returns trigger
language plpgsql
as $$
begin
    if length(new.name) > 100 then
        raise exception 'bucket name "%" is too long (% characters): at most 100', new.name,
            length(new.name);
    end if;
    return new;
end;
$$;

-- Deleting rows directly orphans the files they describe: Supabase refuses it unless the
-- transaction says it knows (set local storage.allow_delete_query = 'true').
create function storage.protect_delete() returns trigger
language plpgsql
as $$
begin
    if coalesce(current_setting('storage.allow_delete_query', true), '') <> 'true' then
        raise exception 'Direct deletion from storage tables is not allowed. Use the Storage API '
            'instead.'
            using errcode = '42501',
                hint = 'This keeps stored files from being orphaned. To delete the rows anyway, '
                    'run set local storage.allow_delete_query = ''true'' first.';
    end if;
    return null;
end;
$$;

create trigger update_objects_updated_at before update on storage.objects
for each row execute function storage.update_updated_at_column();
create trigger enforce_bucket_name_length_trigger before insert or update of name
on storage.buckets for each row execute function storage.enforce_bucket_name_length();
create trigger protect_buckets_delete before delete on storage.buckets
for each statement execute function storage.protect_delete();
create trigger protect_objects_delete before delete on storage.objects
for each statement execute function storage.protect_delete();

alter table storage.migrations enable row level security;
alter table storage.buckets enable row level security;
alter table storage.objects enable row level security;
alter table storage.s3_multipart_uploads enable row level security;
alter table storage.s3_multipart_uploads_parts enable row level security;
alter table storage.buckets_analytics enable row level security;
alter table storage.buckets_vectors enable row level security;
alter table storage.vector_indexes enable row level security;
alter table storage.iceberg_namespaces enable row level security;
alter table storage.iceberg_tables enable row level security;

select pg_temp.kit_own_schema('storage', 'supabase_storage_admin');

grant all on storage.buckets, storage.objects, storage.buckets_analytics,
storage.buckets_vectors, storage.vector_indexes
to anon, authenticated, service_role;
grant select on storage.s3_multipart_uploads, storage.s3_multipart_uploads_parts,
storage.iceberg_namespaces, storage.iceberg_tables
to anon, authenticated;
grant all on storage.s3_multipart_uploads, storage.s3_multipart_uploads_parts,
storage.iceberg_namespaces, storage.iceberg_tables
to service_role;
grant all on storage.buckets, storage.objects to postgres with grant option;
grant all on storage.s3_multipart_uploads, storage.s3_multipart_uploads_parts,
storage.buckets_analytics, storage.buckets_vectors, storage.vector_indexes,
storage.iceberg_namespaces, storage.iceberg_tables
to postgres;
grant execute on all functions in schema storage to postgres, anon, authenticated, service_role;
