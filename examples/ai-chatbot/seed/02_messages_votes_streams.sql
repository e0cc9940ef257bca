-- Messages as AI SDK parts (text, reasoning, tool calls), votes on answers, response streams.
insert into public."Message_v2" (id, "chatId", role, parts, attachments, "createdAt", "contentForLLM")
values
    ('d1000000-0000-4000-8000-000000000001', 'c1000000-0000-4000-8000-000000000001', 'user',
     '[{"type": "text", "text": "Plan three days in Lisbon in March, no car."}]', '[]',
     '2026-11-14 09:00:05+00', null),
    ('d1000000-0000-4000-8000-000000000002', 'c1000000-0000-4000-8000-000000000001', 'assistant',
     '[{"type": "reasoning", "text": "March: mild, some rain; plan indoor options."}, {"type": "text", "text": "Day 1 Alfama and the castle, day 2 Belem, day 3 LX Factory and the riverside."}]',
     '[]', '2026-11-14 09:00:20+00',
     'Itinerary: D1 Alfama+castle, D2 Belem, D3 LX Factory+riverside.'),
    ('d1000000-0000-4000-8000-000000000003', 'c1000000-0000-4000-8000-000000000001', 'user',
     '[{"type": "text", "text": "Swap day 3 for a day trip to Sintra."}]', '[]',
     '2026-11-14 09:02:00+00', null),
    ('d1000000-0000-4000-8000-000000000004', 'c1000000-0000-4000-8000-000000000001', 'assistant',
     '[{"type": "text", "text": "Day 3 is now Sintra: train from Rossio, Pena Palace in the morning, Quinta da Regaleira after lunch."}]',
     '[]', '2026-11-14 09:02:25+00', 'D3 replaced by Sintra day trip (train from Rossio).'),
    ('d1000000-0000-4000-8000-000000000005', 'c1000000-0000-4000-8000-000000000002', 'user',
     '[{"type": "text", "text": "Draft a one-page summary of the attached Q3 numbers."}]',
     '[{"name": "q3-numbers.csv", "url": "https://example.com/files/q3-numbers.csv", "contentType": "text/csv"}]',
     '2026-11-15 13:30:10+00', null),
    ('d1000000-0000-4000-8000-000000000006', 'c1000000-0000-4000-8000-000000000002', 'assistant',
     '[{"type": "text", "text": "I drafted the summary as a document."}, {"type": "tool-createDocument", "toolCallId": "call_q3_1", "state": "output-available", "input": {"title": "Q3 report", "kind": "text"}, "output": {"id": "f1000000-0000-4000-8000-000000000001", "title": "Q3 report", "kind": "text"}}]',
     '[]', '2026-11-15 13:30:40+00', 'Created document "Q3 report" (text).'),
    ('d1000000-0000-4000-8000-000000000007', 'c1000000-0000-4000-8000-000000000003', 'user',
     '[{"type": "text", "text": "Why can''t I push to a Vec while iterating over it?"}]', '[]',
     '2026-11-16 18:10:05+00', null),
    ('d1000000-0000-4000-8000-000000000008', 'c1000000-0000-4000-8000-000000000003', 'assistant',
     '[{"type": "text", "text": "Iterating borrows the Vec immutably; push needs a mutable borrow. Collect first, then extend."}]',
     '[]', '2026-11-16 18:10:30+00', null),
    ('d1000000-0000-4000-8000-000000000009', 'c1000000-0000-4000-8000-000000000004', 'user',
     '[{"type": "text", "text": "How often should I feed a new sourdough starter?"}]', '[]',
     '2026-11-17 07:45:05+00', null),
    ('d1000000-0000-4000-8000-000000000010', 'c1000000-0000-4000-8000-000000000004', 'assistant',
     '[{"type": "text", "text": "Once a day for the first week at room temperature, then twice a day once it doubles reliably."}]',
     '[]', '2026-11-17 07:45:30+00', null)
on conflict (id) do nothing;

insert into public."Vote_v2" ("chatId", "messageId", "isUpvoted")
values
    ('c1000000-0000-4000-8000-000000000001', 'd1000000-0000-4000-8000-000000000002', true),
    ('c1000000-0000-4000-8000-000000000001', 'd1000000-0000-4000-8000-000000000004', false),
    ('c1000000-0000-4000-8000-000000000003', 'd1000000-0000-4000-8000-000000000008', true)
on conflict ("chatId", "messageId") do nothing;

insert into public."Stream" (id, "chatId", "createdAt")
values
    ('e1000000-0000-4000-8000-000000000001', 'c1000000-0000-4000-8000-000000000001', '2026-11-14 09:02:01+00'),
    ('e1000000-0000-4000-8000-000000000002', 'c1000000-0000-4000-8000-000000000002', '2026-11-15 13:30:11+00')
on conflict (id) do nothing;
