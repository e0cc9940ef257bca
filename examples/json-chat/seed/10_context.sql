-- Context templates and the snapshots of two context windows built from them.
insert into public.context_templates (
    id, name, description, segments, variables, total_tokens, use_count, use_cases, agent_types,
    created_at, updated_at
)
values
    ('91000000-0000-4000-8000-000000000001', 'support_default',
     'System prompt, customer profile, open orders, then the recent turns.',
     '[{"name": "system", "max_tokens": 400}, {"name": "profile", "max_tokens": 200}, {"name": "orders", "max_tokens": 300}, {"name": "history", "max_tokens": 2500}]',
     '{"customer_name": "string", "order_ids": "string[]"}', 3400, 2,
     '{support,refunds}', '{support}', '2026-10-01 08:00:00+00', '2026-10-01 08:00:00+00'),
    ('91000000-0000-4000-8000-000000000002', 'research_brief',
     'Question, retrieved sources with citations, running notes.',
     '[{"name": "question", "max_tokens": 200}, {"name": "sources", "max_tokens": 4000}, {"name": "notes", "max_tokens": 800}]',
     '{"question": "string"}', 5000, 1,
     '{research}', '{research,analysis}', '2026-10-01 08:00:00+00', '2026-10-01 08:00:00+00')
on conflict (id) do nothing;

insert into public.context_snapshots (
    id, message_id, agent_id, snapshot_data, total_tokens, compression_ratio, segment_count,
    build_time_ms, optimization_count, created_at
)
values
    ('90000000-0000-4000-8000-000000000001', '60000000-0000-4000-8000-000000000006',
     '20000000-0000-4000-8000-000000000001',
     '{"template": "support_default", "segments": [{"name": "system", "tokens": 380}, {"name": "orders", "tokens": 120}, {"name": "history", "tokens": 640}]}',
     1140, 0.62, 3, 18, 1, '2026-11-12 14:00:59+00'),
    ('90000000-0000-4000-8000-000000000002', '60000000-0000-4000-8000-000000000008',
     '20000000-0000-4000-8000-000000000002',
     '{"template": "research_brief", "segments": [{"name": "question", "tokens": 40}, {"name": "sources", "tokens": 2210}]}',
     2250, 0.48, 2, 35, 2, '2026-11-11 16:01:09+00')
on conflict (id) do nothing;
