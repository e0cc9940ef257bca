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
(1, 'a0000000-0000-4000-8000-00000000000a', 'Write the report', false),
(2, 'a0000000-0000-4000-8000-00000000000a', 'Book the venue', true),
(3, 'b0000000-0000-4000-8000-00000000000b', 'Bob''s secret plan', false);

insert into public.tags (id, user_id, name) overriding system value values
(1, 'a0000000-0000-4000-8000-00000000000a', 'work'),
(2, 'a0000000-0000-4000-8000-00000000000a', 'home'),
(3, 'b0000000-0000-4000-8000-00000000000b', 'secret');

insert into public.todo_tags (todo_id, tag_id) values (1, 1), (3, 3);

select setval(pg_get_serial_sequence('public.todos', 'id'), 100);
select setval(pg_get_serial_sequence('public.tags', 'id'), 100);
