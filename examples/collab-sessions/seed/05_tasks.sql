-- Tasks delegated to background agents, in several states.
insert into public.tasks (
    id, session_id, assigned_agent, status, input_data, output_data, created, started, completed
)
values
    ('task_summarize_review', 'code_review_pr_123', 'conversation_processor', 'completed',
     '{"action": "summarize", "chunks": [1, 2]}',
     '{"summary": "Retry path needs logging and a test; pooling approved."}',
     '2025-11-17 11:19:00+00', '2025-11-17 11:19:05+00', '2025-11-17 11:19:40+00'),
    ('task_extract_actions', 'code_review_pr_123', 'conversation_processor', 'running',
     '{"action": "extract_action_items"}', null,
     '2025-11-17 11:21:00+00', '2025-11-17 11:21:02+00', null),
    ('task_consolidate_planning', 'feature_x_planning', 'memory_keeper', 'pending',
     '{"action": "consolidate", "types": ["decision", "question"]}', null,
     '2025-11-17 10:20:00+00', null, null),
    ('task_backfill_memories', 'postgres_migration', 'memory_keeper', 'failed',
     '{"action": "backfill", "from": "sqlite"}', '{"error": "sqlite file not found"}',
     '2025-11-16 15:40:00+00', '2025-11-16 15:40:01+00', '2025-11-16 15:40:03+00')
on conflict (id) do nothing;
