-- Triggers that hold whoever writes: updated_at, conversation counts, the memory audit log and
-- its append-only rule. Helpers live in schema private, which the REST API does not expose.
create schema if not exists private;

create function private.set_updated_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
    -- An update that sets updated_at itself keeps its value.
    if new.updated_at is not distinct from old.updated_at then
        new.updated_at := now();
    end if;
    return new;
end;
$$;

create trigger user_set_updated_at
before update on public."user"
for each row execute function private.set_updated_at();

create trigger team_set_updated_at
before update on public.team
for each row execute function private.set_updated_at();

create trigger agent_set_updated_at
before update on public.agent
for each row execute function private.set_updated_at();

create trigger memory_set_updated_at
before update on public.memory
for each row execute function private.set_updated_at();

-- A new message counts in its conversation and moves last_message_at.
-- SECURITY DEFINER: the agent role inserts messages but may not update the counts.
create function private.count_message() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    update public.conversation
    set message_count = message_count + 1,
        token_count = token_count + coalesce(new.token_count, 0),
        last_message_at = greatest(last_message_at, new.created_at)
    where id = new.conversation_id;
    return null;
end;
$$;

create trigger message_count
after insert on public.message
for each row execute function private.count_message();

-- Every change of a memory writes its memory_log row in the same transaction.
-- SECURITY DEFINER: nobody but this trigger (and service_role) may write the log; the agent
-- role has no INSERT on memory_log, so it cannot forge history.
create function private.log_memory_change() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
    log_action text;
begin
    if tg_op = 'INSERT' then
        insert into public.memory_log (
            memory_id, action, new_content, new_importance, changed_by, reason, created_at
        )
        values (
            new.id, 'created', new.content, new.importance,
            case new.source_type
                when 'explicit' then 'user'
                when 'feedback' then 'feedback'
                when 'consolidation' then 'consolidation'
                when 'compaction' then 'consolidation'
                else 'system'
            end,
            'source: ' || new.source_type::text, new.created_at
        );
        return null;
    end if;
    if tg_op = 'DELETE' then
        insert into public.memory_log (
            memory_id, action, old_content, old_importance, changed_by
        )
        values (old.id, 'deleted', old.content, old.importance, 'system');
        return null;
    end if;
    log_action := case
        when new.status = 'superseded' and old.status <> 'superseded' then 'superseded'
        when new.content is distinct from old.content then 'updated'
        when new.importance > old.importance then 'promoted'
        when new.importance < old.importance then 'demoted'
    end;
    if log_action is not null then
        insert into public.memory_log (
            memory_id, action, old_content, new_content, old_importance, new_importance,
            changed_by, reason
        )
        values (
            new.id, log_action, old.content, new.content, old.importance, new.importance,
            'system', case when log_action = 'superseded' then 'by ' || new.superseded_by::text end
        );
    end if;
    return null;
end;
$$;

create trigger memory_log_change
after insert or update or delete on public.memory
for each row execute function private.log_memory_change();

-- ADR-8: the log is append-only for every role. Grants cannot say so (superusers ignore them)
-- and RLS cannot either (service_role bypasses it), so a statement trigger refuses UPDATE,
-- DELETE and TRUNCATE, whether or not any row matches.
create function private.refuse_memory_log_change() returns trigger
language plpgsql
set search_path = ''
as $$
begin
    raise exception 'memory_log is append-only: % is not allowed', lower(tg_op)
    using errcode = '42501', hint = 'record a correction as a new memory_log row';
end;
$$;

create trigger memory_log_append_only
before update or delete or truncate on public.memory_log
for each statement execute function private.refuse_memory_log_change();

revoke all on function
private.set_updated_at(),
private.count_message(),
private.log_memory_change(),
private.refuse_memory_log_change()
from public;
