-- Conversations in every status. message_count, token_count and last_message_at start empty;
-- the message trigger fills them as 07_messages.sql loads.
insert into public.conversation (id, agent_id, user_id, team_id, title, status, created_at)
values
    ('40000000-0000-4000-8000-000000000001', '30000000-0000-4000-8000-000000000001',
     '10000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000001',
     'Billing database upgrade', 'active', '2026-02-01 09:00:00+00'),
    ('40000000-0000-4000-8000-000000000002', '30000000-0000-4000-8000-000000000001',
     '10000000-0000-4000-8000-000000000003', '20000000-0000-4000-8000-000000000001',
     'Onboarding questions', 'closed', '2026-01-20 14:00:00+00'),
    ('40000000-0000-4000-8000-000000000003', '30000000-0000-4000-8000-000000000003',
     '10000000-0000-4000-8000-000000000002', '20000000-0000-4000-8000-000000000002',
     'Refund for order 1042', 'idle', '2026-02-03 16:00:00+00')
on conflict (id) do nothing;
