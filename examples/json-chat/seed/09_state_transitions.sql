-- How the seeded states came about.
insert into public.state_transitions (
    id, agent_id, from_state_id, to_state_id, transition_type, trigger, changes,
    rollback_available, rollback_data, created_at
)
values
    ('82000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000001', null,
     '80000000-0000-4000-8000-000000000001', 'reset', 'agent_created',
     '{"version": "1.0.0", "local_state": {"mood": "neutral", "open_cases":[]}}', false, null,
     '2026-11-01 08:00:00+00'),
    ('82000000-0000-4000-8000-000000000002', '20000000-0000-4000-8000-000000000001',
     '80000000-0000-4000-8000-000000000001', '80000000-0000-4000-8000-000000000002', 'update',
     'set_agent_state',
     '{"local_state": {"mood": "neutral", "open_cases": ["BK-1042"]}, "persistent_state": {"refunds_issued": 1}}',
     true, '{"local_state": {"mood": "neutral", "open_cases":[]}, "persistent_state": {"refunds_issued": 0}}',
     '2026-11-12 14:01:00+00'),
    ('82000000-0000-4000-8000-000000000003', '20000000-0000-4000-8000-000000000002', null,
     '80000000-0000-4000-8000-000000000003', 'reset', 'agent_created',
     '{"version": "1.0.0", "local_state": {"focus": "vector indexes"}}', false, null,
     '2026-11-11 16:00:00+00'),
    ('82000000-0000-4000-8000-000000000004', '20000000-0000-4000-8000-000000000003', null,
     '80000000-0000-4000-8000-000000000004', 'reset', 'agent_created',
     '{"version": "1.0.0"}', false, null,
     '2026-11-09 11:00:00+00')
on conflict (id) do nothing;
