-- People of two teams. Fixed ids and times: loading twice changes nothing. The password hashes
-- are well-formed bcrypt strings of no real password.
insert into public."user" (id, email, password_hash, display_name, is_active, created_at, updated_at)
values
    ('10000000-0000-4000-8000-000000000001', 'ada@acme.example',
     '$2b$12$CKlW7rjgaXJfASHulFzbFGwtLJTjPVDuD6HjK.JLwY0I13sBLFdid', 'Ada Lovelace', true,
     '2026-01-05 09:00:00+00', '2026-01-05 09:00:00+00'),
    ('10000000-0000-4000-8000-000000000002', 'grace@globex.example',
     '$2b$12$5H6PqxgYx2HvR1NxNkfBHCnOuJ4bdRiINaNINrYhJw2JpEUsO/Sd4', 'Grace Hopper', true,
     '2026-01-06 10:00:00+00', '2026-01-06 10:00:00+00'),
    ('10000000-0000-4000-8000-000000000003', 'linus@acme.example',
     '$2b$12$tSSJk2y0ymffftrd8DNcnJYx7xC2Y8cAZ2D0z9wccEEDyBZFqNeMm', 'Linus', true,
     '2026-01-07 11:00:00+00', '2026-01-07 11:00:00+00'),
    ('10000000-0000-4000-8000-000000000004', 'margaret@acme.example',
     '$2b$12$Xd9Vj1ytPJ6MZzGPW9hHwdWoGft56XVz.zs/EmWUAexsO62bicm8E', 'Margaret Hamilton', false,
     '2026-01-08 12:00:00+00', '2026-01-08 12:00:00+00')
on conflict (id) do nothing;
