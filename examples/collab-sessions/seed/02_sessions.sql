-- Sessions in every status. Fixed ids and times: loading twice changes nothing. The counts
-- start at zero; the triggers count the memories and tasks the next seed files add.
insert into public.sessions (id, title, status, created, updated, participants, metadata)
values
    ('mobile_test_001', 'Mobile LLM Test Session', 'active',
     '2025-11-17 09:00:00+00', '2025-11-17 09:00:00+00', '{chatgpt,developer}',
     '{"source": "mobile", "client": "chatgpt"}'),
    ('feature_x_planning', 'Feature X Planning', 'active',
     '2025-11-17 10:00:00+00', '2025-11-17 10:00:00+00', '{claude,developer}',
     '{"project": "feature-x"}'),
    ('code_review_pr_123', 'Code Review - PR #123', 'paused',
     '2025-11-17 11:00:00+00', '2025-11-17 11:00:00+00', '{claude,reviewer}',
     '{"pr": 123, "repository": "ai-webhook"}'),
    ('postgres_migration', 'PostgreSQL Migration Plan', 'completed',
     '2025-11-16 15:00:00+00', '2025-11-16 15:00:00+00', '{claude,developer}',
     '{"estimate_hours": 3}')
on conflict (id) do nothing;
