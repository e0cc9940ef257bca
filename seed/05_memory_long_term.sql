-- Memories of every type; some carry an embedding. The 1536-dimension vectors are made from a
-- fixed formula, so every load yields the same values.
insert into public.memory_long_term (
    id, user_id, memory_type, content, embedding, relevance_score,
    source_conversation_id, created_at, last_accessed
)
values
    ('b0000000-0000-4000-8000-000000000001', 'user_ada', 'preference',
     'Prefers minimal design with generous whitespace.',
     (select array_agg(sin(g * 0.01 + 1.0))::real[]::extensions.vector from generate_series(1, 1536) as g),
     0.95, 'c0000000-0000-4000-8000-000000000001',
     '2026-11-02 09:05:00+00', '2026-11-02 09:05:00+00'),
    ('b0000000-0000-4000-8000-000000000002', 'user_ada', 'correction',
     'Do not use inline styles; use Tailwind classes instead.',
     (select array_agg(sin(g * 0.01 + 2.0))::real[]::extensions.vector from generate_series(1, 1536) as g),
     0.9, 'c0000000-0000-4000-8000-000000000001',
     '2026-11-02 09:02:30+00', '2026-11-02 09:02:30+00'),
    ('b0000000-0000-4000-8000-000000000003', 'user_ada', 'pattern',
     'Often asks for dark mode variants of settings screens.',
     (select array_agg(cos(g * 0.01 + 1.0))::real[]::extensions.vector from generate_series(1, 1536) as g),
     0.8, 'c0000000-0000-4000-8000-000000000002',
     '2026-11-03 14:35:00+00', '2026-11-03 14:35:00+00'),
    ('b0000000-0000-4000-8000-000000000004', 'user_ada', 'summary',
     'Built a pricing hero section and a dark mode settings panel in React.',
     null, 0.6, 'c0000000-0000-4000-8000-000000000002',
     '2026-11-03 15:00:00+00', '2026-11-03 15:00:00+00'),
    ('b0000000-0000-4000-8000-000000000005', 'user_grace', 'pattern',
     'Asks for dashboards with KPI cards in a responsive grid.',
     (select array_agg(cos(g * 0.02 + 0.5))::real[]::extensions.vector from generate_series(1, 1536) as g),
     0.85, 'c0000000-0000-4000-8000-000000000003',
     '2026-11-04 08:20:00+00', '2026-11-04 08:20:00+00'),
    ('b0000000-0000-4000-8000-000000000006', 'user_grace', 'preference',
     'Prefers a corporate look with compact density.',
     null, 0.7, null,
     '2026-11-04 08:21:00+00', '2026-11-04 08:21:00+00'),
    ('b0000000-0000-4000-8000-000000000007', 'user_linus', 'correction',
     'Email fields must be validated before the form is submitted.',
     null, 0.75, 'c0000000-0000-4000-8000-000000000005',
     '2026-11-05 11:50:00+00', '2026-11-05 11:50:00+00'),
    ('b0000000-0000-4000-8000-000000000008', 'user_linus', 'summary',
     'Built a login form with client-side email validation.',
     null, 0.5, 'c0000000-0000-4000-8000-000000000005',
     '2026-11-05 12:00:00+00', '2026-11-05 12:00:00+00')
on conflict (id) do nothing;
