-- Messages keep their conversation's message_count and updated_at current.
-- SECURITY DEFINER: the agent role may insert messages but has no UPDATE on message_count.
create function private.track_message_count() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    if tg_op in ('DELETE', 'UPDATE') then
        update public.conversations
        set message_count = greatest(coalesce(message_count, 0) - 1, 0),
            updated_at = now()
        where id = old.conversation_id;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        update public.conversations
        set message_count = coalesce(message_count, 0) + 1,
            updated_at = greatest(updated_at, coalesce(new.created_at, now()))
        where id = new.conversation_id;
        return new;
    end if;
    return old;
end;
$$;

revoke all on function private.track_message_count() from public;

create trigger messages_track_count_on_insert_delete
after insert or delete on public.messages
for each row execute function private.track_message_count();

create trigger messages_track_count_on_move
after update of conversation_id on public.messages
for each row
when (old.conversation_id is distinct from new.conversation_id)
execute function private.track_message_count();
