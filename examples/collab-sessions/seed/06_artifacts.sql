-- Generated code and documents of the sessions.
insert into public.artifacts (id, session_id, artifact_type, name, content, metadata, created)
values
    (1, 'postgres_migration', 'document', 'MOBILE_LLM_INSTRUCTIONS.md',
     '# Mobile LLM instructions

Create a session, store memories, query them by type and tags.
',
     '{"tier": "full", "chars": 2500}', '2025-11-16 16:00:00+00'),
    (2, 'mobile_test_001', 'json', 'examples/session_create.json',
     '{"type": "collaborative_session_command", "command": "create_session"}',
     '{"phase": 3}', '2025-11-17 09:10:00+00'),
    (3, 'code_review_pr_123', 'code', 'tests/test_retry.py',
     'def test_retry_logs_the_last_error(caplog): ...',
     '{"language": "python"}', '2025-11-17 11:30:00+00')
on conflict (id) do nothing;

select setval(
    pg_get_serial_sequence('public.artifacts', 'id'),
    greatest((select max(id) from public.artifacts), 1)
);
