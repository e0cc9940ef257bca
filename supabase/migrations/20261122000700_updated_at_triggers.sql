-- Keep updated_at current on every update. Helpers live in schema private, which the REST API
-- does not expose.
create schema if not exists private;

create function private.set_updated_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
    -- An update that sets updated_at itself (the message trigger does) keeps its value.
    if new.updated_at is not distinct from old.updated_at then
        new.updated_at := now();
    end if;
    return new;
end;
$$;

revoke all on function private.set_updated_at() from public;

create trigger conversations_set_updated_at
before update on public.conversations
for each row execute function private.set_updated_at();

create trigger user_preferences_set_updated_at
before update on public.user_preferences
for each row execute function private.set_updated_at();
