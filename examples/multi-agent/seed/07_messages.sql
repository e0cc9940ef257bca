-- Messages of every role, one with tool calls and one with feedback.
insert into public.message (
    id, conversation_id, role, content, tool_calls, token_count, feedback_rating,
    feedback_comment, created_at
)
values
    ('41000000-0000-4000-8000-000000000001', '40000000-0000-4000-8000-000000000001', 'system',
     'You are Kyra. Memory: Ada prefers British English.', null, 12, null, null,
     '2026-02-01 09:00:00+00'),
    ('41000000-0000-4000-8000-000000000002', '40000000-0000-4000-8000-000000000001', 'user',
     'Which PostgreSQL version does the billing service run on?', null, 11, null, null,
     '2026-02-01 09:00:05+00'),
    ('41000000-0000-4000-8000-000000000003', '40000000-0000-4000-8000-000000000001', 'assistant',
     'Let me check the service registry.',
     '[{"id": "call_1", "type": "function", "function": {"name": "web_search", "arguments": "{\"q\": \"billing postgres version\"}"}}]',
     9, null, null, '2026-02-01 09:00:07+00'),
    ('41000000-0000-4000-8000-000000000004', '40000000-0000-4000-8000-000000000001', 'tool',
     '{"service": "billing", "postgres": "17.2"}', null, 10, null, null,
     '2026-02-01 09:00:09+00'),
    ('41000000-0000-4000-8000-000000000005', '40000000-0000-4000-8000-000000000001', 'assistant',
     'The billing service runs on PostgreSQL 17 (17.2), upgraded from 15 last month.', null, 18,
     5, 'Exactly what I needed', '2026-02-01 09:00:12+00'),
    ('41000000-0000-4000-8000-000000000006', '40000000-0000-4000-8000-000000000002', 'user',
     'Where do I find the deploy checklist?', null, 8, null, null,
     '2026-01-20 14:00:10+00'),
    ('41000000-0000-4000-8000-000000000007', '40000000-0000-4000-8000-000000000002', 'assistant',
     'In the handbook under Operations; deploys need two approvals from admins.', null, 16,
     4, null, '2026-01-20 14:00:20+00'),
    ('41000000-0000-4000-8000-000000000008', '40000000-0000-4000-8000-000000000003', 'user',
     'I would like a refund for order 1042.', null, 9, null, null,
     '2026-02-03 16:00:05+00'),
    ('41000000-0000-4000-8000-000000000009', '40000000-0000-4000-8000-000000000003', 'assistant',
     'I am sorry about that. Orders within 30 days are refunded in full; I have opened a ticket.',
     null, 21, null, null, '2026-02-03 16:00:15+00')
on conflict (id) do nothing;
