-- The document reserves agent_skill for phase 2; a few rows show the intended shape.
insert into public.agent_skill (id, agent_id, skill_name, definition, created_at)
values
    ('31000000-0000-4000-8000-000000000001', '30000000-0000-4000-8000-000000000001',
     'sql_review', '{"description": "Review a SQL migration", "inputs": ["sql"]}',
     '2026-01-10 09:05:00+00'),
    ('31000000-0000-4000-8000-000000000002', '30000000-0000-4000-8000-000000000003',
     'refund_policy', '{"description": "Explain the refund policy", "source": "kb://refunds"}',
     '2026-01-12 09:05:00+00')
on conflict (id) do nothing;
