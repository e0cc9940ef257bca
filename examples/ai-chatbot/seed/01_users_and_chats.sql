-- Two registered users and one guest (Auth.js's guest-<epoch ms> address, no password), and
-- their chats. The password values are placeholders in bcrypt's shape, not hashes of anything.
insert into public."User" (id, email, password)
values
    ('a0000000-0000-4000-8000-000000000001', 'ada@example.com',
     '$2b$10$SEEDPLACEHOLDERxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx1'),
    ('a0000000-0000-4000-8000-000000000002', 'grace@example.com',
     '$2b$10$SEEDPLACEHOLDERxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx2'),
    ('a0000000-0000-4000-8000-000000000003', 'guest-1763800000000', null)
on conflict (id) do nothing;

insert into public."Chat" (id, "createdAt", title, "userId", visibility, "lastContext")
values
    ('c1000000-0000-4000-8000-000000000001', '2026-11-14 09:00:00+00', 'Three days in Lisbon in March',
     'a0000000-0000-4000-8000-000000000001', 'private',
     '{"inputTokens": 812, "outputTokens": 455, "totalTokens": 1267}'),
    ('c1000000-0000-4000-8000-000000000002', '2026-11-15 13:30:00+00', 'Q3 report summary',
     'a0000000-0000-4000-8000-000000000001', 'public',
     '{"inputTokens": 1540, "outputTokens": 920, "totalTokens": 2460}'),
    ('c1000000-0000-4000-8000-000000000003', '2026-11-16 18:10:00+00', 'Why does the borrow checker complain?',
     'a0000000-0000-4000-8000-000000000002', 'private', null),
    ('c1000000-0000-4000-8000-000000000004', '2026-11-17 07:45:00+00', 'Sourdough starter schedule',
     'a0000000-0000-4000-8000-000000000003', 'private', null)
on conflict (id) do nothing;
