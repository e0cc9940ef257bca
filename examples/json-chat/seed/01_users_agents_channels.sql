-- The people, agents and channels the chat data refers to. Fixed ids: loading twice adds nothing.
insert into public.users (id, email, display_name, created_at)
values
    ('10000000-0000-4000-8000-000000000001', 'alice@example.com', 'Alice Martin', '2026-10-01 09:00:00+00'),
    ('10000000-0000-4000-8000-000000000002', 'bob@example.com', 'Bob Okafor', '2026-10-02 10:30:00+00'),
    ('10000000-0000-4000-8000-000000000003', 'chen@example.com', 'Chen Wei', '2026-10-03 08:15:00+00')
on conflict (id) do nothing;

insert into public.agents (id, name, system_instructions, assistant_instructions, personality, created_at)
values
    ('20000000-0000-4000-8000-000000000001', 'Ada',
     'You are the support agent of an online bookshop. Answer from order data; never guess.',
     'Confirm the order number before changing anything.', 'calm, precise, friendly',
     '2026-10-01 08:00:00+00'),
    ('20000000-0000-4000-8000-000000000002', 'Atlas',
     'You are a research assistant. Cite every source you use.',
     'Summarise findings as bullet points with links.', 'curious, thorough',
     '2026-10-01 08:05:00+00'),
    ('20000000-0000-4000-8000-000000000003', 'Quill',
     'You help users draft and polish short texts.',
     'Offer at most two alternatives per request.', 'playful, concise',
     '2026-10-01 08:10:00+00')
on conflict (id) do nothing;

insert into public.channels (id, name, created_at)
values
    ('30000000-0000-4000-8000-000000000001', '#support', '2026-10-01 08:00:00+00'),
    ('30000000-0000-4000-8000-000000000002', '#research', '2026-10-01 08:00:00+00'),
    ('30000000-0000-4000-8000-000000000003', '#writing-desk', '2026-10-01 08:00:00+00')
on conflict (id) do nothing;
