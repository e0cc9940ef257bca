-- One row of settings per user.
insert into public.user_preferences (
    id, user_id, preferred_style, dark_mode, settings, created_at, updated_at
)
values
    ('f0000000-0000-4000-8000-000000000001', 'user_ada', 'minimal', true,
     '{"framework": "react", "css": "tailwind", "language": "typescript"}',
     '2026-11-01 08:00:00+00', '2026-11-01 08:00:00+00'),
    ('f0000000-0000-4000-8000-000000000002', 'user_grace', 'corporate', false,
     '{"framework": "react", "css": "css-modules", "density": "compact"}',
     '2026-11-01 08:05:00+00', '2026-11-01 08:05:00+00'),
    ('f0000000-0000-4000-8000-000000000003', 'user_linus', 'playful', true,
     '{}', '2026-11-01 08:10:00+00', '2026-11-01 08:10:00+00')
on conflict (id) do nothing;
