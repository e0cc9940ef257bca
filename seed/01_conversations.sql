-- Sample conversations of three users. Fixed ids and times: loading twice changes nothing.
insert into public.conversations (id, user_id, title, created_at, updated_at, is_archived)
values
    ('c0000000-0000-4000-8000-000000000001', 'user_ada', 'Pricing page hero section',
     '2026-11-02 09:00:00+00', '2026-11-02 09:00:00+00', false),
    ('c0000000-0000-4000-8000-000000000002', 'user_ada', 'Dark mode settings panel',
     '2026-11-03 14:30:00+00', '2026-11-03 14:30:00+00', false),
    ('c0000000-0000-4000-8000-000000000003', 'user_grace', 'Dashboard KPI cards',
     '2026-11-04 08:15:00+00', '2026-11-04 08:15:00+00', false),
    ('c0000000-0000-4000-8000-000000000004', 'user_grace', 'Old onboarding wizard',
     '2026-10-20 16:00:00+00', '2026-10-20 16:00:00+00', true),
    ('c0000000-0000-4000-8000-000000000005', 'user_linus', 'Login form with validation',
     '2026-11-05 11:45:00+00', '2026-11-05 11:45:00+00', false)
on conflict (id) do nothing;
