-- Two users (the sign-up trigger makes their profiles), their todos and tags.
insert into auth.users (id, aud, role, email, raw_user_meta_data, created_at, updated_at) values
(
    'a0000000-0000-4000-8000-00000000000a', 'authenticated', 'authenticated', 'ada@example.com',
    '{"full_name": "Ada Lovelace"}', now(), now()
),
(
    'b0000000-0000-4000-8000-00000000000b', 'authenticated', 'authenticated', 'bob@example.com',
    '{"full_name": "Bob Builder"}', now(), now()
);

update public.profiles set username = 'ada' where id = 'a0000000-0000-4000-8000-00000000000a';
update public.profiles set username = 'bob' where id = 'b0000000-0000-4000-8000-00000000000b';

insert into public.todos (id, user_id, task, is_complete) overriding system value values
(11, 'a0000000-0000-4000-8000-00000000000a', 'Write the report', false),
(12, 'a0000000-0000-4000-8000-00000000000a', 'Book the venue', true),
(13, 'b0000000-0000-4000-8000-00000000000b', 'Bob''s secret plan', false);

insert into public.tags (id, user_id, name) overriding system value values
(21, 'a0000000-0000-4000-8000-00000000000a', 'work'),
(22, 'a0000000-0000-4000-8000-00000000000a', 'home'),
(23, 'b0000000-0000-4000-8000-00000000000b', 'secret');

-- Ids above 1: `kit verify` reads an example equal to its generic stand-in (1) as "none given".
insert into public.todo_tags (todo_id, tag_id) values (11, 21), (13, 23);

select setval(pg_get_serial_sequence('public.todos', 'id'), 100);
select setval(pg_get_serial_sequence('public.tags', 'id'), 100);
