-- Artifacts. "Q3 report" has three versions: same id, increasing createdAt.
insert into public."Document" (
    id, "createdAt", title, content, kind, "userId", "componentTree", "dataBindings", "uiState",
    "summaryForLLM"
)
values
    ('f1000000-0000-4000-8000-000000000001', '2026-11-15 13:30:40+00', 'Q3 report',
     'Revenue grew 8% to 4.1M EUR. Churn fell to 2.3%.', 'text',
     'a0000000-0000-4000-8000-000000000001', null, null, null, 'Q3: revenue +8% (4.1M), churn 2.3%.'),
    ('f1000000-0000-4000-8000-000000000001', '2026-11-15 13:35:00+00', 'Q3 report',
     'Revenue grew 8% to 4.1M EUR, driven by the enterprise plan. Churn fell to 2.3%.', 'text',
     'a0000000-0000-4000-8000-000000000001', null, null, null, 'Q3: revenue +8% (enterprise), churn 2.3%.'),
    ('f1000000-0000-4000-8000-000000000001', '2026-11-15 13:41:00+00', 'Q3 report',
     'Revenue grew 8% to 4.1M EUR, driven by the enterprise plan. Churn fell from 2.9% to 2.3%. Hiring is on plan.',
     'text', 'a0000000-0000-4000-8000-000000000001', null, null, null,
     'Q3: revenue +8% (enterprise), churn 2.9%->2.3%, hiring on plan.'),
    ('f1000000-0000-4000-8000-000000000002', '2026-11-16 18:10:30+00', 'collect_then_extend.rs',
     E'let extra: Vec<i32> = v.iter().map(|x| x * 2).collect();\nv.extend(extra);', 'code',
     'a0000000-0000-4000-8000-000000000002', null, null, null, 'Rust: collect, then extend.'),
    ('f1000000-0000-4000-8000-000000000003', '2026-11-14 09:02:30+00', 'Lisbon itinerary',
     null, 'ag-ui', 'a0000000-0000-4000-8000-000000000001',
     '{"type": "Timeline", "children": [{"type": "Day", "props": {"label": "Day 1", "title": "Alfama"}}, {"type": "Day", "props": {"label": "Day 2", "title": "Belem"}}, {"type": "Day", "props": {"label": "Day 3", "title": "Sintra"}}]}',
     '{"weather": {"source": "forecast", "city": "Lisbon", "refresh": "6h"}}',
     '{"expandedDay": 3}', 'Interactive 3-day Lisbon timeline.'),
    ('f1000000-0000-4000-8000-000000000004', '2026-11-15 13:45:00+00', 'Report pipeline',
     E'flowchart LR\n  csv[Q3 numbers] --> draft[Draft] --> review[Review] --> publish[Publish]',
     'mermaid', 'a0000000-0000-4000-8000-000000000001', null, null, null,
     'Flowchart: numbers, draft, review, publish.')
on conflict (id, "createdAt") do nothing;

insert into public."Suggestion" (
    id, "documentId", "documentCreatedAt", "originalText", "suggestedText", description,
    "isResolved", "userId", "createdAt"
)
values
    ('f2000000-0000-4000-8000-000000000001', 'f1000000-0000-4000-8000-000000000001',
     '2026-11-15 13:35:00+00', 'Churn fell to 2.3%.', 'Churn fell from 2.9% to 2.3%.',
     'Give the previous quarter for comparison.', true,
     'a0000000-0000-4000-8000-000000000001', '2026-11-15 13:36:00+00'),
    ('f2000000-0000-4000-8000-000000000002', 'f1000000-0000-4000-8000-000000000001',
     '2026-11-15 13:41:00+00', 'Hiring is on plan.', 'We hired 12 of the 14 planned engineers.',
     'Be specific.', false,
     'a0000000-0000-4000-8000-000000000001', '2026-11-15 13:42:00+00'),
    ('f2000000-0000-4000-8000-000000000003', 'f1000000-0000-4000-8000-000000000002',
     '2026-11-16 18:10:30+00', 'v.extend(extra);', 'v.extend_from_slice(&extra);',
     'Borrow instead of moving the vector.', false,
     'a0000000-0000-4000-8000-000000000002', '2026-11-16 18:11:00+00')
on conflict (id) do nothing;
