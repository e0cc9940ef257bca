-- State histories: Ada has a retired state and a current one; Atlas and Quill one current state
-- each. state_hash is computed by the trigger.
insert into public.agent_states (
    id, agent_id, version, local_state, shared_state, session_state, persistent_state, state_hash,
    modification_count, valid_from, valid_until, is_current, created_at, last_modified
)
values
    ('80000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000001', '1.0.0',
     '{"mood": "neutral", "open_cases":[]}', '{"queue": "support"}', '{}',
     '{"refunds_issued": 0}', '', 0,
     '2026-11-01 08:00:00+00', '2026-11-12 14:01:00+00', false,
     '2026-11-01 08:00:00+00', '2026-11-12 14:01:00+00'),
    ('80000000-0000-4000-8000-000000000002', '20000000-0000-4000-8000-000000000001', '1.0.0',
     '{"mood": "neutral", "open_cases": ["BK-1042"]}', '{"queue": "support"}',
     '{"session": "50000000-0000-4000-8000-000000000002"}', '{"refunds_issued": 1}', '', 1,
     '2026-11-12 14:01:00+00', null, true,
     '2026-11-12 14:01:00+00', '2026-11-12 14:01:00+00'),
    ('80000000-0000-4000-8000-000000000003', '20000000-0000-4000-8000-000000000002', '1.0.0',
     '{"focus": "vector indexes"}', '{}', '{"session": "50000000-0000-4000-8000-000000000003"}',
     '{"sources_cited": 14}', '', 0,
     '2026-11-11 16:00:00+00', null, true,
     '2026-11-11 16:00:00+00', '2026-11-11 16:00:00+00'),
    ('80000000-0000-4000-8000-000000000004', '20000000-0000-4000-8000-000000000003', '1.0.0',
     '{}', '{}', '{}', '{"drafts_written": 3}', '', 0,
     '2026-11-09 11:00:00+00', null, true,
     '2026-11-09 11:00:00+00', '2026-11-09 11:00:00+00')
on conflict (id) do nothing;
