-- Triggers. Helpers live in schema private, which the REST API does not expose.
create schema if not exists private;

create function private.set_updated_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
    if new.updated_at is not distinct from old.updated_at then
        new.updated_at := now();
    end if;
    return new;
end;
$$;

revoke all on function private.set_updated_at() from public;

create trigger knowledge_documents_set_updated_at
before update on public.knowledge_documents
for each row execute function private.set_updated_at();

-- completed_at follows status: set when a query finishes, cleared if it is re-queued.
create function private.set_completed_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
    if new.status in ('completed', 'failed') then
        new.completed_at := coalesce(new.completed_at, now());
    else
        new.completed_at := null;
    end if;
    return new;
end;
$$;

revoke all on function private.set_completed_at() from public;

create trigger background_queries_set_completed_at
before insert or update of status on public.background_queries
for each row execute function private.set_completed_at();
