-- Memories of every type, from the document's test scenarios. Ids are fixed; the identity
-- sequence is moved past them so that new memories get fresh ids.
insert into public.memories (id, session_id, type, key, content, tags, created, updated)
values
    (1, 'mobile_test_001', 'idea', 'feature_carbon_tracking',
     '{"title": "Add carbon emissions tracking", "description": "Track CO2 emissions for all API calls", "priority": "medium"}',
     '{sustainability,feature,api}', '2025-11-17 09:05:00+00', '2025-11-17 09:05:00+00'),
    (2, 'mobile_test_001', 'decision', 'use_opentelemetry',
     '{"decision": "Use OpenTelemetry for observability", "rationale": "Industry standard with good LLM integration", "alternatives_considered": ["Datadog", "Custom solution"]}',
     '{architecture,observability}', '2025-11-17 09:07:00+00', '2025-11-17 09:07:00+00'),
    (3, 'feature_x_planning', 'idea', 'add_user_authentication',
     '{"title": "Add user authentication", "priority": "high"}',
     '{feature,security}', '2025-11-17 10:05:00+00', '2025-11-17 10:05:00+00'),
    (4, 'feature_x_planning', 'decision', 'use_jwt_tokens',
     '{"decision": "Use JWT tokens", "rationale": "Stateless and supported by the relay"}',
     '{architecture,security}', '2025-11-17 10:10:00+00', '2025-11-17 10:10:00+00'),
    (5, 'feature_x_planning', 'question', 'which_oauth_provider',
     '{"question": "Which OAuth provider?", "options": ["GitHub", "Google", "Auth0"]}',
     '{security,open}', '2025-11-17 10:12:00+00', '2025-11-17 10:12:00+00'),
    (6, 'feature_x_planning', 'risk', 'token_leak_in_logs',
     '{"risk": "Tokens could leak into request logs", "mitigation": "Mask Authorization headers"}',
     '{security,logging}', '2025-11-17 10:15:00+00', '2025-11-17 10:15:00+00'),
    (7, 'code_review_pr_123', 'action_item', 'add_retry_tests',
     '{"action": "Add tests for the retry path", "owner": "developer", "due": "2025-11-20"}',
     '{testing,review}', '2025-11-17 11:20:00+00', '2025-11-17 11:20:00+00'),
    (8, 'code_review_pr_123', 'context', 'git_status_output',
     '{"command": "git status --short", "output": " M client/client.py\n?? examples/batch_session_setup.json"}',
     '{git,review}', '2025-11-17 11:22:00+00', '2025-11-17 11:22:00+00'),
    (9, 'code_review_pr_123', 'preference', 'review_style',
     '{"preference": "Comment on behaviour before style", "strength": "strong"}',
     '{review}', '2025-11-17 11:25:00+00', '2025-11-17 11:25:00+00'),
    (10, 'postgres_migration', 'fact', 'postgres_port',
     '{"fact": "PostgreSQL listens on port 5433 in docker compose"}',
     '{infrastructure,postgres}', '2025-11-16 15:10:00+00', '2025-11-16 15:10:00+00'),
    (11, 'postgres_migration', 'decision', 'switch_storage_backend',
     '{"decision": "Set STORAGE_BACKEND=postgres", "rollback": "Set it back to sqlite"}',
     '{infrastructure,postgres}', '2025-11-16 15:30:00+00', '2025-11-16 15:30:00+00')
on conflict (id) do nothing;

select setval(
    pg_get_serial_sequence('public.memories', 'id'),
    greatest((select max(id) from public.memories), 1)
);
