-- Concierge signals of three user messages (linked back from the message), and background
-- queries in every status. completed_at follows status (set here as it was when they finished).
insert into public.preprocessing_log (
    id, message_id, intent, emotion, routing, memory_query, clarity, response_hints, model_selected,
    created_at
)
values
    ('b2000000-0000-4000-8000-000000000001', 'd1000000-0000-4000-8000-000000000001',
     '{"primary": "plan_trip", "confidence": 0.94}', '{"valence": "positive", "arousal": "low"}',
     '{"route": "travel", "tools": ["flight_search"]}', '{"query": "travel preferences Lisbon"}',
     '{"score": 0.8, "missing": ["budget"]}', '{"format": "day_by_day", "length": "medium"}',
     'claude-sonnet-4', '2026-11-14 09:00:06+00'),
    ('b2000000-0000-4000-8000-000000000002', 'd1000000-0000-4000-8000-000000000003',
     '{"primary": "revise_plan", "confidence": 0.97}', '{"valence": "neutral", "arousal": "low"}',
     '{"route": "travel"}', null, '{"score": 0.95}', '{"format": "diff"}',
     'claude-haiku-4', '2026-11-14 09:02:01+00'),
    ('b2000000-0000-4000-8000-000000000003', 'd1000000-0000-4000-8000-000000000005',
     '{"primary": "write_document", "confidence": 0.91}', '{"valence": "neutral", "arousal": "medium"}',
     '{"route": "artifacts", "tools": ["createDocument"]}', '{"query": "previous quarterly reports"}',
     '{"score": 0.9}', '{"format": "document"}',
     'gpt-5', '2026-11-15 13:30:11+00')
on conflict (id) do nothing;

update public."Message_v2" as m
set "preprocessingLogId" = p.id
from public.preprocessing_log as p
where
    p.message_id = m.id
    and m."preprocessingLogId" is null;

insert into public.background_queries (
    id, conversation_id, type, status, input, result, summary_for_llm, created_at, completed_at
)
values
    ('b3000000-0000-4000-8000-000000000001', 'c1000000-0000-4000-8000-000000000001', 'flight_search',
     'completed', '{"from": "BER", "to": "LIS", "month": "2027-03"}',
     '{"cheapest": {"carrier": "TP", "price_eur": 148, "date": "2027-03-06"}}',
     'Cheapest BER-LIS in March: TP, 148 EUR on 6 March.',
     '2026-11-14 09:00:25+00', '2026-11-14 09:01:10+00'),
    ('b3000000-0000-4000-8000-000000000002', 'c1000000-0000-4000-8000-000000000001', 'hotel_search',
     'pending', '{"city": "Lisbon", "nights": 3, "area": "Alfama"}', null, null,
     '2026-11-14 09:02:30+00', null),
    ('b3000000-0000-4000-8000-000000000003', 'c1000000-0000-4000-8000-000000000002', 'web_research',
     'running', '{"question": "industry churn benchmarks 2026"}', null, null,
     '2026-11-15 13:31:00+00', null),
    ('b3000000-0000-4000-8000-000000000004', 'c1000000-0000-4000-8000-000000000003', 'code_execution',
     'failed', '{"language": "rust", "snippet": "collect_then_extend.rs"}',
     '{"error": "sandbox timeout after 30s"}', 'The code run timed out; no output.',
     '2026-11-16 18:11:00+00', '2026-11-16 18:11:31+00')
on conflict (id) do nothing;
