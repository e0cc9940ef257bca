-- History before the "created" rows the trigger wrote: the PostgreSQL 15 fact was superseded
-- by the PostgreSQL 17 one, and Kyra's style note was promoted after feedback.
insert into public.memory_log (
    id, memory_id, action, old_content, new_content, old_importance, new_importance,
    changed_by, reason, created_at
)
values
    ('51000000-0000-4000-8000-000000000001', '50000000-0000-4000-8000-000000000006',
     'superseded', 'The billing service runs on PostgreSQL 15.',
     'The billing service runs on PostgreSQL 15.', 7, 7, 'consolidation',
     'by 50000000-0000-4000-8000-000000000003', '2026-02-01 09:01:00+00'),
    ('51000000-0000-4000-8000-000000000002', '50000000-0000-4000-8000-000000000002',
     'promoted', 'Kyra tends to over-explain SQL; keep answers short.',
     'Kyra tends to over-explain SQL; keep answers short.', 5, 6, 'feedback',
     'rating 4 on message 41000000-0000-4000-8000-000000000007', '2026-01-21 09:00:00+00')
on conflict (id) do nothing;
