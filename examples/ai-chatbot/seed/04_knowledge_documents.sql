-- Knowledge base documents at dot-separated paths (ltree label syntax).
insert into public.knowledge_documents (
    id, user_id, path, name, content, source_type, source_id, tags, created_at, updated_at
)
values
    ('b1000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001',
     'travel.lisbon.itinerary', 'Lisbon itinerary',
     'Day 1 Alfama and Sao Jorge castle. Day 2 Belem tower and pasteis. Day 3 Sintra by train from Rossio.',
     'conversation_extraction', 'c1000000-0000-4000-8000-000000000001', '{travel,lisbon}',
     '2026-11-14 09:05:00+00', '2026-11-14 09:05:00+00'),
    ('b1000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000001',
     'travel.lisbon.restaurants', 'Where to eat in Lisbon',
     'Seafood in Cais do Sodre; custard tarts in Belem; book dinner in Alfama ahead for fado.',
     'note', null, '{travel,lisbon,food}',
     '2026-11-14 10:00:00+00', '2026-11-14 10:00:00+00'),
    ('b1000000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-000000000001',
     'work.reports.q3_summary', 'Q3 report summary',
     'Revenue grew 8 percent to 4.1M EUR, driven by the enterprise plan. Churn fell from 2.9 to 2.3 percent.',
     'conversation_extraction', 'c1000000-0000-4000-8000-000000000002', '{work,reports,finance}',
     '2026-11-15 13:45:00+00', '2026-11-15 13:45:00+00'),
    ('b1000000-0000-4000-8000-000000000004', 'a0000000-0000-4000-8000-000000000001',
     'work.reports.q2_summary', 'Q2 report summary',
     'Revenue grew 5 percent to 3.8M EUR. Churn was 2.9 percent. Two enterprise deals slipped to Q3.',
     'uploaded_pdf', 'b9000000-0000-4000-8000-000000000001', '{work,reports,finance}',
     '2026-08-10 08:00:00+00', '2026-08-10 08:00:00+00'),
    ('b1000000-0000-4000-8000-000000000005', 'a0000000-0000-4000-8000-000000000001',
     'work_notes.standup', 'Standup notes',
     'Revenue dashboard is late; enterprise onboarding needs a second engineer.',
     'note', null, '{work}',
     '2026-11-18 09:15:00+00', '2026-11-18 09:15:00+00'),
    ('b1000000-0000-4000-8000-000000000006', 'a0000000-0000-4000-8000-000000000002',
     'programming.rust.borrowing', 'Borrowing rules',
     'Many shared borrows or one mutable borrow, never both. Iterating a Vec borrows it; collect before you push.',
     'conversation_extraction', 'c1000000-0000-4000-8000-000000000003', '{rust,programming}',
     '2026-11-16 18:15:00+00', '2026-11-16 18:15:00+00')
on conflict (id) do nothing;
